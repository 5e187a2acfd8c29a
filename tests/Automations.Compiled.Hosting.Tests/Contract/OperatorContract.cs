using System;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>An operator pauses, resumes, cancels, retries and deletes runs: at once when no worker holds them, else at the next checkpoint.</summary>
    public abstract class OperatorContract<TBackend> : JournalTest<TBackend>
        where TBackend : IJournalBackend, new()
    {
        [Fact]
        public async Task A_waiting_run_pauses_at_once_and_resumes_waiting()
        {
            var runId = await WaitingAsync(Wait.ForEvent("paid"));

            Assert.Equal(FlowStatus.Paused, await Journal.PauseRunAsync(runId));
            var again = await Assert.ThrowsAsync<RunTransitionException>(() => Journal.PauseRunAsync(runId));
            Assert.Equal((FlowStatus.Paused, FlowStatus.Paused), (again.From, again.To));
            Assert.Empty(await Journal.GetEventWaitersAsync("paid", 10)); // paused: not a waiter while paused

            Assert.Equal(FlowStatus.Waiting, await Journal.ResumeRunAsync(runId));
            Assert.Equal(runId, Assert.Single(await Journal.GetEventWaitersAsync("paid", 10)).RunId);
            Assert.Equal(WaitKind.Event, (await Journal.GetSnapshotAsync(runId))!.Wait.Kind);
            await Assert.ThrowsAsync<RunTransitionException>(() => Journal.ResumeRunAsync(runId));
        }

        [Fact]
        public async Task A_held_run_gets_a_pause_request_answered_at_its_checkpoint_and_a_resume_withdraws_it()
        {
            var (runId, itemId) = await StartLeasedAsync(Owner, Lease);

            Assert.Equal(FlowStatus.Pending, await Journal.PauseRunAsync(runId));
            Assert.Equal(FlowStatus.Pending, await Journal.PauseRunAsync(runId)); // asking twice is the same request
            Assert.Equal(RunControl.Pause, (await CheckpointAsync(runId, itemId)).Requested);
            Assert.Equal(RunControl.Pause, (await CheckpointAsync(runId, itemId)).Requested); // until the worker takes it

            Assert.Equal(FlowStatus.Running, await Journal.ResumeRunAsync(runId));
            Assert.Equal(new CheckpointCommit(true, RunControl.None), await CheckpointAsync(runId, itemId));
        }

        [Fact]
        public async Task A_paused_leg_clears_the_request_and_its_run_is_not_claimed_until_resumed()
        {
            var (runId, itemId) = await StartLeasedAsync(Owner, Lease);
            await Journal.PauseRunAsync(runId);
            await CheckpointAsync(runId, itemId);

            await Journal.EndLegAsync(new RunLegEnd { OutboxItemId = itemId, Owner = Owner, RunId = runId, Status = FlowStatus.Paused, Snapshot = Checkpoint(runId) });

            Assert.Equal(FlowStatus.Paused, await StatusAsync(runId));
            Assert.Null(await RunControlAsync(runId));
            Assert.Equal(FlowStatus.Running, await Journal.ResumeRunAsync(runId));
            var item = Assert.Single(await Journal.ClaimOutboxAsync("worker-b", 10, Lease));
            Assert.Equal((runId, OutboxKind.Continue), (item.RunId, item.Kind));
        }

        [Fact]
        public async Task Pausing_an_ended_or_missing_run_is_refused()
        {
            var runId = await StartAsync();
            await Journal.SetStatusAsync(runId, FlowStatus.Completed);

            var error = await Assert.ThrowsAsync<RunTransitionException>(() => Journal.PauseRunAsync(runId));

            Assert.Equal((FlowStatus.Completed, FlowStatus.Paused), (error.From, error.To));
            await Assert.ThrowsAsync<JournalException>(() => Journal.PauseRunAsync(Guid.NewGuid()));
            await Assert.ThrowsAsync<JournalException>(() => Journal.ResumeRunAsync(Guid.NewGuid()));
            await Assert.ThrowsAsync<RunTransitionException>(() => Journal.ResumeRunAsync(runId));
        }

        [Fact]
        public async Task A_queued_pending_run_is_cancelled_at_once_with_its_item()
        {
            var runId = await StartAsync();

            Assert.Equal(FlowStatus.Cancelled, await Journal.CancelRunAsync(runId));

            var run = (await Journal.GetRunAsync(runId))!.Run;
            Assert.Equal((FlowStatus.Cancelled, Clock.GetUtcNow()), (run.Status, run.EndedAt));
            Assert.Empty(await Journal.ClaimOutboxAsync(Owner, 10, Lease));
            var error = await Assert.ThrowsAsync<RunTransitionException>(() => Journal.CancelRunAsync(runId));
            Assert.Equal((FlowStatus.Cancelled, FlowStatus.Cancelled), (error.From, error.To));
        }

        [Fact]
        public async Task Waiting_and_paused_runs_are_cancelled_at_once_with_their_snapshot_and_queued_items()
        {
            var waiting = await WaitingAsync(Wait.Until(Clock.GetUtcNow().AddMinutes(1)));
            var paused = await WaitingAsync(Wait.ForEvent("paid"));
            await Journal.PauseRunAsync(paused);
            Assert.Single(await Journal.DeliverEventAsync("paid", default, 10)); // queued for the paused run

            Assert.Equal(FlowStatus.Cancelled, await Journal.CancelRunAsync(waiting));
            Assert.Equal(FlowStatus.Cancelled, await Journal.CancelRunAsync(paused));

            Assert.Null(await Journal.GetSnapshotAsync(waiting));
            Assert.Null(await Journal.GetSnapshotAsync(paused));
            Assert.Equal(0, await Journal.EnqueueDueTimersAsync(Clock.GetUtcNow().AddHours(1), 10));
            Assert.Equal(0L, await CountAsync(JournalTable.Outbox, waiting) + await CountAsync(JournalTable.Outbox, paused));
        }

        [Fact]
        public async Task A_held_run_is_cancelled_at_its_checkpoint_by_its_worker()
        {
            var (runId, itemId) = await StartLeasedAsync(Owner, Lease);
            await Journal.PauseRunAsync(runId);

            Assert.Equal(FlowStatus.Pending, await Journal.CancelRunAsync(runId)); // a cancel overrides a pause request
            await Assert.ThrowsAsync<RunTransitionException>(() => Journal.PauseRunAsync(runId));
            Assert.Equal(RunControl.Cancel, (await CheckpointAsync(runId, itemId)).Requested);
            Assert.True(await Journal.EndLegAsync(new RunLegEnd { OutboxItemId = itemId, Owner = Owner, RunId = runId, Status = FlowStatus.Cancelled, Steps = [StepTry(runId, "a")], Outcome = new RunOutcome(Message: "cancelled by an operator") }));

            var run = (await Journal.GetRunAsync(runId))!;
            Assert.Equal((FlowStatus.Cancelled, "cancelled by an operator", 1), (run.Run.Status, run.Run.Message, run.Steps.Count));
            Assert.Null(await RunControlAsync(runId));
            Assert.Null(await Journal.GetSnapshotAsync(runId));
        }

        [Fact]
        public async Task A_run_whose_worker_stopped_renewing_is_cancelled_at_once_and_the_worker_finds_out()
        {
            var (runId, itemId) = await StartLeasedAsync(Owner, Lease);
            await CheckpointAsync(runId, itemId);
            Clock.Advance(Lease);

            Assert.Equal(FlowStatus.Cancelled, await Journal.CancelRunAsync(runId));

            Assert.False((await CheckpointAsync(runId, itemId)).LeaseHeld);
            Assert.False(await Journal.EndLegAsync(new RunLegEnd { OutboxItemId = itemId, Owner = Owner, RunId = runId, Status = FlowStatus.Completed }));
            Assert.Equal(FlowStatus.Cancelled, await StatusAsync(runId));
        }

        [Fact]
        public async Task Pausing_a_waiting_run_revokes_a_lease_that_ran_out()
        {
            var runId = await WaitingAsync(Wait.Until(Clock.GetUtcNow()));
            await Journal.EnqueueDueTimersAsync(Clock.GetUtcNow(), 10);
            var timer = Assert.Single(await Journal.ClaimOutboxAsync(Owner, 10, Lease));
            Clock.Advance(Lease);

            Assert.Equal(FlowStatus.Paused, await Journal.PauseRunAsync(runId));

            Assert.False((await CheckpointAsync(runId, timer.Id)).LeaseHeld);
            Assert.Equal(FlowStatus.Waiting, await Journal.ResumeRunAsync(runId));
            Assert.Equal(timer.Id, Assert.Single(await Journal.ClaimOutboxAsync("worker-b", 10, Lease)).Id);
        }

        [Fact]
        public async Task A_waiting_run_a_worker_holds_is_paused_at_its_checkpoint()
        {
            var runId = await WaitingAsync(Wait.Until(Clock.GetUtcNow()));
            await Journal.EnqueueDueTimersAsync(Clock.GetUtcNow(), 10);
            var timer = Assert.Single(await Journal.ClaimOutboxAsync(Owner, 10, Lease));

            Assert.Equal(FlowStatus.Waiting, await Journal.PauseRunAsync(runId));

            Assert.Equal(new CheckpointCommit(true, RunControl.Pause), await CheckpointAsync(runId, timer.Id));
            Assert.Equal(FlowStatus.Running, await StatusAsync(runId));
        }

        [Fact]
        public async Task A_failed_run_with_a_checkpoint_is_retried_from_it()
        {
            var (runId, itemId) = await StartLeasedAsync(Owner, Lease);
            await Journal.SaveCheckpointAsync(new RunCheckpoint(itemId, Owner, Lease, Checkpoint(runId, stepId: "charge"), [StepTry(runId, "validate")]));
            await Journal.EndLegAsync(new RunLegEnd
            {
                OutboxItemId = itemId, Owner = Owner, RunId = runId, Status = FlowStatus.Failed, Steps = [new StepEntry(runId, "charge", 1, StepStatus.Failed, null, Clock.GetUtcNow(), Clock.GetUtcNow(), Error: "declined")],
                Outcome = new RunOutcome(Message: "stopped", Error: new RunError("charge", "declined")),
            });

            await Journal.RetryRunAsync(runId);

            var run = (await Journal.GetRunAsync(runId))!;
            Assert.Equal((FlowStatus.Pending, (RunError?)null, (DateTimeOffset?)null, (string?)null), (run.Run.Status, run.Run.Error, run.Run.EndedAt, run.Run.Message));
            Assert.Equal(2, run.Steps.Count);
            Assert.Equal("charge", (await Journal.GetSnapshotAsync(runId))!.StepId);
            var item = Assert.Single(await Journal.ClaimOutboxAsync("worker-b", 10, Lease));
            Assert.Equal((runId, OutboxKind.Continue), (item.RunId, item.Kind));
            await Assert.ThrowsAsync<RunTransitionException>(() => Journal.RetryRunAsync(runId));
        }

        [Fact]
        public async Task A_failed_run_without_a_checkpoint_is_retried_from_its_start()
        {
            var runId = await WaitingAsync(Wait.ForEvent("paid"));
            await Journal.SetStatusAsync(runId, FlowStatus.Failed, new RunOutcome(Error: new RunError(null, "boom")));

            await Journal.RetryRunAsync(runId);

            Assert.Equal(OutboxKind.Start, Assert.Single(await Journal.ClaimOutboxAsync(Owner, 10, Lease)).Kind);
            Assert.Null(await Journal.GetSnapshotAsync(runId));
            Assert.Equal(FlowStatus.Pending, await StatusAsync(runId));
        }

        [Fact]
        public async Task Only_a_failed_run_is_retried()
        {
            var runId = await StartAsync();

            var error = await Assert.ThrowsAsync<RunTransitionException>(() => Journal.RetryRunAsync(runId));

            Assert.Equal((FlowStatus.Pending, FlowStatus.Pending), (error.From, error.To));
            await Assert.ThrowsAsync<JournalException>(() => Journal.RetryRunAsync(Guid.NewGuid()));
        }

        [Fact]
        public async Task An_ended_run_is_deleted_with_its_history_and_a_live_one_is_not()
        {
            var (runId, itemId) = await StartLeasedAsync(Owner, Lease);
            await Journal.SaveCheckpointAsync(new RunCheckpoint(itemId, Owner, Lease, Checkpoint(runId), [StepTry(runId, "a")]));

            var error = await Assert.ThrowsAsync<RunTransitionException>(() => Journal.DeleteRunAsync(runId));
            Assert.Equal(FlowStatus.Running, error.From);
            await Journal.EndLegAsync(new RunLegEnd { OutboxItemId = itemId, Owner = Owner, RunId = runId, Status = FlowStatus.Failed, Outcome = new RunOutcome(Error: new RunError("a", "x")) });

            Assert.True(await Journal.DeleteRunAsync(runId));

            Assert.Null(await Journal.GetRunAsync(runId));
            Assert.Equal(0L, await CountAsync(JournalTable.Steps) + await CountAsync(JournalTable.Suspended) + await CountAsync(JournalTable.Outbox));
            Assert.False(await Journal.DeleteRunAsync(runId));
            Assert.Empty((await Journal.ListRunsAsync(RunQuery.DeadLetters())).Runs);
        }

        private Task<CheckpointCommit> CheckpointAsync(Guid runId, long itemId)
            => Journal.SaveCheckpointAsync(new RunCheckpoint(itemId, Owner, Lease, Checkpoint(runId), []));

        private async Task<Guid> WaitingAsync(WaitSpec wait)
        {
            var (runId, itemId) = await StartLeasedAsync("starter", Lease);
            Assert.True(await Journal.EndLegAsync(new RunLegEnd { OutboxItemId = itemId, Owner = "starter", RunId = runId, Status = FlowStatus.Waiting, Snapshot = Snapshot(runId, wait) }));
            return runId;
        }
    }
}
