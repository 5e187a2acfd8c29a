using Xunit.Abstractions;

// The contract suite on the SQLite journal: one line per contract class. A new backend copies this file with its own backend.
namespace Automations.Compiled.Hosting.Tests.Contract
{
    public sealed class SqliteStartRun : StartRunContract<SqliteBackend>;

    public sealed class SqliteListing : ListingContract<SqliteBackend>;

    public sealed class SqliteOutbox : OutboxContract<SqliteBackend>;

    public sealed class SqliteRunLeg : RunLegContract<SqliteBackend>;

    public sealed class SqliteSuspendedRun : SuspendedRunContract<SqliteBackend>;

    public sealed class SqliteWake : WakeContract<SqliteBackend>;

    public sealed class SqliteStatusTransition : StatusTransitionContract<SqliteBackend>;

    public sealed class SqliteOperator : OperatorContract<SqliteBackend>;

    public sealed class SqliteSafeguard : SafeguardContract<SqliteBackend>;

    public sealed class SqliteScheduleStore : ScheduleStoreContract<SqliteBackend>;

    public sealed class SqliteRunInfoRead : RunInfoReadContract<SqliteBackend>;

    public sealed class SqliteDurability : DurabilityContract<SqliteBackend>;

    public sealed class SqlitePooledWrites : PooledWritesContract<SqliteBackend>;

    public sealed class SqliteGroupCommit(ITestOutputHelper output) : GroupCommitContract<SqliteBackend>(output);

    public sealed class SqliteGeneratedFlow : GeneratedFlowContract<SqliteBackend>;

    public sealed class SqliteEntityJournal : EntityJournalContract<SqliteBackend>;

    public sealed class SqliteHttpApiJournal : HttpApiJournalContract<SqliteBackend>;

    public sealed class SqliteRedactionScan : RedactionScanContract<SqliteBackend>;

    public sealed class SqliteJournalFile : JournalFileContract<SqliteBackend>;

    public sealed class SqliteHostedRun : HostedRunContract<SqliteBackend>;

    public sealed class SqliteLifecycleHost : LifecycleHostContract<SqliteBackend>;

    public sealed class SqliteCrash(ITestOutputHelper output) : CrashContract<SqliteBackend>(output);
}
