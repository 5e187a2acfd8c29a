using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Tests.Support;
using Xunit;

namespace Automations.Compiled.Tests
{
    /// <summary>
    /// The straight path: a run with no options and no token of a flow that cannot suspend, await, retry, jump or loop
    /// runs a static copy of its steps over locals, without the machine. Every way such a run ends must come out exactly
    /// as on the machine (options given), and a token or options must still take the machine.
    /// </summary>
    public partial class StraightPathTests
    {
        public sealed record Job(int Value, string Mode);

        [Flow("straight-outcomes", Journal = JournalMode.None)]
        [Variable("note", typeof(string))]
        [Variable("output", typeof(int))]
        private sealed partial class OutcomeFlow : IFlow<Job>
        {
            private readonly Log _log;

            public OutcomeFlow(Log log) => _log = log;

            [Action(1)]
            private int Double(Job job)
            {
                _log.Add(job.Mode == "trace" && new StackTrace().ToString().Contains("RunStraight", StringComparison.Ordinal) ? "double (straight)" : "double");
                return job.Value * 2;
            }

            [Condition(2)]
            private static bool Large([FromStep(nameof(Double))] int doubled) => doubled > 100;

            [Set(1, "note", Parent = nameof(Large), On = Endpoints.Then)]
            private static string Big() => "big";

            [Set(1, "note", Parent = nameof(Large), On = Endpoints.Else)]
            private static string Small() => "small";

            [Action(3, OnError = OnError.Continue)]
            private void Optional(Job job)
            {
                if (job.Mode == "continue")
                {
                    throw new InvalidOperationException("optional failed");
                }

                _log.Add("optional");
            }

            [Action(4)]
            private static int Guarded(Job job) => job.Mode == "error-endpoint" ? throw new FormatException("guard refused") : 2;

            [Set(1, "note", Parent = nameof(Guarded), On = Endpoints.Error)]
            private static string Recovered() => "recovered";

            [Condition(5)]
            private static bool StopsCompleted(Job job) => job.Mode == "stop-completed";

            [Stop(1, Parent = nameof(StopsCompleted), On = Endpoints.Then, Message = "done early")]
            partial void EndEarly();

            [Condition(6)]
            private static bool StopsFailed(Job job) => job.Mode == "stop-failed";

            [Stop(1, Parent = nameof(StopsFailed), On = Endpoints.Then, Status = FlowStatus.Failed)]
            private static string Refuse(Job job) => "refused " + job.Value;

            [Condition(7)]
            private static bool StopsCancelled(Job job) => job.Mode == "stop-cancelled";

            [Stop(1, Parent = nameof(StopsCancelled), On = Endpoints.Then, Status = FlowStatus.Cancelled, Message = "cancelled on request")]
            partial void Cancel();

            [Action(8)]
            private int Check(Job job, [FromStep(nameof(Double))] int doubled)
            {
                _log.Add("check");
                return job.Mode == "fail" ? throw new InvalidOperationException("value " + doubled + " refused") : doubled + 1;
            }

            [Set(9, "output")]
            private static int Output([FromStep(nameof(Check))] int checkedValue, [Var("note")] string note) => (checkedValue * 100) + note.Length;
        }

        public static IEnumerable<object?[]> Outcomes() => new[]
        {
            // mode, value, status, output, message, failed step, error message, exception type, log
            new object?[] { "ok", 60, FlowStatus.Completed, 12_103, null, null, null, null, "double optional check" },
            new object?[] { "ok", 10, FlowStatus.Completed, 2_105, null, null, null, null, "double optional check" },
            new object?[] { "continue", 10, FlowStatus.Completed, 2_105, null, null, null, null, "double check" },
            new object?[] { "error-endpoint", 60, FlowStatus.Completed, 12_109, null, null, null, null, "double optional check" },
            new object?[] { "stop-completed", 60, FlowStatus.Completed, 0, "done early", null, null, null, "double optional" },
            new object?[] { "stop-failed", 7, FlowStatus.Failed, null, "refused 7", null, "refused 7", null, "double optional" },
            new object?[] { "stop-cancelled", 7, FlowStatus.Cancelled, null, "cancelled on request", null, null, null, "double optional" },
            new object?[] { "fail", 21, FlowStatus.Failed, null, null, "check", "value 42 refused", "System.InvalidOperationException", "double optional check" },
        };

