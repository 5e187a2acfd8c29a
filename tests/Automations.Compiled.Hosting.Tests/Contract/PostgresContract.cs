using Xunit.Abstractions;

// The contract suite on the PostgreSQL journal: one line per contract class, as SqliteContract.cs. JournalFileContract is left
// out: it is about files (random bytes, a text file); PostgresJournalTests check a database that is not ours instead.
namespace Automations.Compiled.Hosting.Tests.Contract
{
    public sealed class PostgresStartRun : StartRunContract<PostgresBackend>;

    public sealed class PostgresListing : ListingContract<PostgresBackend>;

    public sealed class PostgresOutbox : OutboxContract<PostgresBackend>;

    public sealed class PostgresRunLeg : RunLegContract<PostgresBackend>;

    public sealed class PostgresSuspendedRun : SuspendedRunContract<PostgresBackend>;

    public sealed class PostgresWake : WakeContract<PostgresBackend>;

    public sealed class PostgresStatusTransition : StatusTransitionContract<PostgresBackend>;

    public sealed class PostgresOperator : OperatorContract<PostgresBackend>;

    public sealed class PostgresSafeguard : SafeguardContract<PostgresBackend>;

    public sealed class PostgresScheduleStore : ScheduleStoreContract<PostgresBackend>;

    public sealed class PostgresRunInfoRead : RunInfoReadContract<PostgresBackend>;

    public sealed class PostgresDurability : DurabilityContract<PostgresBackend>;

    public sealed class PostgresPooledWrites : PooledWritesContract<PostgresBackend>;

    public sealed class PostgresGroupCommit(ITestOutputHelper output) : GroupCommitContract<PostgresBackend>(output);

    public sealed class PostgresGeneratedFlow : GeneratedFlowContract<PostgresBackend>;

    public sealed class PostgresEntityJournal : EntityJournalContract<PostgresBackend>;

    public sealed class PostgresHttpApiJournal : HttpApiJournalContract<PostgresBackend>;

    public sealed class PostgresRedactionScan : RedactionScanContract<PostgresBackend>;

    public sealed class PostgresHostedRun : HostedRunContract<PostgresBackend>;

    public sealed class PostgresLifecycleHost : LifecycleHostContract<PostgresBackend>;

    public sealed class PostgresCrash(ITestOutputHelper output) : CrashContract<PostgresBackend>(output);
}
