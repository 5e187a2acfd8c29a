using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Sqlite;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Automations.Compiled.Hosting.Tests
{
    /// <summary>One writer commits whatever is queued in one transaction; each caller learns the fate of its own write.</summary>
    public sealed class GroupCommitTests : JournalTest
    {
        private readonly ITestOutputHelper _output;

        public GroupCommitTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task Steps_appended_from_64_tasks_all_land_in_fewer_commits_than_records()
        {
            const int Tasks = 64, PerTask = 8;
            var runs = new Guid[8];
            for (var i = 0; i < runs.Length; i++)
            {
                runs[i] = await StartAsync();
            }

            long commitsSeen = 0, writesSeen = 0;
            using var listener = Listen(Journal, (name, value) =>
            {
                if (name == "automations.journal.commits")
                {
                    Interlocked.Add(ref commitsSeen, value);
                }
                else if (name == "automations.journal.batch.size")
                {
                    Interlocked.Add(ref writesSeen, value);
                }
            });
            var before = Journal.Commits;

            await Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
            {
                for (var i = 0; i < PerTask; i++)
                {
                    await Journal.AppendStepAsync(Step(runs[t % runs.Length], $"task{t}", attempt: i + 1));
                }
            })));

            var commits = Journal.Commits - before;
            _output.WriteLine($"{Tasks * PerTask} step records in {commits} commits");
            Assert.InRange(commits, 1, (Tasks * PerTask) - 1);
            Assert.Equal(commits, Interlocked.Read(ref commitsSeen));
            Assert.Equal(Tasks * PerTask, Interlocked.Read(ref writesSeen));
            for (var r = 0; r < runs.Length; r++)
            {
                var steps = (await Journal.GetRunAsync(runs[r]))!.Steps;
                var expected = Enumerable.Range(0, Tasks).Where(t => t % runs.Length == r)
                    .SelectMany(t => Enumerable.Range(1, PerTask).Select(a => $"task{t}#{a}"))
                    .Order(StringComparer.Ordinal);
                Assert.Equal(expected, steps.Select(s => $"{s.StepId}#{s.Attempt}").Order(StringComparer.Ordinal));

                // Each task awaited its previous write, so its own records are committed in order.
                foreach (var task in steps.GroupBy(s => s.StepId))
                {
                    Assert.Equal(Enumerable.Range(1, PerTask), task.Select(s => s.Attempt));
                }
            }
        }

        [Fact]
        public async Task Writes_queued_while_the_writer_is_busy_share_one_commit()
        {
            var runId = await StartAsync();
            using var hold = new WriterHold(Journal);
            await hold.HeldAsync;
            var before = Journal.Commits;

            var appends = Enumerable.Range(1, 64).Select(i => Journal.AppendStepAsync(Step(runId, "s", i))).ToArray();
            hold.Release();
            await Task.WhenAll(appends);

            Assert.Equal(2, Journal.Commits - before); // the held write's commit, then all 64 in one
            Assert.Equal(64, (await Journal.GetRunAsync(runId))!.Steps.Count);
        }

        [Fact]
        public async Task A_batch_is_no_larger_than_the_maximum()
        {
            await using var journal = await SqliteRunJournal.OpenAsync(new SqliteJournalOptions { Path = Folder.File("small-batches.db"), TimeProvider = Clock, MaxBatchSize = 16 });
            await journal.RegisterFlowVersionAsync(new FlowVersionRecord(Flow, 1, "hash-1"));
            var runId = (await journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1 })).RunId;
            using var hold = new WriterHold(journal);
            await hold.HeldAsync;
            var before = journal.Commits;

            var appends = Enumerable.Range(1, 64).Select(i => journal.AppendStepAsync(Step(runId, "s", i))).ToArray();
            hold.Release();
            await Task.WhenAll(appends);

            Assert.Equal(1 + (64 / 16), journal.Commits - before);
        }

        [Fact]
        public async Task A_refused_write_is_undone_alone_and_the_rest_of_its_batch_commits()
        {
            var runId = await StartAsync();
            using var hold = new WriterHold(Journal);
            await hold.HeldAsync;

            var first = Journal.AppendStepAsync(Step(runId, "first", 1));
            var refused = Journal.SetStatusAsync(runId, FlowStatus.Paused).ContinueWith(t => t, TaskScheduler.Default);
            var missing = Journal.AppendStepAsync(Step(Guid.NewGuid(), "orphan", 1)).ContinueWith(t => t, TaskScheduler.Default);
            var last = Journal.AppendStepAsync(Step(runId, "last", 1));
            var before = Journal.Commits;
            hold.Release();

            await Task.WhenAll(first, last);
            Assert.Equal(2, Journal.Commits - before); // the held write's commit, then the four writes' one
            Assert.IsType<RunTransitionException>((await refused).Exception!.InnerException);
            Assert.Contains("does not exist", (await missing).Exception!.InnerException!.Message);
            Assert.Equal(new[] { "first", "last" }, (await Journal.GetRunAsync(runId))!.Steps.Select(s => s.StepId));
            Assert.Equal(FlowStatus.Pending, await StatusAsync(runId));
        }

        [Fact]
        public async Task A_batch_that_cannot_commit_fails_exactly_its_callers()
        {
            var runId = await StartAsync();
            using var hold = new WriterHold(Journal);
            await hold.HeldAsync;

            var a = Journal.AppendStepAsync(Step(runId, "a", 1));

            // Ends the transaction under the writer's feet, as a disk error would: the batch's COMMIT then fails.
            var breaker = Journal.Writer.WriteAsync(w => w.Command("ROLLBACK").ExecuteNonQuery(), CancellationToken.None);
            var c = Journal.AppendStepAsync(Step(runId, "c", 1));
            hold.Release();

            foreach (var write in new Task[] { a, breaker, c })
            {
                var error = await Assert.ThrowsAsync<JournalException>(() => write);
                Assert.Contains("none of them happened", error.Message);
            }

            await Journal.AppendStepAsync(Step(runId, "after", 1));
            Assert.Equal(new[] { "after" }, (await Journal.GetRunAsync(runId))!.Steps.Select(s => s.StepId));
        }

        [Fact]
        public async Task A_write_cancelled_before_the_writer_takes_it_does_not_happen()
        {
            var runId = await StartAsync();
            using var cancel = new CancellationTokenSource();
            using var hold = new WriterHold(Journal);
            await hold.HeldAsync;

            var append = Journal.AppendStepAsync(Step(runId, "cancelled", 1), cancel.Token);
            cancel.Cancel();
            hold.Release();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => append);
            await Journal.AppendStepAsync(Step(runId, "kept", 1));
            Assert.Equal(new[] { "kept" }, (await Journal.GetRunAsync(runId))!.Steps.Select(s => s.StepId));
        }

        private StepEntry Step(Guid runId, string stepId, int attempt)
            => new(runId, stepId, attempt, StepStatus.Succeeded, Endpoints.Success, Clock.GetUtcNow(), Clock.GetUtcNow(), [(byte)attempt]);

        private static MeterListener Listen(SqliteRunJournal journal, Action<string, long> measured)
        {
            var listener = new MeterListener
            {
                InstrumentPublished = (instrument, l) =>
                {
                    if (ReferenceEquals(instrument.Meter, journal.Meter))
                    {
                        l.EnableMeasurementEvents(instrument);
                    }
                },
            };
            listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measured(instrument.Name, value));
            listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => measured(instrument.Name, value));
            listener.Start();
            return listener;
        }

        /// <summary>Keeps the writer busy inside a write until released, so the test can line up the next batch.</summary>
        private sealed class WriterHold : IDisposable
        {
            private readonly ManualResetEventSlim _release = new();
            private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public WriterHold(SqliteRunJournal journal)
                => journal.Writer.WriteAsync(
                    _ =>
                    {
                        _held.SetResult();
                        _release.Wait(TimeSpan.FromSeconds(10));
                        return true;
                    },
                    CancellationToken.None);

            public Task HeldAsync => _held.Task;

            public void Release() => _release.Set();

            // Not disposed: the writer may still be waking from Wait when the test ends.
            public void Dispose() => _release.Set();
        }
    }
}
