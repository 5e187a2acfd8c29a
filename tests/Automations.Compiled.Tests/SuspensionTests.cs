using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Automations.Compiled.Tests.Support;
using Xunit;

namespace Automations.Compiled.Tests
{
    /// <summary>SPEC §2.9–§2.11: a run suspends, its state is saved by generated code, and it resumes elsewhere.</summary>
    public partial class SuspensionTests
    {
        public sealed record Order(string Id, int Quantity);

        public sealed record Payment(string Reference, decimal Amount);

        [Flow("await-payment", Version = 3)]
        private sealed partial class PaymentFlow : IFlow<Order>
        {
            private readonly Log _log;

            public PaymentFlow(Log log) => _log = log;

            [Action(1)]
            private string Reserve(Order order)
            {
                _log.Add("reserve");
                return $"{order.Id}x{order.Quantity}";
            }

            [Wait(2)]
            private static WaitSpec AwaitPayment() => Wait.ForEvent("payment-received", TimeSpan.FromHours(1));

            [Action(1, Parent = nameof(AwaitPayment), On = Endpoints.Event)]
            private void Ship([FromStep(nameof(AwaitPayment))] object? payment) => _log.Add("ship:" + payment);

            [Action(1, Parent = nameof(AwaitPayment), On = Endpoints.Elapsed)]
            private void Expire() => _log.Add("expire");

            [Action(3)]
            private void Close(Order order, [FromStep(nameof(Reserve))] string reservation) => _log.Add($"close:{order.Id}:{reservation}");
        }

        [Fact]
        public async Task A_wait_suspends_with_a_snapshot_and_the_event_resumes_it_in_a_new_instance()
        {
            var time = new RecordingTimeProvider();
            var before = new Log();
            var waiting = await new PaymentFlow(before).RunAsync(new Order("o-7", 2), new FlowRunOptions { TimeProvider = time });

            Assert.Equal(FlowStatus.Waiting, waiting.Status);
            var snapshot = waiting.Snapshot!;
            Assert.Equal("await-payment", snapshot.FlowId);
            Assert.Equal(3, snapshot.FlowVersion);
            Assert.Equal(waiting.RunId, snapshot.RunId);
            Assert.Equal("await-payment", snapshot.StepId);
            Assert.Equal(WaitKind.Event, snapshot.Wait.Kind);
            Assert.Equal("payment-received", snapshot.Wait.EventName);
            Assert.Equal(time.GetUtcNow() + TimeSpan.FromHours(1), snapshot.Wait.Until);
            Assert.Equal(new[] { "reserve" }, before.Entries);

            // Another process: only the bytes survive.
            var copy = new FlowSnapshot(snapshot.FlowId, snapshot.FlowVersion, snapshot.RunId, snapshot.TraceId, snapshot.StepId, snapshot.Wait, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(snapshot.State)));
            var after = new Log();
            var trace = new FlowTrace();
            var done = await new PaymentFlow(after).ResumeAsync(copy, ResumeSignal.Event("payment-received", "pay-1"), new FlowRunOptions { Observer = trace });

            Assert.Equal(FlowStatus.Completed, done.Status);
            Assert.Equal(waiting.RunId, done.RunId);
            Assert.Equal(new[] { "ship:pay-1", "close:o-7:o-7x2" }, after.Entries);
            Assert.Equal("event", trace.Records.First().Endpoint);
        }

        [Fact]
        public async Task The_timeout_of_an_event_wait_resumes_on_elapsed()
        {
            var waiting = await new PaymentFlow(new Log()).RunAsync(new Order("o-8", 1));
            var log = new Log();

            var done = await new PaymentFlow(log).ResumeAsync(waiting.Snapshot!, ResumeSignal.TimerElapsed());

            Assert.Equal(FlowStatus.Completed, done.Status);
            Assert.Equal(new[] { "expire", "close:o-8:o-8x1" }, log.Entries);
        }

