using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Automations.Compiled.Testing;
using Xunit;

namespace Automations.Compiled.Tests.Scenarios
{
    /// <summary>
    /// <see cref="FlowScenario"/>: a flow run in memory with fake actions, a still clock and a script for its waits,
    /// checked against what it is expected to do, and a report that says where it differed.
    /// </summary>
    public partial class FlowScenarioTests
    {
        public sealed record Signup(string Email, string Plan);

        public sealed record MessageSent(string MessageId);

        /// <summary>Its actions throw: a scenario that forgets to fake one finds out.</summary>
        [Flow("scenario-welcome")]
        private sealed partial class WelcomeFlow : IFlow<Signup>
        {
            [Condition(1)]
            private static bool IsPaid(Signup signup) => signup.Plan != "free";

            [Action(1, Parent = nameof(IsPaid), On = Endpoints.Then)]
            [Retry(3, InitialDelayMs = 1000)]
            private static string SendInvoice(Signup signup) => throw new InvalidOperationException("the real invoice mailer was called");

            [Action(2)]
            private static MessageSent SendWelcome(Signup signup) => throw new InvalidOperationException("the real mailer was called");

            [Create(3, "audit")]
            private static FlowRecord Audit(Signup signup, [FromStep(nameof(SendWelcome))] MessageSent sent)
                => new() { ["email"] = signup.Email, ["message"] = sent.MessageId };
        }

        private static FlowScenario FreeSignup()
            => FlowScenario.For<WelcomeFlow>()
                .Named("welcome email fires on signup")
                .WithInput(new Signup("ada@example.com", "free"))
                .FakeAction("send-welcome", returns: new { messageId = "m-1" });

        [Fact]
        public async Task A_scenario_runs_the_flow_with_its_fakes_and_checks_trace_outputs_records_and_status()
        {
            var result = await FreeSignup()
                .ExpectSteps("is-paid -> else", "send-welcome #1 succeeded", "audit")
                .ExpectEndpoint("is-paid", "else")
                .ExpectStepOutput("send-welcome", new MessageSent("m-1"))
                .ExpectNotRun("send-invoice")
                .ExpectRecordWrites(new RecordWrite("create", "audit", "", new Dictionary<string, object?> { ["email"] = "ada@example.com", ["message"] = "m-1" }))
                .ExpectStatus(FlowStatus.Completed)
                .RunAsync();

            Assert.True(result.Passed);
            Assert.Equal(new[] { "is-paid", "send-welcome", "audit" }, result.Trace.Select(r => r.StepId));
            Assert.Equal(new MessageSent("m-1"), result.Trace[1].Output);
            Assert.Equal("1", Assert.Single(result.RecordWrites).Id);
        }

