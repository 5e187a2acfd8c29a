using System;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>A worker's leg of a run: a leased start, checkpoints and the leg's end, all only while it holds the run's item.</summary>
    public abstract class RunLegContract<TBackend> : JournalTest<TBackend>
        where TBackend : IJournalBackend, new()
    {
        [Fact]
        public async Task A_leased_start_is_claimed_in_its_own_commit_and_runs_out_like_any_lease()
        {
            var start = await Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, IdempotencyKey = "A-1", LeaseOwner = Owner, Lease = Lease });

            Assert.True(start.Created);
            Assert.NotEqual(0, start.OutboxItemId);
            Assert.Equal(FlowStatus.Running, await StatusAsync(start.RunId)); // accepted and started in one commit
            Assert.Empty(await Journal.ClaimOutboxAsync("worker-b", 10, Lease));
            Assert.True(await Journal.RenewLeaseAsync(start.OutboxItemId, Owner, Lease));
            Clock.Advance(Lease);
            var taken = Assert.Single(await Journal.ClaimOutboxAsync("worker-b", 10, Lease));
            Assert.Equal((start.OutboxItemId, start.RunId, OutboxKind.Start, 2), (taken.Id, taken.RunId, taken.Kind, taken.Attempts));
            Assert.Equal(new RunStart(start.RunId, Created: false, OutboxItemId: 0), await Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, IdempotencyKey = "A-1", LeaseOwner = Owner }));
        }

        [Fact]
        public async Task An_outbox_id_is_never_given_twice_even_after_the_last_item_is_removed()
        {
            var first = await Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, LeaseOwner = Owner, Lease = Lease });
            Assert.True(await Journal.EndLegAsync(new RunLegEnd { OutboxItemId = first.OutboxItemId, Owner = Owner, RunId = first.RunId, Status = FlowStatus.Completed }));

            var second = await Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, LeaseOwner = Owner, Lease = Lease });

            // A worker still finishing the first item must never find its id on another run's item.
            Assert.True(second.OutboxItemId > first.OutboxItemId, $"{second.OutboxItemId} reuses or precedes {first.OutboxItemId}");
            Assert.False(await Journal.CompleteOutboxAsync(first.OutboxItemId, Owner));
        }

        [Fact]
        public async Task An_unleased_start_returns_the_item_a_worker_then_claims()
        {
            var start = await Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1 });

            var item = Assert.Single(await Journal.ClaimOutboxAsync(Owner, 10, Lease));
            Assert.Equal((start.OutboxItemId, 1), (item.Id, item.Attempts));
        }

        [Fact]
        public async Task A_checkpoint_commits_its_steps_in_order_the_snapshot_running_and_a_renewed_lease()
        {
            var (runId, itemId) = await StartLeasedAsync(Owner, Lease);
            Clock.Advance(TimeSpan.FromSeconds(20));

            var commit = await Journal.SaveCheckpointAsync(new RunCheckpoint(itemId, Owner, Lease, Checkpoint(runId, """{"$pc":2}""", "ship"), [StepTry(runId, "validate"), StepTry(runId, "charge"), StepTry(runId, "charge", 2)]));

            Assert.Equal(new CheckpointCommit(LeaseHeld: true, RunControl.None), commit);
            var run = (await Journal.GetRunAsync(runId))!;
            Assert.Equal(FlowStatus.Running, run.Run.Status);
            Assert.Equal(new[] { "validate#1", "charge#1", "charge#2" }, run.Steps.Select(s => $"{s.StepId}#{s.Attempt}"));
            var snapshot = (await Journal.GetSnapshotAsync(runId))!;
            Assert.Equal((WaitKind.None, "ship", """{"$pc":2}"""), (snapshot.Wait.Kind, snapshot.StepId, System.Text.Encoding.UTF8.GetString(snapshot.State)));
            Assert.Empty(await Journal.GetDueTimersAsync(Clock.GetUtcNow().AddYears(1), 10));

            // The lease now ends 30 s after the checkpoint, not after the start.
            Clock.Advance(TimeSpan.FromSeconds(29));
            Assert.Empty(await Journal.ClaimOutboxAsync("worker-b", 10, Lease));
            Clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Single(await Journal.ClaimOutboxAsync("worker-b", 10, Lease));
        }

        [Fact]
        public async Task A_second_checkpoint_replaces_the_first_and_appends_after_it()
        {
            var (runId, itemId) = await StartLeasedAsync(Owner, Lease);
            await Journal.SaveCheckpointAsync(new RunCheckpoint(itemId, Owner, Lease, Checkpoint(runId, """{"$pc":1}""", "a"), [StepTry(runId, "start")]));

            await Journal.SaveCheckpointAsync(new RunCheckpoint(itemId, Owner, Lease, Checkpoint(runId, """{"$pc":2}""", "b"), [StepTry(runId, "a")]));

            Assert.Equal("b", (await Journal.GetSnapshotAsync(runId))!.StepId);
            Assert.Equal(new[] { "start", "a" }, (await Journal.GetRunAsync(runId))!.Steps.Select(s => s.StepId));
        }

        [Fact]
        public async Task A_checkpoint_after_another_worker_took_the_run_over_writes_nothing()
        {
            var (runId, itemId) = await StartLeasedAsync(Owner, Lease);
            Clock.Advance(Lease);
            Assert.Single(await Journal.ClaimOutboxAsync("worker-b", 1, Lease));

            var commit = await Journal.SaveCheckpointAsync(new RunCheckpoint(itemId, Owner, Lease, Checkpoint(runId), [StepTry(runId, "validate")]));

            Assert.False(commit.LeaseHeld);
            var run = (await Journal.GetRunAsync(runId))!;
            Assert.Equal(FlowStatus.Pending, run.Run.Status);
            Assert.Empty(run.Steps);
            Assert.Null(await Journal.GetSnapshotAsync(runId));
        }

        [Fact]
        public async Task A_lease_that_ran_out_but_nobody_took_still_holds_and_is_renewed()
        {
            var (runId, itemId) = await StartLeasedAsync(Owner, Lease);
            Clock.Advance(Lease + TimeSpan.FromSeconds(5));

            Assert.True((await Journal.SaveCheckpointAsync(new RunCheckpoint(itemId, Owner, Lease, Checkpoint(runId), []))).LeaseHeld);

            Assert.Empty(await Journal.ClaimOutboxAsync("worker-b", 1, Lease));
        }

        [Fact]
        public async Task A_checkpoint_refuses_a_missing_run_a_wait_and_steps_of_another_run()
        {
            var (runId, itemId) = await StartLeasedAsync(Owner, Lease);
            var ghost = Guid.NewGuid();

            await Assert.ThrowsAsync<JournalException>(() => Journal.SaveCheckpointAsync(new RunCheckpoint(itemId, Owner, Lease, Checkpoint(ghost), [])));
            await Assert.ThrowsAsync<ArgumentException>(() => Journal.SaveCheckpointAsync(new RunCheckpoint(itemId, Owner, Lease, Snapshot(runId, Wait.ForEvent("x")), [])));
            await Assert.ThrowsAsync<ArgumentException>(() => Journal.SaveCheckpointAsync(new RunCheckpoint(itemId, Owner, Lease, Checkpoint(runId), [StepTry(ghost, "s")])));
            Assert.Equal(FlowStatus.Pending, await StatusAsync(runId));
        }

        [Fact]
        public async Task Ending_completed_keeps_the_outcome_and_steps_and_drops_the_snapshot_and_the_item()
        {
            var (runId, itemId) = await StartLeasedAsync(Owner, Lease);
            await Journal.SaveCheckpointAsync(new RunCheckpoint(itemId, Owner, Lease, Checkpoint(runId), [StepTry(runId, "validate")]));

            Assert.True(await Journal.EndLegAsync(new RunLegEnd
            {
                OutboxItemId = itemId, Owner = Owner, RunId = runId, Status = FlowStatus.Completed,
                Steps = [StepTry(runId, "ship")], Outcome = new RunOutcome("""{"ok":true}"""u8.ToArray(), "done"),
            }));

            var run = (await Journal.GetRunAsync(runId))!;
            Assert.Equal((FlowStatus.Completed, "done", Clock.GetUtcNow()), (run.Run.Status, run.Run.Message, run.Run.EndedAt));
            Assert.Equal("""{"ok":true}"""u8.ToArray(), run.Output);
            Assert.Equal(new[] { "validate", "ship" }, run.Steps.Select(s => s.StepId));
            Assert.Null(await Journal.GetSnapshotAsync(runId));
            Clock.Advance(TimeSpan.FromHours(1));
            Assert.Empty(await Journal.ClaimOutboxAsync("worker-b", 10, Lease));
            Assert.False(await Journal.CompleteOutboxAsync(itemId, Owner));
        }

        [Fact]
        public async Task Ending_a_leg_after_the_lease_was_lost_writes_nothing()
        {
            var (runId, itemId) = await StartLeasedAsync(Owner, Lease);
            Clock.Advance(Lease);
            var taken = Assert.Single(await Journal.ClaimOutboxAsync("worker-b", 1, Lease));

            Assert.False(await Journal.EndLegAsync(new RunLegEnd
            {
                OutboxItemId = itemId, Owner = Owner, RunId = runId, Status = FlowStatus.Failed, Steps = [StepTry(runId, "charge")],
                Outcome = new RunOutcome(Error: new RunError("charge", "declined", null)),
            }));

            var run = (await Journal.GetRunAsync(runId))!;
            Assert.Equal((FlowStatus.Pending, (RunError?)null), (run.Run.Status, run.Run.Error));
            Assert.Empty(run.Steps);
            Assert.True(await Journal.CompleteOutboxAsync(taken.Id, "worker-b"));
        }

        [Fact]
        public async Task Ending_waiting_arms_the_timer_and_removes_the_item()
        {
            var (runId, itemId) = await StartLeasedAsync(Owner, Lease);
            var due = Clock.GetUtcNow().AddMinutes(5);

            Assert.True(await Journal.EndLegAsync(new RunLegEnd { OutboxItemId = itemId, Owner = Owner, RunId = runId, Status = FlowStatus.Waiting, Snapshot = Snapshot(runId, Wait.Until(due)) }));

            Assert.Equal(FlowStatus.Waiting, await StatusAsync(runId));
            Assert.Equal(due, Assert.Single(await Journal.GetDueTimersAsync(due, 10)).DueAt);
            Assert.Empty(await Journal.ClaimOutboxAsync("worker-b", 10, Lease));
            Clock.Advance(TimeSpan.FromMinutes(5));
            Assert.Equal(1, await Journal.EnqueueDueTimersAsync(Clock.GetUtcNow(), 10));
            Assert.Equal(OutboxKind.Timer, Assert.Single(await Journal.ClaimOutboxAsync("worker-b", 10, Lease)).Kind);
        }

        [Fact]
        public async Task Ending_waiting_for_an_event_makes_the_run_an_event_waiter()
        {
            var (runId, itemId) = await StartLeasedAsync(Owner, Lease);

            await Journal.EndLegAsync(new RunLegEnd { OutboxItemId = itemId, Owner = Owner, RunId = runId, Status = FlowStatus.Waiting, Snapshot = Snapshot(runId, Wait.ForEvent("paid")) });

            Assert.Equal(runId, Assert.Single(await Journal.GetEventWaitersAsync("paid", 10)).RunId);
        }

        [Fact]
        public async Task Ending_paused_keeps_the_checkpoint_and_a_resume_continues_from_it()
        {
            var (runId, itemId) = await StartLeasedAsync(Owner, Lease);
            await Journal.SaveCheckpointAsync(new RunCheckpoint(itemId, Owner, Lease, Checkpoint(runId, stepId: "a"), []));

            Assert.True(await Journal.EndLegAsync(new RunLegEnd { OutboxItemId = itemId, Owner = Owner, RunId = runId, Status = FlowStatus.Paused, Snapshot = Checkpoint(runId, stepId: "b") }));

            Assert.Equal(FlowStatus.Paused, await StatusAsync(runId));
            Assert.Equal("b", (await Journal.GetSnapshotAsync(runId))!.StepId);
            Assert.Empty(await Journal.ClaimOutboxAsync("worker-b", 10, Lease));
            Assert.Equal(FlowStatus.Running, await Journal.ResumeRunAsync(runId));
            Assert.Equal(OutboxKind.Continue, Assert.Single(await Journal.ClaimOutboxAsync("worker-b", 10, Lease)).Kind);
        }

        [Fact]
        public async Task Ending_failed_keeps_the_given_checkpoint_or_the_last_one_for_a_retry()
        {
            var (given, givenItem) = await StartLeasedAsync(Owner, Lease);
            var (kept, keptItem) = await StartLeasedAsync(Owner, Lease);
            await Journal.SaveCheckpointAsync(new RunCheckpoint(keptItem, Owner, Lease, Checkpoint(kept, stepId: "charge"), []));
            var error = new RunError("charge", "card declined", "PaymentException");

            await Journal.EndLegAsync(new RunLegEnd { OutboxItemId = givenItem, Owner = Owner, RunId = given, Status = FlowStatus.Failed, Snapshot = Checkpoint(given, stepId: "ship"), Outcome = new RunOutcome(Error: error) });
            await Journal.EndLegAsync(new RunLegEnd { OutboxItemId = keptItem, Owner = Owner, RunId = kept, Status = FlowStatus.Failed, Outcome = new RunOutcome(Error: error) });

            Assert.Equal("ship", (await Journal.GetSnapshotAsync(given))!.StepId);
            Assert.Equal("charge", (await Journal.GetSnapshotAsync(kept))!.StepId);
            var run = (await Journal.GetRunAsync(kept))!.Run;
            Assert.Equal((FlowStatus.Failed, error, Clock.GetUtcNow()), (run.Status, run.Error, run.EndedAt));
            Assert.Empty(await Journal.ClaimOutboxAsync("worker-b", 10, Lease));
        }

        [Fact]
        public async Task An_illegal_leg_end_is_refused_and_writes_nothing()
        {
            var (runId, itemId) = await StartLeasedAsync(Owner, Lease);

            var error = await Assert.ThrowsAsync<RunTransitionException>(() => Journal.EndLegAsync(new RunLegEnd
            {
                OutboxItemId = itemId, Owner = Owner, RunId = runId, Status = FlowStatus.Paused, Snapshot = Checkpoint(runId), Steps = [StepTry(runId, "a")],
            }));

            Assert.Equal((FlowStatus.Pending, FlowStatus.Paused), (error.From, error.To));
            Assert.Empty((await Journal.GetRunAsync(runId))!.Steps);
            Assert.True(await Journal.RenewLeaseAsync(itemId, Owner, Lease));
            await Assert.ThrowsAsync<ArgumentException>(() => Journal.EndLegAsync(new RunLegEnd { OutboxItemId = itemId, Owner = Owner, RunId = runId, Status = FlowStatus.Waiting }));
            await Assert.ThrowsAsync<ArgumentException>(() => Journal.EndLegAsync(new RunLegEnd { OutboxItemId = itemId, Owner = Owner, RunId = runId, Status = FlowStatus.Running }));
        }

        [Fact]
        public async Task A_pause_asked_during_the_leg_is_taken_when_it_suspends()
        {
            var (runId, itemId) = await StartLeasedAsync(Owner, Lease);
            await Journal.SaveCheckpointAsync(new RunCheckpoint(itemId, Owner, Lease, Checkpoint(runId), []));
            Assert.Equal(FlowStatus.Running, await Journal.PauseRunAsync(runId));
            var due = Clock.GetUtcNow().AddMinutes(1);

            await Journal.EndLegAsync(new RunLegEnd { OutboxItemId = itemId, Owner = Owner, RunId = runId, Status = FlowStatus.Waiting, Snapshot = Snapshot(runId, Wait.Until(due)) });

            Assert.Equal(FlowStatus.Paused, await StatusAsync(runId));
            Assert.Null(await RunControlAsync(runId));
            Assert.Equal(0, await Journal.EnqueueDueTimersAsync(due, 10));
            Assert.Equal(FlowStatus.Waiting, await Journal.ResumeRunAsync(runId));
            Assert.Equal(1, await Journal.EnqueueDueTimersAsync(due, 10));
        }

        [Fact]
        public async Task A_cancel_asked_during_the_leg_is_taken_when_it_suspends()
        {
            var (runId, itemId) = await StartLeasedAsync(Owner, Lease);
            Assert.Equal(FlowStatus.Pending, await Journal.CancelRunAsync(runId));

            Assert.True(await Journal.EndLegAsync(new RunLegEnd { OutboxItemId = itemId, Owner = Owner, RunId = runId, Status = FlowStatus.Waiting, Snapshot = Snapshot(runId, Wait.ForEvent("paid")) }));

            Assert.Equal(FlowStatus.Cancelled, await StatusAsync(runId));
            Assert.Null(await Journal.GetSnapshotAsync(runId));
            Assert.Empty(await Journal.DeliverEventAsync("paid", default, 10));
        }

        [Fact]
        public async Task A_deferred_item_waits_with_its_reason_and_is_claimable_again_later_uncounted()
        {
            var runId = await StartAsync();
            var item = Assert.Single(await Journal.ClaimOutboxAsync(Owner, 1, Lease));
            var until = Clock.GetUtcNow().AddMinutes(10);

            Assert.False(await Journal.DeferOutboxAsync(item.Id, "worker-b", until, "not mine"));
            Assert.True(await Journal.DeferOutboxAsync(item.Id, Owner, until, "orders v1 is not loaded in this host"));

            Assert.Equal(new DeferredItem(item.Id, runId, Flow, 1, "orders v1 is not loaded in this host", until), Assert.Single(await Journal.ListDeferredAsync(10)));
            Assert.Equal(FlowStatus.Pending, await StatusAsync(runId));
            Assert.False(await Journal.CompleteOutboxAsync(item.Id, Owner));
            Clock.Advance(TimeSpan.FromMinutes(9));
            Assert.Empty(await Journal.ClaimOutboxAsync("worker-b", 1, Lease));
            Clock.Advance(TimeSpan.FromMinutes(1));
            var again = Assert.Single(await Journal.ClaimOutboxAsync("worker-b", 1, Lease));
            Assert.Equal((item.Id, 1), (again.Id, again.Attempts));
            Assert.Empty(await Journal.ListDeferredAsync(10));
        }

        [Fact]
        public async Task Deferred_items_are_listed_oldest_first_up_to_max()
        {
            var runs = new[] { await StartAsync(), await StartAsync(), await StartAsync() };
            foreach (var item in await Journal.ClaimOutboxAsync(Owner, 3, Lease))
            {
                await Journal.DeferOutboxAsync(item.Id, Owner, Clock.GetUtcNow().AddMinutes(3 - Array.IndexOf(runs, item.RunId)), "later");
            }

            Assert.Equal(runs[..2], (await Journal.ListDeferredAsync(2)).Select(d => d.RunId));
        }
    }
}
