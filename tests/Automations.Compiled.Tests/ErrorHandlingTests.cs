using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Tests.Support;
using Xunit;

namespace Automations.Compiled.Tests
{
    /// <summary>SPEC §4: retries with backoff and jitter, error endpoints, onError continue/fail/rollback, safeguards.</summary>
    public partial class ErrorHandlingTests
    {
        public sealed record Script(int Failures);

        [Flow("flaky")]
        private sealed partial class FlakyFlow : IFlow<Script>
        {
            private int _calls;

            public int Calls => _calls;

            [Action(1)]
            [Retry(4, InitialDelayMs = 100, Multiplier = 3, MaxDelayMs = 500)]
            private int Call(Script script, StepContext step)
            {
                if (Interlocked.Increment(ref _calls) <= script.Failures)
                {
                    throw new TimeoutException($"attempt {step.Attempt} timed out");
                }

                return step.Attempt;
            }
        }

        [Fact]
        public async Task A_step_is_retried_with_exponential_backoff_until_it_succeeds()
        {
            var time = new RecordingTimeProvider();
            var trace = new FlowTrace();
            var flow = new FlakyFlow();

            var result = await flow.RunAsync(new Script(2), new FlowRunOptions { TimeProvider = time, Observer = trace });

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal(3, flow.Calls);
            Assert.Equal(new[] { 100.0, 300.0 }, time.Delays.Select(d => d.TotalMilliseconds));
            Assert.Equal(new[] { 1, 2, 3 }, trace.Records.Select(r => r.Attempt));
            Assert.Equal(new[] { StepStatus.Failed, StepStatus.Failed, StepStatus.Succeeded }, trace.Records.Select(r => r.Status));
        }

        [Fact]
        public async Task Attempts_count_every_try_and_delays_are_capped_then_the_run_fails()
        {
            var time = new RecordingTimeProvider();
            var flow = new FlakyFlow();

            var result = await flow.RunAsync(new Script(int.MaxValue), new FlowRunOptions { TimeProvider = time });

            Assert.Equal(FlowStatus.Failed, result.Status);
            Assert.Equal(4, flow.Calls);
            Assert.Equal(new[] { 100.0, 300.0, 500.0 }, time.Delays.Select(d => d.TotalMilliseconds));
            Assert.Equal("call", result.Error!.StepId);
            Assert.Equal("attempt 4 timed out", result.Error.Message);
            Assert.Equal(typeof(TimeoutException).FullName, result.Error.ExceptionType);
        }

        [Flow("jittery")]
        private sealed partial class JitterFlow
        {
            [Action(1)]
            [Retry(6, InitialDelayMs = 1000, Multiplier = 1, Jitter = 0.5)]
            private static void Fail() => throw new InvalidOperationException("always");
        }

        [Fact]
        public async Task Jitter_spreads_each_delay_within_its_bounds_and_a_seed_makes_it_reproducible()
        {
            var first = new RecordingTimeProvider();
            var second = new RecordingTimeProvider();
            await new JitterFlow().RunAsync(new FlowRunOptions { TimeProvider = first, JitterSeed = 7 });
            await new JitterFlow().RunAsync(new FlowRunOptions { TimeProvider = second, JitterSeed = 7 });

            Assert.Equal(5, first.Delays.Count);
            Assert.All(first.Delays, d => Assert.InRange(d.TotalMilliseconds, 500, 1500));
            Assert.True(first.Delays.Distinct().Count() > 1, "jitter should vary the delays");
            Assert.Equal(first.Delays, second.Delays);
        }

        [Flow("compensating")]
        private sealed partial class RollbackFlow : IFlow<Script>
        {
            private readonly Log _log;

            public RollbackFlow(Log log) => _log = log;

            [Action(1)]
            private string Reserve()
            {
                _log.Add("reserve");
                return "res-1";
            }

            [Compensate(nameof(Reserve))]
            private void Release([FromStep(nameof(Reserve))] string reservation) => _log.Add("release:" + reservation);

            [Action(2)]
            private void Charge() => _log.Add("charge");

            [Compensate(nameof(Charge))]
            private void Refund() => _log.Add("refund");

            [Action(3)]
            private void NoUndo() => _log.Add("no-undo");

            [Action(4, OnError = OnError.Rollback)]
            private void Ship(Script script)
            {
                if (script.Failures > 0)
                {
                    throw new InvalidOperationException("carrier down");
                }

                _log.Add("ship");
            }
        }

        [Fact]
        public async Task Rollback_runs_the_compensations_of_completed_steps_newest_first_then_fails()
        {
            var log = new Log();
            var trace = new FlowTrace();
            var result = await new RollbackFlow(log).RunAsync(new Script(1), new FlowRunOptions { Observer = trace });

            Assert.Equal(FlowStatus.Failed, result.Status);
            Assert.Equal("ship", result.Error!.StepId);
            Assert.Equal(new[] { "reserve", "charge", "no-undo", "refund", "release:res-1" }, log.Entries);
            Assert.Equal(
                new[] { "charge", "reserve" },
                trace.Records.Where(r => r.Status == StepStatus.Compensated).Select(r => r.StepId));
        }

