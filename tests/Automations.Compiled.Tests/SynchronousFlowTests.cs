using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Tests.Support;
using Xunit;

namespace Automations.Compiled.Tests
{
    /// <summary>
    /// Flows in which no step awaits (synchronous actions, journal mode <c>none</c> or <c>checkpoint</c>, which take no checkpoint between steps) are generated as
    /// a plain method rather than an async one. Every way a run can end must come out the same as on the async path:
    /// a failed step, a stop, a budget, cancellation and a suspension are results, never exceptions out of RunAsync.
    /// </summary>
    public partial class SynchronousFlowTests
    {
        public sealed record Job(int Value, bool Fail, bool Stop);

        [Flow("sync-outcomes", Journal = JournalMode.Checkpoint)]
        private sealed partial class OutcomeFlow : IFlow<Job>
        {
            private readonly Log _log;
            private readonly CancellationTokenSource? _cancel;

            public OutcomeFlow(Log log, CancellationTokenSource? cancel = null)
            {
                _log = log;
                _cancel = cancel;
            }

            [Action(1)]
            private int Double(Job job)
            {
                _log.Add("double");
                _cancel?.Cancel();
                return job.Value * 2;
            }

            [Condition(2)]
            private static bool ShouldStop(Job job) => job.Stop;

            [Stop(1, Parent = nameof(ShouldStop), On = Endpoints.Then, Status = FlowStatus.Cancelled, Message = "stopped on request")]
            partial void Halt();

            [Action(3)]
            private int Check(Job job, [FromStep(nameof(Double))] int doubled)
            {
                _log.Add("check");
                return job.Fail ? throw new InvalidOperationException("value " + doubled + " refused") : doubled + 1;
            }

            [Wait(4)]
            private static WaitSpec AwaitGo() => Wait.ForEvent("go", TimeSpan.FromMinutes(5));

            [Action(5)]
            private void Finish([FromStep(nameof(Check))] int checkedValue) => _log.Add("finish:" + checkedValue);
        }

        [Flow("sync-endless", Journal = JournalMode.None, StepBudget = 20, GotoHopBudget = 1_000)]
        private sealed partial class EndlessFlow
        {
            [Action(1)]
            private static void Ping()
            {
            }

            [Condition(2)]
            [Goto(Endpoints.Then, nameof(Ping))]
            private static bool Again() => true;
        }

        [Flow("async-twin", Journal = JournalMode.None)]
        private sealed partial class AsyncFlow
        {
            [Action(1)]
            private static async Task<int> Slow()
            {
                await Task.Yield();
                return 1;
            }
        }

        [Fact]
        public async Task A_run_without_awaits_completes_synchronously()
        {
            var log = new Log();
            var pending = new OutcomeFlow(log).RunAsync(new Job(4, Fail: false, Stop: false));

            Assert.True(pending.IsCompletedSuccessfully);
            Assert.Equal(FlowStatus.Waiting, (await pending).Status);
            Assert.Equal(new[] { "double", "check" }, log.Entries);
        }

        [Fact]
        public async Task A_suspended_run_resumes_and_completes()
        {
            var log = new Log();
            var flow = new OutcomeFlow(log);
            var waiting = await flow.RunAsync(new Job(4, Fail: false, Stop: false));

            var done = await flow.ResumeAsync(waiting.Snapshot!, ResumeSignal.Event("go"));

            Assert.Equal(FlowStatus.Completed, done.Status);
            Assert.Equal(waiting.RunId, done.RunId);
            Assert.Equal(new[] { "double", "check", "finish:9" }, log.Entries);
        }

        [Fact]
        public async Task A_failing_step_fails_the_run_with_its_error()
        {
            var log = new Log();
            var result = await new OutcomeFlow(log).RunAsync(new Job(4, Fail: true, Stop: false));

            Assert.Equal(FlowStatus.Failed, result.Status);
            Assert.Equal("check", result.Error!.StepId);
            Assert.Contains("value 8 refused", result.Error.Message, StringComparison.Ordinal);
            Assert.Equal(new[] { "double", "check" }, log.Entries);
        }

