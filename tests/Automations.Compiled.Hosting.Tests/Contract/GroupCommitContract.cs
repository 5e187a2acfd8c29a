using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>One writer commits whatever is queued in one transaction; each caller learns the fate of its own write.</summary>
    public abstract class GroupCommitContract<TBackend> : JournalTest<TBackend>
        where TBackend : IJournalBackend, new()
    {
        private readonly ITestOutputHelper _output;

        protected GroupCommitContract(ITestOutputHelper output) => _output = output;

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
            using var listener = Listen(Backend.JournalMeter(Journal), (name, value) =>
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
            var before = Backend.Commits(Journal);

            await Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
            {
                for (var i = 0; i < PerTask; i++)
                {
                    await Journal.AppendStepAsync(Step(runs[t % runs.Length], $"task{t}", attempt: i + 1));
                }
            })));

            var commits = Backend.Commits(Journal) - before;
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
            using var hold = await Backend.HoldWriterAsync(Journal);
            var before = Backend.Commits(Journal);

            var appends = Enumerable.Range(1, 64).Select(i => Journal.AppendStepAsync(Step(runId, "s", i))).ToArray();
            hold.Dispose();
            await Task.WhenAll(appends);

            Assert.Equal(2, Backend.Commits(Journal) - before); // the held write's commit, then all 64 in one
            Assert.Equal(64, (await Journal.GetRunAsync(runId))!.Steps.Count);
        }

        [Fact]
        public async Task A_refused_write_is_undone_alone_and_the_rest_of_its_batch_commits()
        {
            var runId = await StartAsync();
            using var hold = await Backend.HoldWriterAsync(Journal);

            var first = Journal.AppendStepAsync(Step(runId, "first", 1));
            var refused = Journal.SetStatusAsync(runId, FlowStatus.Paused).ContinueWith(t => t, TaskScheduler.Default);
            var missing = Journal.AppendStepAsync(Step(Guid.NewGuid(), "orphan", 1)).ContinueWith(t => t, TaskScheduler.Default);
            var last = Journal.AppendStepAsync(Step(runId, "last", 1));
            var before = Backend.Commits(Journal);
            hold.Dispose();

            await Task.WhenAll(first, last);
            Assert.Equal(2, Backend.Commits(Journal) - before); // the held write's commit, then the four writes' one
            Assert.IsType<RunTransitionException>((await refused).Exception!.InnerException);
            Assert.Contains("does not exist", (await missing).Exception!.InnerException!.Message);
            Assert.Equal(new[] { "first", "last" }, (await Journal.GetRunAsync(runId))!.Steps.Select(s => s.StepId));
            Assert.Equal(FlowStatus.Pending, await StatusAsync(runId));
        }

        [Fact]
        public async Task A_write_cancelled_before_the_writer_takes_it_does_not_happen()
        {
            var runId = await StartAsync();
            using var cancel = new CancellationTokenSource();
            using var hold = await Backend.HoldWriterAsync(Journal);

            var append = Journal.AppendStepAsync(Step(runId, "cancelled", 1), cancel.Token);
            cancel.Cancel();
            hold.Dispose();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => append);
            await Journal.AppendStepAsync(Step(runId, "kept", 1));
            Assert.Equal(new[] { "kept" }, (await Journal.GetRunAsync(runId))!.Steps.Select(s => s.StepId));
        }

        private StepEntry Step(Guid runId, string stepId, int attempt)
            => new(runId, stepId, attempt, StepStatus.Succeeded, Endpoints.Success, Clock.GetUtcNow(), Clock.GetUtcNow(), [(byte)attempt]);

        private static MeterListener Listen(Meter meter, Action<string, long> measured)
        {
            var listener = new MeterListener
            {
                InstrumentPublished = (instrument, l) =>
                {
                    if (ReferenceEquals(instrument.Meter, meter))
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
    }
}
