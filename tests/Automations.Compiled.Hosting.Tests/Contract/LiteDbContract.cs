using Xunit.Abstractions;

// The contract suite on the LiteDB journal: one line per contract class, as SqliteContract.cs.
namespace Automations.Compiled.Hosting.Tests.Contract
{
    public sealed class LiteDbStartRun : StartRunContract<LiteDbBackend>;

    public sealed class LiteDbListing : ListingContract<LiteDbBackend>;

    public sealed class LiteDbOutbox : OutboxContract<LiteDbBackend>;

    public sealed class LiteDbRunLeg : RunLegContract<LiteDbBackend>;

    public sealed class LiteDbSuspendedRun : SuspendedRunContract<LiteDbBackend>;

    public sealed class LiteDbWake : WakeContract<LiteDbBackend>;

    public sealed class LiteDbStatusTransition : StatusTransitionContract<LiteDbBackend>;

    public sealed class LiteDbOperator : OperatorContract<LiteDbBackend>;

    public sealed class LiteDbSafeguard : SafeguardContract<LiteDbBackend>;

    public sealed class LiteDbScheduleStore : ScheduleStoreContract<LiteDbBackend>;

    public sealed class LiteDbRunInfoRead : RunInfoReadContract<LiteDbBackend>;

    public sealed class LiteDbDurability : DurabilityContract<LiteDbBackend>;

    public sealed class LiteDbPooledWrites : PooledWritesContract<LiteDbBackend>;

    public sealed class LiteDbGroupCommit(ITestOutputHelper output) : GroupCommitContract<LiteDbBackend>(output);

    public sealed class LiteDbGeneratedFlow : GeneratedFlowContract<LiteDbBackend>;

    public sealed class LiteDbEntityJournal : EntityJournalContract<LiteDbBackend>;

    public sealed class LiteDbHttpApiJournal : HttpApiJournalContract<LiteDbBackend>;

    public sealed class LiteDbRedactionScan : RedactionScanContract<LiteDbBackend>;

    public sealed class LiteDbJournalFile : JournalFileContract<LiteDbBackend>;

    public sealed class LiteDbHostedRun : HostedRunContract<LiteDbBackend>;

    public sealed class LiteDbLifecycleHost : LifecycleHostContract<LiteDbBackend>;

    public sealed class LiteDbCrash(ITestOutputHelper output) : CrashContract<LiteDbBackend>(output);
}
