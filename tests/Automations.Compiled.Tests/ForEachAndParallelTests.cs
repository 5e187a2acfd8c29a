using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Tests.Support;
using Xunit;

namespace Automations.Compiled.Tests
{
    /// <summary>SPEC §2.7 foreach (scope of item/index, gotos inside the body) and §2.8 parallel (join, failure).</summary>
    public partial class ForEachAndParallelTests
    {
        public sealed record Items(string[] Names);

        [Flow("each-names")]
        private sealed partial class EachFlow : IFlow<Items>
        {
            private readonly Log _log;

            public EachFlow(Log log) => _log = log;

            [ForEach(1)]
            private static string[] EachName(Items input) => input.Names;

            [Condition(1, Parent = nameof(EachName))]
            private static bool IsB([Item] string name) => name == "b";

            [Action(1, Parent = nameof(IsB), On = Endpoints.Then)]
            [Goto(nameof(Last))]
            private void Skip([Item] string name) => _log.Add("skip:" + name);

            [Action(2, Parent = nameof(EachName))]
            private void Middle([Item] string name, [Index] int index) => _log.Add($"middle:{name}@{index}");

            [Action(3, Parent = nameof(EachName))]
            private void Last([Item] string name) => _log.Add("last:" + name);

            [Action(1, Parent = nameof(EachName), On = Endpoints.Done)]
            private void Done([FromStep(nameof(EachName))] IReadOnlyList<string> names) => _log.Add("done:" + names.Count);

            [Action(2)]
            private void After() => _log.Add("after");
        }

        [Fact]
        public async Task Foreach_runs_each_per_item_with_item_and_index_then_done_and_a_goto_in_the_body_only_ends_that_iteration()
        {
            var log = new Log();
            var trace = new FlowTrace();
            var result = await new EachFlow(log).RunAsync(new Items(new[] { "a", "b", "c" }), new FlowRunOptions { Observer = trace });

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal(
                new[] { "middle:a@0", "last:a", "skip:b", "last:b", "middle:c@2", "last:c", "done:3", "after" },
                log.Entries);
            Assert.Equal("each", trace.Records.First(r => r.StepId == "each-name").Endpoint);
        }

        [Fact]
        public async Task Foreach_over_no_items_takes_done_at_once()
        {
            var log = new Log();
            var trace = new FlowTrace();
            var result = await new EachFlow(log).RunAsync(new Items(Array.Empty<string>()), new FlowRunOptions { Observer = trace });

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal(new[] { "done:0", "after" }, log.Entries);
            Assert.Equal("done", trace.Records.Single(r => r.StepId == "each-name").Endpoint);
        }

        [Flow("each-parallel")]
        private sealed partial class ParallelEachFlow : IFlow<Items>
        {
            private readonly Log _log;
            private int _running;
            private int _peak;

            public ParallelEachFlow(Log log) => _log = log;

            public int Peak => _peak;

            [ForEach(1, Parallelism = 2)]
            private static string[] EachName(Items input) => input.Names;

            [Action(1, Parent = nameof(EachName))]
            private async Task<string> Work([Item] string name, CancellationToken cancellationToken)
            {
                var now = Interlocked.Increment(ref _running);
                InterlockedMax(ref _peak, now);
                await Task.Delay(20, cancellationToken);
                Interlocked.Decrement(ref _running);
                return name.ToUpperInvariant();
            }

            [Action(2, Parent = nameof(EachName))]
            private void Record([Item] string name, [Index] int index, [FromStep(nameof(Work))] string upper) => _log.Add($"{index}:{name}:{upper}");

            [Action(2)]
            private void After() => _log.Add("after");

            private static void InterlockedMax(ref int target, int value)
            {
                int seen;
                while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
                {
                }
            }
        }

        [Fact]
        public async Task Parallel_foreach_runs_every_item_with_its_own_outputs_and_at_most_parallelism_at_once()
        {
            var log = new Log();
            var flow = new ParallelEachFlow(log);
            var result = await flow.RunAsync(new Items(new[] { "a", "b", "c", "d", "e" }));

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal(
                new[] { "0:a:A", "1:b:B", "2:c:C", "3:d:D", "4:e:E" },
                log.Entries.Where(e => e != "after").OrderBy(e => e, StringComparer.Ordinal));
            Assert.Equal("after", log.Entries[^1]);
            Assert.InRange(flow.Peak, 1, 2);
        }

        public sealed record Plan(bool FailB, bool Recover);

        [Flow("fan-out")]
        private sealed partial class FanOutFlow : IFlow<Plan>
        {
            private readonly Log _log;

            public FanOutFlow(Log log) => _log = log;

            [Parallel(1)]
            partial void FanOut();

