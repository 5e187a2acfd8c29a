using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Tests.Support;
using Xunit;

namespace Automations.Compiled.Tests
{
    /// <summary>
    /// SPEC §5 journal mode durable: the generated code hands a checkpoint to <see cref="IFlowCheckpoints"/> at every
    /// step start of the main sequence, and a run resumed from any checkpoint, in a new instance, does exactly what the
    /// rest of an uninterrupted run would have done.
    /// </summary>
    public partial class CheckpointTests
    {
        public sealed record Names(string[] Items);

        [Flow("cp-three")]
        private sealed partial class ThreeSteps : IFlow<Names>
        {
            private readonly Log _log;

            public ThreeSteps(Log log) => _log = log;

            [Action(1)]
            private string First(Names input)
            {
                _log.Add("first");
                return string.Join("-", input.Items);
            }

            [Action(2)]
            private void Second() => _log.Add("second");

            [Action(3)]
            private void Third([FromStep(nameof(First))] string joined) => _log.Add("third:" + joined);
        }

        [Flow("cp-three-checkpoint", Journal = JournalMode.Checkpoint)]
        private sealed partial class CheckpointModeSteps
        {
            private readonly Log _log;

            public CheckpointModeSteps(Log log) => _log = log;

            [Action(1)]
            private void First() => _log.Add("first");

            [Action(2)]
            private void Second() => _log.Add("second");
        }

        /// <summary>Loops, gotos, run calls, a standalone scope, variables, retries: everything a frame or a field holds.</summary>
        [Flow("cp-mixed")]
        [Variable("count", typeof(int))]
        [Variable("output", typeof(string))]
        private sealed partial class Mixed : IFlow<Names>
        {
            private readonly Log _log;
            private int _flaky;

            public Mixed(Log log) => _log = log;

            [ForEach(1)]
            private static string[] Each(Names input) => input.Items;

            [Condition(1, Parent = nameof(Each))]
            private static bool IsB([Item] string name) => name == "b";

            [Action(1, Parent = nameof(IsB), On = Endpoints.Then)]
            [Goto(nameof(Last))]
            private void Skip([Item] string name) => _log.Add("skip:" + name);

            [Set(2, "count", Parent = nameof(Each))]
            private int Middle([Item] string name, [Index] int index, [Var("count")] int count)
            {
                _log.Add($"middle:{name}@{index}");
                return count + 1;
            }

            [Action(3, Parent = nameof(Each))]
            private void Last([Item] string name) => _log.Add("last:" + name);

            [Run(2, nameof(Sub1))]
            partial void CallSub();

            [Action(3)]
            [Retry(3, InitialDelayMs = 0)]
            private void Flaky()
            {
                if (++_flaky == 1)
                {
                    throw new InvalidOperationException("first try fails");
                }

                _log.Add("flaky");
            }

            [Set(4, "output")]
            private static string Describe([Var("count")] int count, [FromStep(nameof(Each))] IReadOnlyList<string> items) => $"{items.Count} items, count {count}";

            [Action(1, Standalone = "sub")]
            private void Sub1() => _log.Add("sub-1");

            [Action(2, Standalone = "sub")]
            [Goto(nameof(Other1))]
            private void Sub2() => _log.Add("sub-2");

            [Action(1, Standalone = "other")]
            private void Other1() => _log.Add("other-1");
        }

        private sealed class Crash : Exception
        {
        }

        /// <summary>Keeps every checkpoint; can crash (throw) or decide at the n-th one.</summary>
        private sealed class Sink : IFlowCheckpoints
        {
            public List<FlowSnapshot> Saved { get; } = new();

            public int CrashAt { get; init; }

            public int DecideAt { get; init; }

            public CheckpointDecision Decision { get; init; }

            public ValueTask<CheckpointDecision> SaveAsync(FlowSnapshot snapshot, CancellationToken cancellationToken)
            {
                // Only the bytes survive a crash: keep a copy made from them.
                Saved.Add(new FlowSnapshot(snapshot.FlowId, snapshot.FlowVersion, snapshot.RunId, snapshot.TraceId, snapshot.StepId, snapshot.Wait, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(snapshot.State))));
                if (Saved.Count == CrashAt)
                {
                    throw new Crash();
                }