        [Theory]
        [MemberData(nameof(Outcomes))]
        public async Task A_straight_run_ends_as_the_machine_does(
            string mode, int value, FlowStatus status, int? output, string? message, string? failedStep, string? error, string? exceptionType, string log)
        {
            var straightLog = new Log();
            var straight = await new OutcomeFlow(straightLog).RunAsync(new Job(value, mode));
            var machineLog = new Log();
            var machine = await new OutcomeFlow(machineLog).RunAsync(new Job(value, mode), new FlowRunOptions());

            foreach (var (result, entries) in new[] { (straight, straightLog), (machine, machineLog) })
            {
                Assert.Equal(status, result.Status);
                Assert.Equal(output, (int?)result.Output);
                Assert.Equal(message, result.Message);
                Assert.Equal(failedStep, result.Error?.StepId);
                Assert.Equal(error, result.Error?.Message);
                Assert.Equal(exceptionType, result.Error?.ExceptionType);
                Assert.Null(result.Snapshot);
                Assert.NotEqual(Guid.Empty, result.RunId);
                Assert.Equal(log, string.Join(" ", entries.Entries));
            }
        }

        [Fact]
        public async Task Only_a_run_without_options_or_token_takes_the_straight_path()
        {
            var log = new Log();
            var flow = new OutcomeFlow(log);
            using var token = new CancellationTokenSource();

            await flow.RunAsync(new Job(1, "trace"));
            await flow.RunAsync(new Job(1, "trace"), new FlowRunOptions());
            await flow.RunAsync(new Job(1, "trace"), cancellationToken: token.Token);

            Assert.Equal(new[] { "double (straight)", "double", "double" }, log.Entries.Where(e => e.StartsWith("double", StringComparison.Ordinal)));
        }

        [Fact]
        public async Task A_cancelled_token_still_cancels_a_flow_that_has_a_straight_path()
        {
            var log = new Log();
            using var token = new CancellationTokenSource();
            token.Cancel();

            var result = await new OutcomeFlow(log).RunAsync(new Job(1, "ok"), cancellationToken: token.Token);

            Assert.Equal(FlowStatus.Cancelled, result.Status);
            Assert.Empty(log.Entries);
        }

        [Fact]
        public async Task An_observer_still_sees_every_step_of_a_flow_that_has_a_straight_path()
        {
            var trace = new FlowTrace();

            await new OutcomeFlow(new Log()).RunAsync(new Job(60, "error-endpoint"), new FlowRunOptions { Observer = trace });

            Assert.Equal(
                new[] { "double:success", "large:then", "big:success", "optional:success", "guarded:error", "recovered:success", "stops-completed:else", "stops-failed:else", "stops-cancelled:else", "check:success", "output:success" },
                trace.Records.Select(r => r.StepId + ":" + r.Endpoint));
        }

        [Fact]
        public async Task Straight_runs_get_distinct_run_ids()
        {
            var flow = new OutcomeFlow(new Log());
            var ids = new HashSet<Guid>();
            for (var i = 0; i < 1_000; i++)
            {
                ids.Add((await flow.RunAsync(new Job(i, "ok"))).RunId);
            }

            var other = await Task.Run(async () => (await flow.RunAsync(new Job(0, "ok"))).RunId);

            Assert.Equal(1_000, ids.Count);
            Assert.DoesNotContain(Guid.Empty, ids);
            Assert.DoesNotContain(other, ids);
        }

        [Flow("straight-over-budget", Journal = JournalMode.None, StepBudget = 2)]
        private sealed partial class OverBudgetFlow
        {
            [Action(1)]
            private static void First()
            {
            }

            [Action(2)]
            private static void Second()
            {
            }

            [Action(3)]
            private static void Third()
            {
            }
        }

        [Fact]
        public async Task A_flow_with_more_steps_than_its_budget_still_fails_on_the_budget()
        {
            // Three steps can never fit a budget of two: the bound does not hold, so the budget is counted, with or without options.
            var straight = await new OverBudgetFlow().RunAsync();
            var machine = await new OverBudgetFlow().RunAsync(new FlowRunOptions());

            foreach (var result in new[] { straight, machine })
            {
                Assert.Equal(FlowStatus.Failed, result.Status);
                Assert.Equal("The run exceeded its step budget of 2 step executions.", result.Error?.Message);
            }
        }
    }
}
