using System;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Contract;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Support
{
    /// <summary>
    /// A test on a real journal file of <typeparamref name="TBackend"/> in a temp folder, with flow <c>orders</c> v1
    /// registered and a clock the test moves.
    /// </summary>
    public abstract class JournalTest<TBackend> : IAsyncLifetime
        where TBackend : IJournalBackend, new()
    {
        internal const string Flow = "orders";

        /// <summary>The worker of a test's leased items.</summary>
        internal const string Owner = "worker-a";

        /// <summary>The lease a test's workers take.</summary>
        internal static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

        internal TBackend Backend { get; } = new();

        internal TempFolder Folder { get; } = new();

        internal ManualClock Clock { get; } = ManualClock.AtNoon();

        internal IRunJournal Journal { get; private set; } = null!;

        internal string JournalPath => Folder.File(Backend.FileName);

        public virtual async Task InitializeAsync()
        {
            Journal = await Backend.OpenAsync(JournalPath, Clock);
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
            Journal = await Backend.OpenAsync(JournalPath, Clock);
        }

        internal async Task<Guid> StartAsync(string? key = null, string flow = Flow)
            => (await Journal.StartRunAsync(new NewRun { FlowId = flow, FlowVersion = 1, IdempotencyKey = key, Payload = "{}"u8.ToArray() })).RunId;

        internal async Task<FlowStatus> StatusAsync(Guid runId) => (await Journal.GetRunAsync(runId))!.Run.Status;

        /// <summary>A checkpoint snapshot (<see cref="WaitKind.None"/>) taken before <paramref name="stepId"/>.</summary>
        internal static FlowSnapshot Checkpoint(Guid runId, string state = """{"$pc":5}""", string stepId = "charge")
            => Snapshot(runId, WaitSpec.Restore(WaitKind.None, null, null, null, null), state, stepId);

        /// <summary>One succeeded step try of a run.</summary>
        internal StepEntry StepTry(Guid runId, string stepId, int attempt = 1)
            => new(runId, stepId, attempt, StepStatus.Succeeded, Endpoints.Success, Clock.GetUtcNow(), Clock.GetUtcNow());

        /// <summary>Starts a run and has <paramref name="owner"/> claim its start item, as a worker of another host does (the run stays Pending until its first commit).</summary>
        internal async Task<(Guid RunId, long ItemId)> StartLeasedAsync(string owner, TimeSpan lease)
        {
            var runId = await StartAsync();
            var item = (await Journal.ClaimOutboxAsync(owner, 100, lease)).Single(i => i.RunId == runId);
            return (runId, item.Id);
        }

        /// <summary>How many records <paramref name="table"/> holds, all or those of one run (no read API counts them).</summary>
        internal Task<long> CountAsync(JournalTable table, Guid? runId = null) => Backend.CountAsync(Journal, JournalPath, table, runId);

        /// <summary>The operator request kept for a run, which no read API shows; null when none is pending.</summary>
        internal Task<string?> RunControlAsync(Guid runId) => Backend.RunControlAsync(Journal, JournalPath, runId);

        internal static FlowSnapshot Snapshot(Guid runId, WaitSpec wait, string state = """{"$pc":3}""", string stepId = "wait")
            => new(Flow, 1, runId, "4bf92f3577b34da6a3ce929d0e0e4736", stepId, wait, System.Text.Encoding.UTF8.GetBytes(state));
    }
}