        [Fact]
        public async Task A_signal_the_run_is_not_waiting_for_is_refused_and_changes_nothing()
        {
            var waiting = await new PaymentFlow(new Log()).RunAsync(new Order("o-9", 1));
            var flow = new PaymentFlow(new Log());

            var wrongEvent = await Assert.ThrowsAsync<ArgumentException>(async () => await flow.ResumeAsync(waiting.Snapshot!, ResumeSignal.Event("refund-requested")));
            Assert.Contains("payment-received", wrongEvent.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<ArgumentException>(async () => await flow.ResumeAsync(waiting.Snapshot!, ResumeSignal.Approval(new ApprovalDecision(true, "x", null))));

            var done = await flow.ResumeAsync(waiting.Snapshot!, ResumeSignal.Event("payment-received", "late"));
            Assert.Equal(FlowStatus.Completed, done.Status);
        }

        [Flow("other-flow")]
        private sealed partial class OtherFlow
        {
            [Wait(1)]
            private static WaitSpec Pause() => Wait.For(TimeSpan.FromMinutes(5));
        }

        [Fact]
        public async Task A_snapshot_of_another_flow_or_version_is_refused()
        {
            var waiting = await new OtherFlow().RunAsync();

            var error = await Assert.ThrowsAsync<ArgumentException>(async () => await new PaymentFlow(new Log()).ResumeAsync(waiting.Snapshot!, ResumeSignal.TimerElapsed()));
            Assert.Contains("other-flow", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_timer_wait_stores_its_due_time_and_resumes_on_elapsed()
        {
            var time = new RecordingTimeProvider();
            var waiting = await new OtherFlow().RunAsync(new FlowRunOptions { TimeProvider = time });

            Assert.Equal(WaitKind.Timer, waiting.Snapshot!.Wait.Kind);
            Assert.Equal(time.GetUtcNow() + TimeSpan.FromMinutes(5), waiting.Snapshot.Wait.Until);
            var done = await new OtherFlow().ResumeAsync(waiting.Snapshot, ResumeSignal.TimerElapsed());
            Assert.Equal(FlowStatus.Completed, done.Status);
        }

        public sealed record Batch(string[] Names);

        /// <summary>A wait inside a foreach body: the loop position and the frame stack survive the snapshot.</summary>
        [Flow("approve-each")]
        private sealed partial class ApproveEachFlow : IFlow<Batch>
        {
            private readonly Log _log;

            public ApproveEachFlow(Log log) => _log = log;

            [ForEach(1)]
            private static string[] EachName(Batch batch) => batch.Names;

            [Approval(1, Parent = nameof(EachName))]
            private static WaitSpec Ask([Item] string name) => Approval.Request(new[] { "manager" }, TimeSpan.FromDays(1));

            [Action(1, Parent = nameof(Ask), On = Endpoints.Approved)]
            private void Approved([Item] string name, [FromStep(nameof(Ask))] ApprovalDecision decision) => _log.Add($"approved:{name}:{decision.By}");

            [Action(1, Parent = nameof(Ask), On = Endpoints.Rejected)]
            private void Rejected([Item] string name) => _log.Add("rejected:" + name);

            [Action(1, Parent = nameof(Ask), On = Endpoints.Timeout)]
            private void TimedOut([Item] string name, [Index] int index) => _log.Add($"timeout:{name}@{index}");

            [Action(2)]
            private void Finish() => _log.Add("finish");
        }

        [Fact]
        public async Task Approvals_inside_a_foreach_resume_each_iteration_where_it_stopped()
        {
            var log = new Log();
            var result = await new ApproveEachFlow(log).RunAsync(new Batch(new[] { "a", "b", "c" }));
            Assert.Equal(WaitKind.Approval, result.Snapshot!.Wait.Kind);
            Assert.Equal(new[] { "manager" }, result.Snapshot.Wait.Roles);

            result = await new ApproveEachFlow(log).ResumeAsync(result.Snapshot, ResumeSignal.Approval(new ApprovalDecision(true, "ann", "ok")));
            Assert.Equal(FlowStatus.Waiting, result.Status);
            result = await new ApproveEachFlow(log).ResumeAsync(result.Snapshot!, ResumeSignal.Approval(new ApprovalDecision(false, "bob", null)));
            Assert.Equal(FlowStatus.Waiting, result.Status);
            result = await new ApproveEachFlow(log).ResumeAsync(result.Snapshot!, ResumeSignal.TimerElapsed());

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal(new[] { "approved:a:ann", "rejected:b", "timeout:c@2", "finish" }, log.Entries);
        }

        /// <summary>Waits and approvals said entirely by attributes, on marker methods.</summary>
        [Flow("declared-waits")]
        private sealed partial class DeclaredWaitsFlow
        {
            private readonly Log _log;

            public DeclaredWaitsFlow(Log log) => _log = log;

            [Wait(1, Seconds = 90)]
            partial void CoolDown();

            [Wait(2, Event = "document-signed", TimeoutSeconds = 3600)]
            partial void AwaitSignature();

            [Approval(3, Roles = new[] { "legal", "cfo" }, TimeoutSeconds = 86400)]
            partial void LegalReview();

            [Action(4)]
            private void Done([FromStep(nameof(AwaitSignature))] object? signer, [FromStep(nameof(LegalReview))] ApprovalDecision decision)
                => _log.Add($"{signer}/{decision.By}");
        }

        [Fact]
        public async Task Waits_and_approvals_can_be_declared_on_marker_methods()
        {
            var time = new RecordingTimeProvider();
            var now = time.GetUtcNow();
            var log = new Log();
            var flow = new DeclaredWaitsFlow(log);

            var result = await flow.RunAsync(new FlowRunOptions { TimeProvider = time });
            Assert.Equal(WaitKind.Timer, result.Snapshot!.Wait.Kind);
            Assert.Equal(now + TimeSpan.FromSeconds(90), result.Snapshot.Wait.Until);

            result = await flow.ResumeAsync(result.Snapshot, ResumeSignal.TimerElapsed(), new FlowRunOptions { TimeProvider = time });
            Assert.Equal(WaitKind.Event, result.Snapshot!.Wait.Kind);
            Assert.Equal("document-signed", result.Snapshot.Wait.EventName);
            Assert.Equal(now + TimeSpan.FromHours(1), result.Snapshot.Wait.Until);

            result = await flow.ResumeAsync(result.Snapshot, ResumeSignal.Event("document-signed", "ann"), new FlowRunOptions { TimeProvider = time });
            Assert.Equal(WaitKind.Approval, result.Snapshot!.Wait.Kind);
            Assert.Equal(new[] { "legal", "cfo" }, result.Snapshot.Wait.Roles);
            Assert.Equal(now + TimeSpan.FromDays(1), result.Snapshot.Wait.Until);

            result = await flow.ResumeAsync(result.Snapshot, ResumeSignal.Approval(new ApprovalDecision(true, "cfo-carl", null)));
            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal(new[] { "ann/cfo-carl" }, log.Entries);
        }

        /// <summary>A wait inside a sequence called by a run step: the return point survives the snapshot.</summary>
        [Flow("call-then-wait")]
        private sealed partial class CallWaitFlow
        {
            private readonly Log _log;

            public CallWaitFlow(Log log) => _log = log;

            [Run(1, nameof(Prepare))]
            partial void CallPrepare();

            [Action(2)]
            private void AfterCall() => _log.Add("after-call");

            [Action(1, Standalone = "prepare")]
            private void Prepare() => _log.Add("prepare");

            [Wait(2, Standalone = "prepare", Event = "ready")]
            partial void AwaitReady();

            [Action(3, Standalone = "prepare")]
            private void Ready() => _log.Add("ready");
        }

        [Fact]
        public async Task A_run_call_that_suspends_returns_to_its_caller_after_resuming()
        {
            var log = new Log();
            var waiting = await new CallWaitFlow(log).RunAsync();
            Assert.Equal(FlowStatus.Waiting, waiting.Status);

            var done = await new CallWaitFlow(log).ResumeAsync(waiting.Snapshot!, ResumeSignal.Event("ready"));

            Assert.Equal(FlowStatus.Completed, done.Status);
            Assert.Equal(new[] { "prepare", "ready", "after-call" }, log.Entries);
        }

        [Fact]
        public async Task A_run_takes_the_ambient_trace_id_and_keeps_it_across_resumes()
        {
            using var activity = new System.Diagnostics.Activity("test").SetIdFormat(System.Diagnostics.ActivityIdFormat.W3C).Start();
            var first = await new DeclaredWaitsFlow(new Log()).RunAsync();
            activity.Stop();

            Assert.Equal(activity.TraceId.ToHexString(), first.Snapshot!.TraceId);
            var second = await new DeclaredWaitsFlow(new Log()).ResumeAsync(first.Snapshot, ResumeSignal.TimerElapsed());
            Assert.Equal(first.Snapshot.TraceId, second.Snapshot!.TraceId);
        }

        [Fact]
        public async Task Without_an_ambient_activity_each_run_gets_its_own_trace_id()
        {
            var one = await new OtherFlow().RunAsync();
            var two = await new OtherFlow().RunAsync();

            Assert.Matches("^[0-9a-f]{32}$", one.Snapshot!.TraceId);
            Assert.NotEqual(new string('0', 32), one.Snapshot.TraceId);
            Assert.NotEqual(one.Snapshot.TraceId, two.Snapshot!.TraceId);
            Assert.NotEqual(one.RunId, two.RunId);
        }
    }
}