        [Fact]
        public async Task Inputs_given_as_json_are_checked_and_typed_as_the_host_reads_them()
        {
            var result = await FlowScenario.For<WelcomeFlow>()
                .WithInput(JsonDocument.Parse("""{"email": "bo@example.com", "plan": "free"}""").RootElement)
                .FakeAction("send-welcome", returns: new { messageId = "m-2" })
                .ExpectRecordWrites(new RecordWrite("create", "audit", "1", new Dictionary<string, object?> { ["email"] = "bo@example.com" }))
                .RunAsync();
            Assert.Equal(FlowStatus.Completed, result.Run.Status);

            var wrong = FlowScenario.For<WelcomeFlow>().WithInput(new { email = "x", plan = "free", coupon = "FREE" });
            var error = await Assert.ThrowsAsync<ScenarioException>(() => wrong.RunAsync());
            Assert.Contains("coupon", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_scenario_that_must_fail_fails_with_a_diff_of_expected_and_observed_steps()
        {
            var scenario = FreeSignup()
                .ExpectSteps("is-paid -> then", "send-invoice", "send-welcome", "audit")
                .ExpectStepOutput("send-welcome", new { messageId = "m-9" })
                .ExpectStatus(FlowStatus.Failed);

            var result = await scenario.EvaluateAsync();
            Assert.False(result.Passed);
            Assert.Equal(3, result.Mismatches.Count);
            var report = result.Report();
            Assert.Contains("FAILED", report, StringComparison.Ordinal);
            Assert.Contains("status: expected Failed, observed Completed", report, StringComparison.Ordinal);
            Assert.Contains("    - is-paid -> then", report, StringComparison.Ordinal);
            Assert.Contains("    + is-paid #1 succeeded -> else", report, StringComparison.Ordinal);
            Assert.Contains("    - send-invoice", report, StringComparison.Ordinal);
            Assert.Contains("      send-welcome #1 succeeded", report, StringComparison.Ordinal);
            Assert.Contains("output of 'send-welcome': expected {\"messageId\":\"m-9\"}, observed {\"messageId\":\"m-1\"}", report, StringComparison.Ordinal);

            var thrown = await Assert.ThrowsAsync<ScenarioFailedException>(() => scenario.RunAsync());
            Assert.Equal(report, thrown.Message);
        }

        [Fact]
        public async Task An_action_the_scenario_does_not_fake_is_called()
        {
            var result = await FlowScenario.For<WelcomeFlow>()
                .WithInput(new Signup("ada@example.com", "free"))
                .ExpectError("send-welcome", "the real mailer was called")
                .RunAsync();

            Assert.Equal(FlowStatus.Failed, result.Run.Status);
        }

        [Fact]
        public async Task Fakes_per_try_drive_retries_and_the_still_clock_moves_only_by_the_backoff()
        {
            var result = await FlowScenario.For<WelcomeFlow>()
                .WithInput(new Signup("ada@example.com", "pro"))
                .FailAction("send-invoice", 1, "smtp down")
                .FakeAction("send-invoice", 2, "inv-7")
                .FakeAction("send-welcome", new MessageSent("m-3"))
                .ExpectSteps("is-paid -> then", "send-invoice #1 failed", "send-invoice #2 succeeded", "send-welcome", "audit")
                .ExpectStepOutput("send-invoice", "inv-7")
                .RunAsync();

            var tries = result.Trace.Where(r => r.StepId == "send-invoice").ToList();
            Assert.Equal("smtp down", tries[0].Error);
            Assert.Equal(FlowScenario.DefaultStart, tries[0].StartedAt);
            Assert.Equal(FlowScenario.DefaultStart + TimeSpan.FromSeconds(1), tries[1].StartedAt);
        }

        [Fact]
        public async Task A_step_the_flow_does_not_have_is_a_scenario_mistake_with_a_suggestion()
        {
            var error = await Assert.ThrowsAsync<ScenarioException>(() => FreeSignup().FakeAction("send-welcom", "x").RunAsync());

            Assert.Contains("'send-welcom'", error.Message, StringComparison.Ordinal);
            Assert.Contains("did you mean 'send-welcome'?", error.Message, StringComparison.Ordinal);
        }

        public sealed record Order(string Id, decimal Amount);

        [Flow("scenario-payment")]
        private sealed partial class PaymentFlow : IFlow<Order>
        {
            [Wait(1)]
            private static WaitSpec AwaitPayment() => Wait.ForEvent("payment-received", TimeSpan.FromHours(1));

            [Action(1, Parent = nameof(AwaitPayment), On = Endpoints.Event)]
            private static string Ship([FromStep(nameof(AwaitPayment))] object? payment) => throw new InvalidOperationException("real carrier");

            [Action(1, Parent = nameof(AwaitPayment), On = Endpoints.Elapsed)]
            private static void Expire() => throw new InvalidOperationException("real expiry");

            [Approval(2, Roles = new[] { "manager" }, TimeoutSeconds = 600)]
            partial void Review();

            [Stop(1, Parent = nameof(Review), On = Endpoints.Rejected, Status = FlowStatus.Failed, Message = "declined by the reviewer")]
            partial void Declined();
        }

        [Fact]
        public async Task A_script_delivers_the_awaited_event_then_decides_the_approval()
        {
            var result = await FlowScenario.For<PaymentFlow>()
                .WithInput(new Order("o-1", 20m))
                .FakeAction("ship", "parcel-1")
                .ThenEvent("payment-received", new { amount = 20 })
                .ThenApprove("alice")
                .ExpectSteps("await-payment #1 suspended", "await-payment -> event", "ship", "review #1 suspended", "review -> approved")
                .ExpectNotRun("expire")
                .ExpectStatus(FlowStatus.Completed)
                .RunAsync();

            Assert.Equal(5, result.Trace.Count);
        }

        [Fact]
        public async Task Moving_the_clock_past_a_timeout_resumes_on_elapsed_and_a_rejection_stops_the_run()
        {
            await FlowScenario.For<PaymentFlow>()
                .WithInput(new Order("o-2", 5m))
                .FakeAction("expire")
                .ThenAdvance(TimeSpan.FromMinutes(59))
                .ThenAdvance(TimeSpan.FromMinutes(1))
                .ThenReject("bob", "too small")
                .ExpectSteps("await-payment #1 suspended", "await-payment -> elapsed", "expire", "review #1 suspended", "review -> rejected", "declined")
                .ExpectStatus(FlowStatus.Failed)
                .ExpectMessage("declined by the reviewer")
                .RunAsync();
        }

        [Fact]
        public async Task A_run_left_waiting_and_a_script_that_does_not_fit_are_reported()
        {
            await FlowScenario.For<PaymentFlow>()
                .WithInput(new Order("o-3", 5m))
                .ThenAdvance(TimeSpan.FromMinutes(30))
                .ExpectWaiting(WaitKind.Event)
                .RunAsync();

            var result = await FlowScenario.For<PaymentFlow>()
                .WithInput(new Order("o-4", 5m))
                .ThenApprove("alice")
                .EvaluateAsync();
            Assert.Contains(result.Mismatches, m => m.Contains("item 1 (approve by 'alice') does not fit: the run waits at 'await-payment' for event 'payment-received'", StringComparison.Ordinal));
        }

        [Flow("scenario-nightly")]
        [ScheduleTrigger("30 2 * * *", TimeZone = "Europe/Berlin")]
        private sealed partial class NightlyFlow
        {
            [Action(1)]
            private static string Stamp(FlowTrigger trigger) => ((JsonElement)trigger.Payload!).GetProperty("scheduledAt").GetString()!;
        }

        [Fact]
        public async Task A_schedule_trigger_at_a_wall_clock_time_in_a_spring_forward_gap_fires_at_the_first_instant_after_it()
        {
            var result = await FlowScenario.For<NightlyFlow>()
                .OnSchedule(new DateTime(2026, 3, 29, 2, 30, 0), "Europe/Berlin")
                .RunAsync();

            Assert.Equal(DateTimeOffset.Parse("2026-03-29T01:00:00Z"), DateTimeOffset.Parse((string)result.Trace[0].Output!));
            Assert.Equal(DateTimeOffset.Parse("2026-03-29T01:00:00Z"), result.Trace[0].StartedAt);
        }

        [Flow("scenario-checkout")]
        private sealed partial class CheckoutFlow
        {
            [Action(1)]
            private static string Charge() => throw new InvalidOperationException("real payment");

            [Compensate(nameof(Charge))]
            private static void Refund() => throw new InvalidOperationException("real refund");

            [Action(2, OnError = OnError.Rollback)]
            private static void Ship() => throw new InvalidOperationException("real carrier");
        }

        [Fact]
        public async Task A_failure_rolls_back_through_faked_compensations()
        {
            await FlowScenario.For<CheckoutFlow>()
                .FakeAction("charge", "ch-1")
                .FailAction("ship", "carrier down")
                .FakeCompensation("charge")
                .ExpectSteps("charge", "ship #1 failed", "charge compensated -> compensate")
                .ExpectError("ship", "carrier down")
                .RunAsync();

            var failed = await FlowScenario.For<CheckoutFlow>()
                .FakeAction("charge", "ch-1")
                .FailAction("ship", "carrier down")
                .FailCompensation("charge", "refund refused")
                .EvaluateAsync();
            var compensation = failed.Trace.Single(r => r.Endpoint == "compensate");
            Assert.Equal((StepStatus.Failed, "refund refused"), (compensation.Status, compensation.Error));
        }
    }
}