            [Action(1, Parent = nameof(FanOut), Branch = "slow")]
            private async Task Slow(Plan plan, CancellationToken cancellationToken)
            {
                // When the other branch fails, only cancellation can end this wait in time: a test machine that
                // starts the failing branch late must not let this one finish first.
                await Task.Delay(plan.FailB ? TimeSpan.FromSeconds(30) : TimeSpan.FromMilliseconds(300), cancellationToken);
                _log.Add("slow");
            }

            [Action(2, Parent = nameof(FanOut), Branch = "slow")]
            private void SlowTail() => _log.Add("slow-tail");

            [Action(3, Parent = nameof(FanOut), Branch = "fast")]
            private void Fast(Plan plan)
            {
                if (plan.FailB)
                {
                    throw new InvalidOperationException("fast branch broke");
                }

                _log.Add("fast");
            }

            [Action(2)]
            private void Joined() => _log.Add("joined");
        }

        [Fact]
        public async Task Parallel_branches_all_finish_before_the_step_joins()
        {
            var log = new Log();
            var result = await new FanOutFlow(log).RunAsync(new Plan(false, false));

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal(new[] { "fast", "slow", "slow-tail" }, log.Entries.Take(3).OrderBy(e => e, StringComparer.Ordinal));
            Assert.Equal("joined", log.Entries[^1]);
            Assert.True(log.Entries.ToList().IndexOf("slow") < log.Entries.ToList().IndexOf("slow-tail"));
        }

        [Fact]
        public async Task The_first_branch_failure_cancels_the_other_branches_and_fails_the_run()
        {
            var log = new Log();
            var result = await new FanOutFlow(log).RunAsync(new Plan(true, false));

            Assert.Equal(FlowStatus.Failed, result.Status);
            Assert.Equal("fast", result.Error!.StepId);
            Assert.Contains("fast branch broke", result.Error.Message, StringComparison.Ordinal);
            Assert.Empty(log.Entries); // the slow branch was cancelled before it logged; nothing joined
        }

        [Flow("fan-out-continue")]
        private sealed partial class ContinueFlow : IFlow<Plan>
        {
            private readonly Log _log;

            public ContinueFlow(Log log) => _log = log;

            [Parallel(1, OnError = OnError.Continue)]
            partial void FanOut();

            [Action(1, Parent = nameof(FanOut), Branch = "ok")]
            private async Task Ok()
            {
                await Task.Delay(50);
                _log.Add("ok");
            }

            [Action(2, Parent = nameof(FanOut), Branch = "broken")]
            private static void Broken() => throw new InvalidOperationException("broken");

            [Action(2)]
            private void Joined() => _log.Add("joined");
        }

        [Fact]
        public async Task With_onError_continue_a_failed_branch_does_not_cancel_the_others_or_fail_the_run()
        {
            var log = new Log();
            var trace = new FlowTrace();
            var result = await new ContinueFlow(log).RunAsync(new Plan(true, false), new FlowRunOptions { Observer = trace });

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal(new[] { "ok", "joined" }, log.Entries);
            Assert.Contains(trace.Records, r => r.StepId == "broken" && r.Status == StepStatus.Failed);
        }

        [Flow("fan-out-recover")]
        private sealed partial class RecoverFlow
        {
            private readonly Log _log;

            public RecoverFlow(Log log) => _log = log;

            [Parallel(1)]
            [Goto(Endpoints.Error, nameof(Recover))]
            partial void FanOut();

            [Action(1, Parent = nameof(FanOut))]
            private static void Broken() => throw new InvalidOperationException("broken");

            [Action(2)]
            private void NotReached() => _log.Add("not-reached");

            [Action(1, Standalone = "recovery")]
            private void Recover() => _log.Add("recovered");
        }

        [Fact]
        public async Task A_parallel_steps_error_endpoint_takes_a_branch_failure()
        {
            var log = new Log();
            var result = await new RecoverFlow(log).RunAsync();

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal(new[] { "recovered" }, log.Entries);
        }

        [Flow("stop-in-branch")]
        private sealed partial class StopInBranchFlow
        {
            private readonly Log _log;

            public StopInBranchFlow(Log log) => _log = log;

            [Parallel(1)]
            partial void FanOut();

            [Stop(1, Parent = nameof(FanOut), Status = FlowStatus.Cancelled, Message = "nothing to do")]
            partial void Enough();

            [Action(2, Parent = nameof(FanOut))]
            private async Task Slow(CancellationToken cancellationToken)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken); // only the stop can end it in time
                _log.Add("slow");
            }

            [Action(2)]
            private void After() => _log.Add("after");
        }

        [Fact]
        public async Task A_stop_step_inside_a_branch_ends_the_whole_run()
        {
            var log = new Log();
            var result = await new StopInBranchFlow(log).RunAsync();

            Assert.Equal(FlowStatus.Cancelled, result.Status);
            Assert.Equal("nothing to do", result.Message);
            Assert.Empty(log.Entries);
        }
    }
}
