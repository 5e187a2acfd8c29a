using System;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>Everything committed is there after a restart; a closing journal commits what was queued first, and refuses work once closed.</summary>
    public abstract class DurabilityContract<TBackend> : JournalTest<TBackend>
        where TBackend : IJournalBackend, new()
    {
        [Fact]
        public async Task A_run_survives_closing_and_reopening_the_file()
        {
            var runId = await StartAsync(key: "order-A-1");
            await Journal.SetStatusAsync(runId, FlowStatus.Running);
            await Journal.AppendStepAsync(new StepEntry(runId, "charge", 1, StepStatus.Failed, null, Clock.GetUtcNow(), Clock.GetUtcNow(), Error: "timed out"));
            await Journal.AppendStepAsync(new StepEntry(runId, "charge", 2, StepStatus.Succeeded, Endpoints.Success, Clock.GetUtcNow(), Clock.GetUtcNow().AddMilliseconds(40), """{"id":"ch_1"}"""u8.ToArray()));
            await Journal.SaveSuspendedAsync(Snapshot(runId, Wait.Until(Clock.GetUtcNow().AddMinutes(10)), """{"$pc":4}"""));
            var claimed = Assert.Single(await Journal.ClaimOutboxAsync("worker-a", 1, TimeSpan.FromSeconds(30)));

            await ReopenAsync();

            var run = (await Journal.GetRunAsync(runId))!;
            Assert.Equal(FlowStatus.Waiting, run.Run.Status);
            Assert.Equal(2, run.Steps.Count);
            Assert.Equal(("charge", 1, StepStatus.Failed, null, null, "timed out"), (run.Steps[0].StepId, run.Steps[0].Attempt, run.Steps[0].Status, run.Steps[0].Endpoint, run.Steps[0].Output, run.Steps[0].Error));
            var step = run.Steps[1];
            Assert.Equal(("charge", 2, Endpoints.Success, """{"id":"ch_1"}""", (string?)null), (step.StepId, step.Attempt, step.Endpoint, System.Text.Encoding.UTF8.GetString(step.Output!), step.Error));
            Assert.Equal(TimeSpan.FromMilliseconds(40), step.EndedAt - step.StartedAt);
            Assert.Equal("""{"$pc":4}"""u8.ToArray(), (await Journal.GetSnapshotAsync(runId))!.State);
            Assert.Equal(runId, Assert.Single(await Journal.GetDueTimersAsync(Clock.GetUtcNow().AddMinutes(10), 10)).RunId);
            Assert.Equal(new RunStart(runId, Created: false), await Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, IdempotencyKey = "order-A-1" }));

            // The crashed worker's lease survived the restart too, and runs out as usual.
            Assert.Empty(await Journal.ClaimOutboxAsync("worker-b", 1, TimeSpan.FromSeconds(30)));
            Clock.Advance(TimeSpan.FromSeconds(30));
            Assert.Equal(claimed.Id, Assert.Single(await Journal.ClaimOutboxAsync("worker-b", 1, TimeSpan.FromSeconds(30))).Id);
        }

        [Fact]
        public async Task Queued_writes_commit_before_the_journal_closes()
        {
            var runId = await StartAsync();
            var appends = Enumerable.Range(1, 20)
                .Select(i => Journal.AppendStepAsync(new StepEntry(runId, "s", i, StepStatus.Succeeded, null, Clock.GetUtcNow(), Clock.GetUtcNow())))
                .ToArray();

            await ReopenAsync();

            await Task.WhenAll(appends);
            Assert.Equal(20, (await Journal.GetRunAsync(runId))!.Steps.Count);
        }

        [Fact]
        public async Task A_closed_journal_refuses_writes_and_reads()
        {
            await Journal.DisposeAsync();

            await Assert.ThrowsAsync<ObjectDisposedException>(() => Journal.AppendStepAsync(new StepEntry(Guid.NewGuid(), "s", 1, StepStatus.Succeeded, null, default, default)));
            await Assert.ThrowsAsync<ObjectDisposedException>(() => Journal.GetRunAsync(Guid.NewGuid()));
            await ReopenAsync();
        }
    }
}
