using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Tests.Support;
using Xunit;

namespace Automations.Compiled.Tests
{
    /// <summary>SPEC §2: tree order, endpoints and nesting, goto (siblings only), standalone steps, run.</summary>
    public partial class ControlFlowTests
    {
        public sealed record Switch(bool Flag);

        [Flow("tree")]
        private sealed partial class TreeFlow : IFlow<Switch>
        {
            private readonly Log _log;

            public TreeFlow(Log log) => _log = log;

            [Condition(1)]
            private static bool Check(Switch input) => input.Flag;

            [Action(1, Parent = nameof(Check), On = Endpoints.Then)]
            private void ThenA() => _log.Add("then-a");

            [Action(2, Parent = nameof(Check), On = Endpoints.Then)]
            private void ThenB() => _log.Add("then-b");

            [Action(1, Parent = nameof(Check), On = Endpoints.Else)]
            private void ElseA() => _log.Add("else-a");

            [Action(2)]
            private void After() => _log.Add("after");
        }

        [Theory]
        [InlineData(true, "then-a,then-b,after", "then")]
        [InlineData(false, "else-a,after", "else")]
        public async Task An_endpoint_runs_its_nested_steps_then_control_continues_with_the_next_sibling(bool flag, string expected, string endpoint)
        {
            var log = new Log();
            var trace = new FlowTrace();
            var result = await new TreeFlow(log).RunAsync(new Switch(flag), new FlowRunOptions { Observer = trace });

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal(expected, string.Join(",", log.Entries));
            var check = Assert.Single(trace.Records, r => r.StepId == "check");
            Assert.Equal(endpoint, check.Endpoint);
            Assert.Equal(StepStatus.Succeeded, check.Status);
        }

        /// <summary>A goto into a later root step: that step and its siblings run, then the run ends.</summary>
        [Flow("goto-root")]
        private sealed partial class GotoRootFlow : IFlow<Switch>
        {
            private readonly Log _log;

            public GotoRootFlow(Log log) => _log = log;

            [Condition(1)]
            private static bool Decide(Switch input) => input.Flag;

            [Action(1, Parent = nameof(Decide), On = Endpoints.Then)]
            [Goto(nameof(D))]
            private void Jump() => _log.Add("jump");

            [Action(2)]
            private void B() => _log.Add("b");

            [Action(3)]
            private void C() => _log.Add("c");

            [Action(4)]
            private void D() => _log.Add("d");

            [Action(5)]
            private void E() => _log.Add("e");
        }

        [Fact]
        public async Task A_goto_is_a_handoff_to_the_target_and_its_following_siblings()
        {
            var log = new Log();
            var result = await new GotoRootFlow(log).RunAsync(new Switch(true));

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal(new[] { "jump", "d", "e" }, log.Entries);
        }

        /// <summary>A goto into a nested scope: the run ends when that scope ends; control never walks back up.</summary>
        [Flow("goto-nested")]
        private sealed partial class GotoNestedFlow : IFlow<Switch>
        {
            private readonly Log _log;

            public GotoNestedFlow(Log log) => _log = log;

            [Condition(1)]
            private static bool Decide(Switch input) => input.Flag;

            [Action(1, Parent = nameof(Decide), On = Endpoints.Then)]
            [Goto(nameof(Inner2))]
            private void Jump() => _log.Add("jump");

            [Condition(2)]
            private static bool Holder() => true;

            [Action(1, Parent = nameof(Holder), On = Endpoints.Then)]
            private void Inner1() => _log.Add("inner-1");

            [Action(2, Parent = nameof(Holder), On = Endpoints.Then)]
            private void Inner2() => _log.Add("inner-2");

            [Action(3, Parent = nameof(Holder), On = Endpoints.Then)]
            private void Inner3() => _log.Add("inner-3");

            [Action(3)]
            private void Tail() => _log.Add("tail");
        }

        [Fact]
        public async Task A_goto_into_a_nested_scope_ends_the_run_when_that_scope_ends()
        {
            var log = new Log();
            var result = await new GotoNestedFlow(log).RunAsync(new Switch(true));

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal(new[] { "jump", "inner-2", "inner-3" }, log.Entries);
        }

        [Fact]
        public async Task The_same_nested_scope_reached_by_tree_order_continues_with_its_parents_next_sibling()
        {
            var log = new Log();
            var result = await new GotoNestedFlow(log).RunAsync(new Switch(false));

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal(new[] { "inner-1", "inner-2", "inner-3", "tail" }, log.Entries);
        }

