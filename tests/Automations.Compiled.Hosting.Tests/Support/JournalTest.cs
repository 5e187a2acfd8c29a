using System;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Sqlite;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Support
{
    /// <summary>
    /// A test on a real journal file in a temp folder, with flow <c>orders</c> v1 registered and a clock the test moves.
    /// </summary>
    public abstract class JournalTest : IAsyncLifetime
    {
        internal const string Flow = "orders";

        internal TempFolder Folder { get; } = new();

        internal ManualClock Clock { get; } = ManualClock.AtNoon();

        internal SqliteRunJournal Journal { get; private set; } = null!;

        internal string DatabasePath => Folder.File("automations.db");

        internal SqliteJournalOptions Options(SqliteSynchronous synchronous = SqliteSynchronous.Full)
            => new() { Path = DatabasePath, TimeProvider = Clock, Synchronous = synchronous };

        public virtual async Task InitializeAsync()
        {
            Journal = await SqliteRunJournal.OpenAsync(Options());
            await Journal.RegisterFlowVersionAsync(new FlowVersionRecord(Flow, 1, "hash-1", "Order processing"));
        }

        public virtual async Task DisposeAsync()
        {
            await Journal.DisposeAsync();
            Folder.Dispose();
        }

        /// <summary>Closes the journal and opens the same file again, as a restarted process would.</summary>
        internal async Task ReopenAsync()
        {
            await Journal.DisposeAsync();
            Journal = await SqliteRunJournal.OpenAsync(Options());
        }

        internal async Task<Guid> StartAsync(string? key = null, string flow = Flow)
            => (await Journal.StartRunAsync(new NewRun { FlowId = flow, FlowVersion = 1, IdempotencyKey = key, Payload = "{}"u8.ToArray() })).RunId;

        internal async Task<FlowStatus> StatusAsync(Guid runId) => (await Journal.GetRunAsync(runId))!.Run.Status;

        internal static FlowSnapshot Snapshot(Guid runId, WaitSpec wait, string state = """{"$pc":3}""", string stepId = "wait")
            => new(Flow, 1, runId, "4bf92f3577b34da6a3ce929d0e0e4736", stepId, wait, System.Text.Encoding.UTF8.GetBytes(state));
    }
}