                return new ValueTask<CheckpointDecision>(Saved.Count == DecideAt ? Decision : CheckpointDecision.Continue);
            }
        }

        [Fact]
        public async Task A_durable_flow_checkpoints_before_every_step_after_the_first_with_outputs_so_far()
        {
            var sink = new Sink();
            var result = await new ThreeSteps(new Log()).RunAsync(new Names(new[] { "a", "b" }), new FlowRunOptions { Checkpoints = sink });

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal(new[] { "second", "third" }, sink.Saved.Select(s => s.StepId));
            Assert.All(sink.Saved, s => Assert.Equal(WaitKind.None, s.Wait.Kind));
            Assert.All(sink.Saved, s => Assert.Equal(result.RunId, s.RunId));
            Assert.Contains("\"steps.first.output\":\"a-b\"", Encoding.UTF8.GetString(sink.Saved[0].State), StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_checkpoint_mode_flow_and_a_run_without_a_sink_take_no_checkpoints()
        {
            var sink = new Sink();
            var result = await new CheckpointModeSteps(new Log()).RunAsync(new FlowRunOptions { Checkpoints = sink });

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Empty(sink.Saved);
        }

        [Fact]
        public async Task A_run_resumed_from_any_checkpoint_does_what_the_rest_of_an_uninterrupted_run_does()
        {
            var input = new Names(new[] { "a", "b", "c" });
            var straight = new Log();
            var expected = await new Mixed(straight).RunAsync(input);
            Assert.Equal(FlowStatus.Completed, expected.Status);
            Assert.Equal("3 items, count 2", expected.Output);

            var count = new Sink();
            await new Mixed(new Log()).RunAsync(input, new FlowRunOptions { Checkpoints = count });
            Assert.True(count.Saved.Count >= 15, $"only {count.Saved.Count} checkpoints");

            for (var crashAt = 1; crashAt <= count.Saved.Count; crashAt++)
            {
                var before = new Log();
                var sink = new Sink { CrashAt = crashAt };
                await Assert.ThrowsAsync<Crash>(async () => await new Mixed(before).RunAsync(input, new FlowRunOptions { Checkpoints = sink }));

                var after = new Log();
                var resumed = await new Mixed(after).ResumeAsync(sink.Saved[crashAt - 1], ResumeSignal.Continue());

                Assert.Equal(FlowStatus.Completed, resumed.Status);
                Assert.Equal(expected.Output, resumed.Output);
                Assert.Equal(straight.Entries, before.Entries.Concat(after.Entries));
            }
        }

        [Fact]
        public async Task A_pause_decision_ends_the_leg_as_paused_with_the_checkpoint_and_continue_finishes_it()
        {
            var first = new Log();
            var sink = new Sink { DecideAt = 1, Decision = CheckpointDecision.Pause };
            var paused = await new ThreeSteps(first).RunAsync(new Names(new[] { "x" }), new FlowRunOptions { Checkpoints = sink });

            Assert.Equal(FlowStatus.Paused, paused.Status);
            Assert.Equal("second", paused.Snapshot!.StepId);
            Assert.Equal(new[] { "first" }, first.Entries);

            var rest = new Log();
            var done = await new ThreeSteps(rest).ResumeAsync(paused.Snapshot, ResumeSignal.Continue());
            Assert.Equal(FlowStatus.Completed, done.Status);
            Assert.Equal(paused.RunId, done.RunId);
            Assert.Equal(new[] { "second", "third:x" }, rest.Entries);
        }

        [Fact]
        public async Task A_cancel_decision_cancels_the_run_before_the_next_step()
        {
            var log = new Log();
            var sink = new Sink { DecideAt = 2, Decision = CheckpointDecision.Cancel };
            var result = await new ThreeSteps(log).RunAsync(new Names(new[] { "x" }), new FlowRunOptions { Checkpoints = sink });

            Assert.Equal(FlowStatus.Cancelled, result.Status);
            Assert.Equal("The run was cancelled by an operator.", result.Message);
            Assert.Equal(new[] { "first", "second" }, log.Entries);
        }

        [Fact]
        public async Task Continue_only_resumes_a_checkpoint_and_a_checkpoint_only_resumes_with_continue()
        {
            var sink = new Sink { DecideAt = 1, Decision = CheckpointDecision.Pause };
            var paused = await new ThreeSteps(new Log()).RunAsync(new Names(new[] { "x" }), new FlowRunOptions { Checkpoints = sink });

            var wrongSignal = await Assert.ThrowsAsync<ArgumentException>(async () => await new ThreeSteps(new Log()).ResumeAsync(paused.Snapshot!, ResumeSignal.TimerElapsed()));
            Assert.Contains("is checkpointed before step 'second'", wrongSignal.Message, StringComparison.Ordinal);

            var waiting = await new SuspensionTests.Waiter().RunAsync();
            Assert.Equal(FlowStatus.Waiting, waiting.Status);
            await Assert.ThrowsAsync<ArgumentException>(async () => await new SuspensionTests.Waiter().ResumeAsync(waiting.Snapshot!, ResumeSignal.Continue()));
        }

        [Fact]
        public async Task The_trace_id_given_in_the_options_is_the_runs()
        {
            var traceId = System.Diagnostics.ActivityTraceId.CreateRandom();
            var sink = new Sink();
            await new ThreeSteps(new Log()).RunAsync(new Names(new[] { "x" }), new FlowRunOptions { Checkpoints = sink, TraceId = traceId });

            Assert.All(sink.Saved, s => Assert.Equal(traceId.ToHexString(), s.TraceId));
        }
    }

    public partial class SuspensionTests
    {
        /// <summary>A flow that only waits, for tests elsewhere.</summary>
        [Flow("cp-waiter")]
        internal sealed partial class Waiter
        {
            [Wait(1)]
            private static WaitSpec Pause() => Wait.For(TimeSpan.FromMinutes(5));
        }
    }
}

namespace Automations.Compiled.Tests
{
    public partial class LargeFlowTests
    {
        private sealed class CrashingSink : IFlowCheckpoints
        {
            public List<FlowSnapshot> Saved { get; } = new();

