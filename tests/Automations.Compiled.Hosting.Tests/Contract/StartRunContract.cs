using System;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>SPEC §5: a start writes the run and the intent to run together; an idempotency key makes a repeat a no-op.</summary>
    public abstract class StartRunContract<TBackend> : JournalTest<TBackend>
        where TBackend : IJournalBackend, new()
    {
        [Fact]
        public async Task A_start_writes_a_pending_run_with_its_payload_and_one_outbox_item()
        {
            var start = await Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, TriggerKind = "webhook", Payload = """{"order":"A-1"}"""u8.ToArray() });

            Assert.True(start.Created);
            var run = (await Journal.GetRunAsync(start.RunId))!;
            Assert.Equal(FlowStatus.Pending, run.Run.Status);
            Assert.Equal(Flow, run.Run.FlowId);
            Assert.Equal(1, run.Run.FlowVersion);
            Assert.Equal("webhook", run.Run.TriggerKind);
            Assert.Equal("""{"order":"A-1"}"""u8.ToArray(), run.Payload.ToArray());
            Assert.Matches("^[0-9a-f]{32}$", run.Run.TraceId);
            Assert.Equal(Clock.GetUtcNow(), run.Run.CreatedAt);
            Assert.Empty(run.Steps);

            var item = Assert.Single(await Journal.ClaimOutboxAsync("worker-a", 10, TimeSpan.FromMinutes(1)));
            Assert.Equal(start.RunId, item.RunId);
            Assert.Equal(OutboxKind.Start, item.Kind);

            var stats = Assert.Single(await Journal.ListFlowsAsync());
            Assert.Equal(new FlowStats(Flow, 1, Clock.GetUtcNow()), stats);
        }

        [Fact]
        public async Task A_start_keeps_the_given_run_id_trace_id_and_parent()
        {
            var parent = await StartAsync();
            var runId = Guid.NewGuid();

            await Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, RunId = runId, TraceId = "0af7651916cd43dd8448eb211c80319c", ParentRunId = parent });

            var run = (await Journal.GetRunAsync(runId))!.Run;
            Assert.Equal("0af7651916cd43dd8448eb211c80319c", run.TraceId);
            Assert.Equal(parent, run.ParentRunId);
        }

        [Fact]
        public async Task Starting_again_with_the_same_key_returns_the_first_run_and_writes_nothing()
        {
            var first = await Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, IdempotencyKey = "order-A-1" });
            Clock.Advance(TimeSpan.FromMinutes(5));

            var second = await Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, IdempotencyKey = "order-A-1", Payload = "different"u8.ToArray() });

            Assert.Equal(new RunStart(first.RunId, Created: false), second);
            Assert.Single((await Journal.ListRunsAsync(new RunQuery())).Runs);
            Assert.Single(await Journal.ClaimOutboxAsync("worker-a", 10, TimeSpan.FromMinutes(1)));
            Assert.Equal(1, Assert.Single(await Journal.ListFlowsAsync()).RunCount);
            Assert.Equal("order-A-1", (await Journal.GetRunAsync(first.RunId))!.Run.IdempotencyKey);
        }

        [Fact]
        public async Task A_key_is_scoped_to_its_flow()
        {
            await Journal.RegisterFlowVersionAsync(new FlowVersionRecord("refunds", 1, "h"));

            var order = await StartAsync(key: "A-1");
            var refund = await StartAsync(key: "A-1", flow: "refunds");

            Assert.NotEqual(order, refund);
        }

        [Fact]
        public async Task Thirty_two_concurrent_starts_with_one_key_make_exactly_one_run()
        {
            var starts = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(
                () => Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, IdempotencyKey = "same-key" }))));

            Assert.Single(starts, s => s.Created);
            Assert.Single(starts.Select(s => s.RunId).Distinct());
            Assert.Single((await Journal.ListRunsAsync(new RunQuery())).Runs);
            Assert.Single(await Journal.ClaimOutboxAsync("worker-a", 100, TimeSpan.FromMinutes(1)));
            Assert.Equal(1, Assert.Single(await Journal.ListFlowsAsync()).RunCount);
        }

        [Fact]
        public async Task Starting_an_unregistered_version_is_refused_with_what_to_do()
        {
            var error = await Assert.ThrowsAsync<JournalException>(() => Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 2 }));

            Assert.Equal("Flow 'orders' version 2 is not registered: register it (RegisterFlowVersionAsync) before starting runs of it.", error.Message);
            Assert.Empty((await Journal.ListRunsAsync(new RunQuery())).Runs);
        }

        [Fact]
        public async Task A_trace_id_that_is_not_w3c_is_refused()
        {
            await Assert.ThrowsAsync<ArgumentException>(() => Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, TraceId = "not-a-trace" }));
        }
    }
}