        [Fact]
        public async Task A_stop_step_ends_the_run_with_its_status_and_message()
        {
            var log = new Log();
            var result = await new OutcomeFlow(log).RunAsync(new Job(4, Fail: false, Stop: true));

            Assert.Equal(FlowStatus.Cancelled, result.Status);
            Assert.Equal("stopped on request", result.Message);
            Assert.Equal(new[] { "double" }, log.Entries);
        }

        [Fact]
        public async Task Cancellation_between_steps_cancels_the_run()
        {
            using var cancel = new CancellationTokenSource();
            var log = new Log();
            var result = await new OutcomeFlow(log, cancel).RunAsync(new Job(4, Fail: false, Stop: false), cancellationToken: cancel.Token);

            Assert.Equal(FlowStatus.Cancelled, result.Status);
            Assert.Equal(new[] { "double" }, log.Entries);
        }

        [Fact]
        public async Task A_run_over_its_step_budget_fails_with_the_reason()
        {
            var result = await new EndlessFlow().RunAsync();

            Assert.Equal(FlowStatus.Failed, result.Status);
            Assert.Contains("step budget of 20", result.Error!.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task The_machine_is_reused_after_a_failure_and_the_next_run_starts_clean()
        {
            var log = new Log();
            var flow = new OutcomeFlow(log);
            var failed = await flow.RunAsync(new Job(4, Fail: true, Stop: false));
            var next = await flow.RunAsync(new Job(5, Fail: false, Stop: false));

            Assert.Equal(FlowStatus.Failed, failed.Status);
            Assert.Equal(FlowStatus.Waiting, next.Status);
            Assert.NotEqual(failed.RunId, next.RunId);
            Assert.Equal(new[] { "double", "check", "double", "check" }, log.Entries);
        }

        [Fact]
        public void Only_flows_whose_steps_never_await_get_the_synchronous_path()
        {
            Assert.False(IsAsync(typeof(OutcomeFlow)));
            Assert.False(IsAsync(typeof(EndlessFlow)));
            Assert.False(IsAsync(typeof(LargeSynchronousFlow)));
            Assert.True(IsAsync(typeof(AsyncFlow)));
        }

        [Fact]
        public async Task A_large_synchronous_flow_runs_its_chunks_in_order_and_jumps_across_them()
        {
            var machine = typeof(LargeSynchronousFlow).GetNestedType("__Machine", System.Reflection.BindingFlags.NonPublic)!;
            var chunks = machine.GetMethods(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)
                .Where(m => m.Name.StartsWith("Chunk", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, chunks.Count); // 81 main-context steps (the 80 and the jump) in chunks of 64
            Assert.All(chunks, chunk => Assert.Equal(typeof(int), chunk.ReturnType));

            var log = new Log();
            var pending = new LargeSynchronousFlow(log).RunAsync(new Job(0, Fail: false, Stop: false));
            Assert.True(pending.IsCompletedSuccessfully);
            Assert.Equal(FlowStatus.Completed, (await pending).Status);
            Assert.Equal(Enumerable.Range(1, 80).Where(i => i != 5).Select(i => i.ToString()), log.Entries);

            var jumped = new Log();
            Assert.Equal(FlowStatus.Completed, (await new LargeSynchronousFlow(jumped).RunAsync(new Job(0, Fail: false, Stop: true))).Status);
            Assert.Equal(new[] { "1", "2", "3", "4", "jump" }.Concat(Enumerable.Range(70, 11).Select(i => i.ToString())), jumped.Entries);

            var failed = await new LargeSynchronousFlow(new Log()).RunAsync(new Job(0, Fail: true, Stop: false));
            Assert.Equal(FlowStatus.Failed, failed.Status);
            Assert.Equal("s40", failed.Error!.StepId);
        }

        // The generated machine's ExecuteAsync carries [AsyncStateMachine] only when it is an async method.
        private static bool IsAsync(Type flow)
        {
            var machine = flow.GetNestedType("__Machine", System.Reflection.BindingFlags.NonPublic)!;
            var execute = machine.GetMethod("ExecuteAsync", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
            return execute.GetCustomAttributes(typeof(System.Runtime.CompilerServices.AsyncStateMachineAttribute), inherit: false).Length > 0;
        }
    }
}