            public int CrashAt { get; init; } = int.MaxValue;

            public ValueTask<CheckpointDecision> SaveAsync(FlowSnapshot snapshot, CancellationToken cancellationToken)
            {
                Saved.Add(snapshot);
                return Saved.Count == CrashAt ? throw new TimeoutException("crash") : new ValueTask<CheckpointDecision>(CheckpointDecision.Continue);
            }
        }

        [Fact]
        public async Task A_chunked_flow_resumes_from_a_checkpoint_in_any_chunk_including_inside_a_run_call_and_a_loop()
        {
            var straight = new Log();
            var waiting = await new LargeFlow(straight).RunAsync(new Plan(false));
            var expected = (await new LargeFlow(straight).ResumeAsync(waiting.Snapshot!, ResumeSignal.Event("go"))).Status;
            Assert.Equal(FlowStatus.Completed, expected);

            var all = new CrashingSink();
            var first = await new LargeFlow(new Log()).RunAsync(new Plan(false), new FlowRunOptions { Checkpoints = all });
            Assert.Equal(FlowStatus.Waiting, first.Status);
            Assert.True(all.Saved.Count > 130, $"{all.Saved.Count} checkpoints before the wait");

            // Every 7th checkpoint, and the ones inside the run call and the foreach body.
            var points = Enumerable.Range(1, all.Saved.Count)
                .Where(i => i % 7 == 0 || all.Saved[i - 1].StepId.StartsWith("called", StringComparison.Ordinal) || all.Saved[i - 1].StepId.StartsWith("each", StringComparison.Ordinal))
                .ToList();
            Assert.Contains(points, i => all.Saved[i - 1].StepId.StartsWith("called", StringComparison.Ordinal));
            foreach (var crashAt in points)
            {
                var log = new Log();
                var sink = new CrashingSink { CrashAt = crashAt };
                await Assert.ThrowsAsync<TimeoutException>(async () => await new LargeFlow(log).RunAsync(new Plan(false), new FlowRunOptions { Checkpoints = sink }));
                var resumed = await new LargeFlow(log).ResumeAsync(sink.Saved[crashAt - 1], ResumeSignal.Continue());
                Assert.Equal(FlowStatus.Waiting, resumed.Status);
                var done = await new LargeFlow(log).ResumeAsync(resumed.Snapshot!, ResumeSignal.Event("go"));
                Assert.Equal(FlowStatus.Completed, done.Status);
                Assert.Equal(straight.Entries, log.Entries);
            }
        }
    }
}