        /// <summary>The order-processing flow of the seed: standalone steps run only when a goto targets them.</summary>
        [Fact]
        public async Task Standalone_steps_are_never_run_by_the_main_sequence()
        {
            var trace = new FlowTrace();
            var payments = new ScriptedPayments(failures: 0);
            var mailer = new RecordingMailer();
            var flow = new Samples.OrderProcessing.OrderFlow(payments, mailer);

            var result = await flow.RunAsync(ScriptedPayments.Order, new FlowRunOptions { Observer = trace });

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal(new[] { "validate", "charge-card", "send-receipt" }, trace.StepIds);
            Assert.Equal(0, payments.Refunds);
            Assert.Single(mailer.Subjects, s => s.StartsWith("Receipt", System.StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_failed_charge_hands_off_to_refund_and_notify_and_no_receipt_is_sent()
        {
            var trace = new FlowTrace();
            var time = new RecordingTimeProvider();
            var payments = new ScriptedPayments(failures: int.MaxValue);
            var mailer = new RecordingMailer();
            var flow = new Samples.OrderProcessing.OrderFlow(payments, mailer);

            var result = await flow.RunAsync(ScriptedPayments.Order, new FlowRunOptions { Observer = trace, TimeProvider = time });

            // The sequence ends with a failing stop: the order's lifecycle moves it to PaymentFailed.
            Assert.Equal(FlowStatus.Failed, result.Status);
            Assert.Equal("The card was declined: refunded and notified.", result.Message);
            Assert.Equal(
                new[] { "validate", "charge-card", "charge-card", "charge-card", "refund", "notify-customer", "declined" },
                trace.StepIds);
            var lastCharge = trace.Records.Last(r => r.StepId == "charge-card");
            Assert.Equal(3, lastCharge.Attempt);
            Assert.Equal("error", lastCharge.Endpoint);
            Assert.Equal(1, payments.Refunds);
            Assert.DoesNotContain(mailer.Subjects, s => s.StartsWith("Receipt", System.StringComparison.Ordinal));
            Assert.Equal(new[] { 200.0, 400.0 }, time.Delays.Select(d => d.TotalMilliseconds));
        }

        /// <summary>Run: call a sequence and come back, also when the called sequence hands off by goto.</summary>
        [Flow("run-call")]
        private sealed partial class RunFlow
        {
            private readonly Log _log;

            public RunFlow(Log log) => _log = log;

            [Action(1)]
            private void A() => _log.Add("a");

            [Run(2, nameof(Sub1))]
            partial void CallSub();

            [Action(3)]
            private void C() => _log.Add("c");

            [Run(4, nameof(Sub1))]
            partial void CallSubAgain();

            [Action(5)]
            private void D() => _log.Add("d");

            [Action(1, Standalone = "sub")]
            private void Sub1() => _log.Add("sub-1");

            [Action(2, Standalone = "sub")]
            [Goto(nameof(Other1))]
            private void Sub2() => _log.Add("sub-2");

            [Action(1, Standalone = "other")]
            private void Other1() => _log.Add("other-1");

            [Action(2, Standalone = "other")]
            private void Other2() => _log.Add("other-2");
        }

        [Fact]
        public async Task A_run_step_runs_the_target_and_its_siblings_then_returns_even_through_a_goto()
        {
            var log = new Log();
            var result = await new RunFlow(log).RunAsync();

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal(
                new[] { "a", "sub-1", "sub-2", "other-1", "other-2", "c", "sub-1", "sub-2", "other-1", "other-2", "d" },
                log.Entries);
        }

        /// <summary>Stop ends the run with a status and message; nothing after it runs.</summary>
        [Flow("stopper")]
        private sealed partial class StopFlow : IFlow<Switch>
        {
            private readonly Log _log;

            public StopFlow(Log log) => _log = log;

            [Condition(1)]
            private static bool Refuse(Switch input) => input.Flag;

            [Stop(1, Parent = nameof(Refuse), On = Endpoints.Then, Status = FlowStatus.Failed, Message = "refused by policy")]
            partial void Refused();

            [Stop(1, Parent = nameof(Refuse), On = Endpoints.Else)]
            private static string Accepted() => "accepted early";

            [Action(2)]
            private void Never() => _log.Add("never");
        }

        [Theory]
        [InlineData(true, FlowStatus.Failed, "refused by policy")]
        [InlineData(false, FlowStatus.Completed, "accepted early")]
        public async Task A_stop_step_ends_the_run_with_its_status_and_message(bool refuse, FlowStatus status, string message)
        {
            var log = new Log();
            var result = await new StopFlow(log).RunAsync(new Switch(refuse));

            Assert.Equal(status, result.Status);
            Assert.Equal(message, result.Message);
            Assert.Empty(log.Entries);
            if (status == FlowStatus.Failed)
            {
                Assert.Equal("refused by policy", result.Error!.Message);
            }
        }

        /// <summary>Set assigns flow variables; the variable named 'output' is the run's output.</summary>
        [Flow("counter")]
        [Variable("count", typeof(int))]
        [Variable("output", typeof(string))]
        private sealed partial class SetFlow
        {
            [Set(1, "count")]
            private static int Start() => 40;

            [Set(2, "count")]
            private static int Add([Var("count")] int count) => count + 2;

            [Set(3, "output")]
            private static string Describe([Var("count")] int count, [FromStep(nameof(Start))] int first) => $"{first} -> {count}";
        }

        [Fact]
        public async Task Set_steps_assign_variables_and_the_output_variable_is_the_run_output()
        {
            var result = await new SetFlow().RunAsync();

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal("40 -> 42", result.Output);
        }
    }
}
