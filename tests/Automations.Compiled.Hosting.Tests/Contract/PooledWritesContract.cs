using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>
    /// The host's pooled writes (<see cref="IPooledRunWrites"/>: a run's start, a checkpoint, a leg's end) are the same
    /// writes as the public ones: the same rows, the same refusals, the same batch failures and cancellations, and a
    /// pooled write used again (its object back from the pool) carries nothing of its last use.
    /// </summary>
    public abstract class PooledWritesContract<TBackend> : JournalTest<TBackend>
        where TBackend : IJournalBackend, new()
    {
        private IPooledRunWrites Pooled => Assert.IsAssignableFrom<IPooledRunWrites>(Journal);

        [Fact]
        public async Task A_run_started_checkpointed_and_ended_through_the_pooled_writes_reads_back_as_through_the_public_ones()
        {
            for (var round = 0; round < 3; round++) // the second and third rounds reuse the first round's pooled writes
            {
                var start = await Pooled.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, LeaseOwner = Owner, Lease = Lease }, CancellationToken.None);
                Assert.True(start.Created);
                var commit = await Pooled.SaveCheckpointAsync(new RunCheckpoint(start.OutboxItemId, Owner, Lease, Checkpoint(start.RunId), [StepTry(start.RunId, "validate")]));
                Assert.Equal(new CheckpointCommit(true, RunControl.None), commit);
                Assert.True(await Pooled.EndLegAsync(new RunLegEnd
                {
                    OutboxItemId = start.OutboxItemId, Owner = Owner, RunId = start.RunId, Status = FlowStatus.Completed,
                    Steps = [StepTry(start.RunId, "charge")], Outcome = new RunOutcome("""{"total":42}"""u8.ToArray()),
                }));

                var run = (await Journal.GetRunAsync(start.RunId))!;
                Assert.Equal(FlowStatus.Completed, run.Run.Status);
                Assert.Equal(new[] { "validate", "charge" }, run.Steps.Select(s => s.StepId));
                Assert.Equal("""{"total":42}""", System.Text.Encoding.UTF8.GetString(run.Output!));
                Assert.Equal(0L, await CountAsync(JournalTable.Outbox, start.RunId));
            }
        }

        [Fact]
        public async Task A_pooled_start_with_a_used_idempotency_key_returns_the_first_run()
        {
            var first = await Pooled.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, IdempotencyKey = "K-1" }, CancellationToken.None);
            var again = await Pooled.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, IdempotencyKey = "K-1" }, CancellationToken.None);

            Assert.Equal((first.RunId, true, false), (again.RunId, first.Created, again.Created));
        }

        [Fact]
        public async Task A_refused_pooled_write_throws_what_the_public_one_throws_and_the_next_use_of_its_object_succeeds()
        {
            var (runId, itemId) = await StartLeasedAsync(Owner, Lease);

            // A pending run cannot be paused by its worker: refused and nothing written, as through EndLegAsync.
            var error = await Assert.ThrowsAsync<RunTransitionException>(async () => await Pooled.EndLegAsync(new RunLegEnd
            {
                OutboxItemId = itemId, Owner = Owner, RunId = runId, Status = FlowStatus.Paused, Snapshot = Checkpoint(runId), Steps = [StepTry(runId, "a")],
            }));
            Assert.Equal((FlowStatus.Pending, FlowStatus.Paused), (error.From, error.To));
            Assert.Empty((await Journal.GetRunAsync(runId))!.Steps);

            // Another worker's lease: not held, nothing written.
            Assert.Equal(new CheckpointCommit(false, RunControl.None), await Pooled.SaveCheckpointAsync(new RunCheckpoint(itemId, "worker-b", Lease, Checkpoint(runId), [StepTry(runId, "b")])));
            Assert.Empty((await Journal.GetRunAsync(runId))!.Steps);

            // The same pooled writes, used again, commit.
            Assert.Equal(new CheckpointCommit(true, RunControl.None), await Pooled.SaveCheckpointAsync(new RunCheckpoint(itemId, Owner, Lease, Checkpoint(runId), [StepTry(runId, "c")])));
            Assert.True(await Pooled.EndLegAsync(new RunLegEnd { OutboxItemId = itemId, Owner = Owner, RunId = runId, Status = FlowStatus.Failed, Outcome = new RunOutcome(Error: new RunError("c", "x")) }));
            Assert.Equal(FlowStatus.Failed, await StatusAsync(runId));
            Assert.Equal(new[] { "c" }, (await Journal.GetRunAsync(runId))!.Steps.Select(s => s.StepId));

            await Assert.ThrowsAsync<JournalException>(async () => await Pooled.StartRunAsync(new NewRun { FlowId = "not-registered", FlowVersion = 1 }, CancellationToken.None));
            Assert.True((await Pooled.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1 }, CancellationToken.None)).Created);
        }

        [Fact]
        public async Task A_pooled_start_cancelled_while_queued_does_not_happen()
        {
            using var cancel = new CancellationTokenSource();
            ValueTask<RunStart> start;
            using (await Backend.HoldWriterAsync(Journal))
            {
                start = Pooled.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, IdempotencyKey = "cancelled" }, cancel.Token);
                cancel.Cancel();
            }

            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await start);
            var again = await Pooled.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, IdempotencyKey = "cancelled" }, CancellationToken.None);
            Assert.True(again.Created);
        }

        [Fact]
        public async Task Pooled_writes_queued_while_the_writer_is_busy_share_one_commit()
        {
            using var hold = await Backend.HoldWriterAsync(Journal);
            var before = Backend.Commits(Journal);

            var starts = Enumerable.Range(0, 32).Select(i => Pooled.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, IdempotencyKey = "k" + i }, CancellationToken.None).AsTask()).ToArray();
            hold.Dispose();
            var runs = await Task.WhenAll(starts);

            Assert.Equal(2, Backend.Commits(Journal) - before); // the held write's commit, then all 32 in one
            Assert.Equal(32, runs.Select(r => r.RunId).Distinct().Count());
        }
    }
}