        [Fact]
        public async Task Compensations_do_not_run_when_nothing_fails()
        {
            var log = new Log();
            var result = await new RollbackFlow(log).RunAsync(new Script(0));

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal(new[] { "reserve", "charge", "no-undo", "ship" }, log.Entries);
        }

        [Flow("continue-or-handle")]
        private sealed partial class ContinueFlow
        {
            private readonly Log _log;

            public ContinueFlow(Log log) => _log = log;

            [Action(1, OnError = OnError.Continue)]
            private static void Optional() => throw new InvalidOperationException("optional failed");

            [Action(2)]
            private static void Important() => throw new InvalidOperationException("important failed");

            [Action(1, Parent = nameof(Important), On = Endpoints.Error)]
            private void Handle() => _log.Add("handled");

            [Action(3)]
            private void After() => _log.Add("after");
        }

        [Fact]
        public async Task OnError_continue_goes_on_with_the_next_sibling_and_nested_error_steps_return_to_the_tree()
        {
            var log = new Log();
            var trace = new FlowTrace();
            var result = await new ContinueFlow(log).RunAsync(new FlowRunOptions { Observer = trace });

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal(new[] { "handled", "after" }, log.Entries);
            Assert.Equal("error", trace.Records.Single(r => r.StepId == "important").Endpoint);
        }

        [Flow("ping-pong", StepBudget = 50, GotoHopBudget = 1_000)]
        private sealed partial class EndlessFlow
        {
            [Action(1)]
            private static void Ping()
            {
            }

            // A condition that always says "again": a loop the analyzers cannot prove endless (AUTO2007 would stop a plain one).
            [Condition(2)]
            [Goto(Endpoints.Then, nameof(Ping))]
            private static bool Pong() => true;
        }

        [Flow("ping-pong-hops", StepBudget = 10_000, GotoHopBudget = 5)]
        private sealed partial class HoppingFlow
        {
            [Action(1)]
            private static void Ping()
            {
            }

            // A condition that always says "again": a loop the analyzers cannot prove endless (AUTO2007 would stop a plain one).
            [Condition(2)]
            [Goto(Endpoints.Then, nameof(Ping))]
            private static bool Pong() => true;
        }

        [Fact]
        public async Task A_run_that_exceeds_its_step_budget_fails_with_a_clear_reason()
        {
            var result = await new EndlessFlow().RunAsync();

            Assert.Equal(FlowStatus.Failed, result.Status);
            Assert.Null(result.Error!.StepId);
            Assert.Contains("step budget of 50", result.Error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_run_that_exceeds_its_goto_hop_budget_fails_with_a_clear_reason()
        {
            var trace = new FlowTrace();
            var result = await new HoppingFlow().RunAsync(new FlowRunOptions { Observer = trace });

            Assert.Equal(FlowStatus.Failed, result.Status);
            Assert.Contains("goto-hop budget of 5", result.Error!.Message, StringComparison.Ordinal);
            Assert.Equal(12, trace.Records.Count); // ping-pong 6 times: the 6th goto trips the budget
        }

        [Flow("cancellable")]
        private sealed partial class SlowFlow
        {
            private readonly CancellationTokenSource _cancel;
            private readonly Log _log;

            public SlowFlow(CancellationTokenSource cancel, Log log)
            {
                _cancel = cancel;
                _log = log;
            }

            [Action(1)]
            private void First()
            {
                _log.Add("first");
                _cancel.Cancel();
            }

            [Action(2)]
            private void Second() => _log.Add("second");
        }

        [Fact]
        public async Task Cancellation_stops_the_run_at_the_next_step_boundary()
        {
            using var cancel = new CancellationTokenSource();
            var log = new Log();
            var result = await new SlowFlow(cancel, log).RunAsync(cancellationToken: cancel.Token);

            Assert.Equal(FlowStatus.Cancelled, result.Status);
            Assert.Equal(new[] { "first" }, log.Entries);
        }

        [Fact]
        public void Retry_delays_follow_the_documented_formula()
        {
            Assert.Equal(TimeSpan.FromMilliseconds(100), Runtime.RetryDelays.Compute(2, 100, 2, 10_000, 0, 0.5));
            Assert.Equal(TimeSpan.FromMilliseconds(200), Runtime.RetryDelays.Compute(3, 100, 2, 10_000, 0, 0.5));
            Assert.Equal(TimeSpan.FromMilliseconds(800), Runtime.RetryDelays.Compute(5, 100, 2, 10_000, 0, 0.5));
            Assert.Equal(TimeSpan.FromMilliseconds(1_000), Runtime.RetryDelays.Compute(9, 100, 2, 1_000, 0, 0.5));
            Assert.Equal(TimeSpan.FromMilliseconds(50), Runtime.RetryDelays.Compute(2, 100, 2, 1_000, 0.5, 0.0));
            Assert.Equal(TimeSpan.FromMilliseconds(150), Runtime.RetryDelays.Compute(2, 100, 2, 1_000, 0.5, 1.0));
        }
    }
}
