using System;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Tests.Json;
using Automations.Compiled.Tests.Support;
using Xunit;

namespace Automations.Compiled.Tests
{
    /// <summary>
    /// The run-time safeguards of a flow (docs/safeguards.md): its wall-clock budget, counted from the run's start and kept
    /// in its snapshot, and its cost budget, charged before each call and kept in its snapshot.
    /// </summary>
    [Collection(nameof(BudgetTests))] // LlmActions.Calls is shared
    public sealed partial class BudgetTests
    {
        [Flow("timed", TimeBudget = "00:05:00")]
        internal partial class TimedFlow
        {
            private readonly Log _log;

            public TimedFlow(Log log) => _log = log;

            [Action(1)]
            private void First() => _log.Add("first");

            [Wait(2)]
            private static WaitSpec Pause() => Wait.ForEvent("go");

            [Action(3)]
            private void After() => _log.Add("after");
        }

        [Flow("reported-costs", CostBudget = 1000)]
        internal partial class ReportedCostFlow
        {
            private readonly Log _log;

            public ReportedCostFlow(Log log) => _log = log;

            [Action(1)]
            private void Ask(StepContext context) => context.ReportCost(600);

            [Wait(2)]
            private static WaitSpec Pause() => Wait.ForEvent("go");

            [Action(3)]
            private void AskAgain(StepContext context) => context.ReportCost(600);

            [Action(4)]
            private void Publish() => _log.Add("publish");
        }

        [Flow("plain")]
        internal partial class PlainFlow
        {
            [Action(1)]
            private static void Go() { }
        }

        [Fact]
        public async Task A_run_resumed_past_its_time_budget_fails_with_the_budget_and_its_start()
        {
            var time = new RecordingTimeProvider();
            var started = time.GetUtcNow();
            var log = new Log();
            var waiting = await new TimedFlow(log).RunAsync(new FlowRunOptions { TimeProvider = time });
            Assert.Equal(FlowStatus.Waiting, waiting.Status);

            time.Advance(TimeSpan.FromMinutes(6));
            // Another instance, as another process would resume it: the deadline comes from the snapshot.
            var done = await new TimedFlow(log).ResumeAsync(waiting.Snapshot!, ResumeSignal.Event("go"), new FlowRunOptions { TimeProvider = time });

            Assert.Equal(FlowStatus.Failed, done.Status);
            Assert.Equal($"The run exceeded its time budget of 00:05:00 (started at {started:u}).", done.Error!.Message);
            Assert.Equal(new[] { "first" }, log.Entries);
        }

        [Fact]
        public async Task A_run_resumed_within_its_time_budget_completes()
        {
            var time = new RecordingTimeProvider();
            var log = new Log();
            var waiting = await new TimedFlow(log).RunAsync(new FlowRunOptions { TimeProvider = time });

            time.Advance(TimeSpan.FromMinutes(4));
            var done = await new TimedFlow(log).ResumeAsync(waiting.Snapshot!, ResumeSignal.Event("go"), new FlowRunOptions { TimeProvider = time });

            Assert.Equal(FlowStatus.Completed, done.Status);
            Assert.Equal(new[] { "first", "after" }, log.Entries);
        }

        [Fact]
        public async Task The_snapshot_deadline_wins_over_a_later_start_given_on_resume()
        {
            var time = new RecordingTimeProvider();
            var waiting = await new TimedFlow(new Log()).RunAsync(new FlowRunOptions { TimeProvider = time });

            time.Advance(TimeSpan.FromMinutes(6));
            var done = await new TimedFlow(new Log()).ResumeAsync(
                waiting.Snapshot!, ResumeSignal.Event("go"), new FlowRunOptions { TimeProvider = time, StartedAt = time.GetUtcNow() });

            Assert.Equal(FlowStatus.Failed, done.Status);
        }

        [Fact]
        public async Task A_run_started_at_its_original_time_counts_its_budget_from_there()
        {
            var time = new RecordingTimeProvider();
            var original = time.GetUtcNow() - TimeSpan.FromMinutes(10);
            var log = new Log();

            var result = await new TimedFlow(log).RunAsync(new FlowRunOptions { TimeProvider = time, StartedAt = original });

            Assert.Equal(FlowStatus.Failed, result.Status);
            Assert.Equal($"The run exceeded its time budget of 00:05:00 (started at {original:u}).", result.Error!.Message);
            Assert.Empty(log.Entries);
        }

        [Fact]
        public async Task Reported_costs_survive_a_snapshot_and_stop_the_run_at_the_next_step()
        {
            var log = new Log();
            var waiting = await new ReportedCostFlow(log).RunAsync(new FlowRunOptions());
            Assert.Equal(FlowStatus.Waiting, waiting.Status);

            // 600 before the wait and 600 after: over 1,000 only if the first 600 was kept in the snapshot.
            var done = await new ReportedCostFlow(log).ResumeAsync(waiting.Snapshot!, ResumeSignal.Event("go"));

            Assert.Equal(FlowStatus.Failed, done.Status);
            Assert.Equal("The run's action calls cost 1,200, over its cost budget of 1,000.", done.Error!.Message);
            Assert.Empty(log.Entries);
        }

        [Fact]
        public async Task A_declared_cost_stops_the_run_before_the_call_that_would_overspend_even_after_a_snapshot()
        {
            while (LlmActions.Calls.TryDequeue(out _))
            {
            }

            var flow = new JsonSummariseFlow();
            var waiting = await flow.RunAsync(new FlowRunOptions());
            Assert.Equal(FlowStatus.Waiting, waiting.Status);
            Assert.Equal(new[] { "one", "two" }, LlmActions.Calls.ToArray());

            var done = await new JsonSummariseFlow().ResumeAsync(waiting.Snapshot!, ResumeSignal.Event("go"));

            Assert.Equal(FlowStatus.Failed, done.Status);
            Assert.Equal("The run's action calls would cost 1,200, over its cost budget of 1,000 (step 'summarise').", done.Error!.Message);
            Assert.Equal(new[] { "one", "two" }, LlmActions.Calls.ToArray()); // never called
        }

        [Fact]
        public void The_generated_flow_info_carries_the_declared_safeguards()
        {
            var json = new JsonSummariseFlow().Info.Safeguards;
            Assert.Equal(TimeSpan.FromMinutes(5), json.TimeBudget);
            Assert.Equal(1000, json.CostBudget);
            Assert.Equal(new FlowThrottle(ThrottleScope.Flow, 10, TimeSpan.FromMinutes(1), ThrottleMode.Refuse), Assert.Single(json.Throttles));
            var action = Assert.Single(json.Actions);
            Assert.Equal("tests.llm.summarise", action.Name);
            Assert.Equal(new[] { "llm" }, action.Tags);

            Assert.Same(FlowSafeguards.None, new PlainFlow().Info.Safeguards);
            Assert.Equal(TimeSpan.FromMinutes(5), new TimedFlow(new Log()).Info.Safeguards.TimeBudget);
        }

        [Fact]
        public void An_action_policy_checks_a_flow_compiled_elsewhere_by_name_prefix_and_tag()
        {
            var info = new JsonSummariseFlow().Info;

            Assert.Empty(ActionPolicy.Allow("tests.llm.*").Check(info));
            Assert.Empty(ActionPolicy.Allow("tag:llm").Check(info));
            Assert.Empty(ActionPolicy.AllowAll.Check(info));
            var refused = Assert.Single(ActionPolicy.Allow("orders.*").ForFlow("other", "*").Check(info));
            Assert.Equal("Flow 'json-summarise' may not call action 'tests.llm.summarise' (tags 'llm'): the policy allows only 'orders.*'.", refused);
            Assert.Single(ActionPolicy.Parse("""{ "allow": ["*"], "flows": { "json-summarise": { "allow": ["log"] } } }""").Check(info));
            Assert.Throws<ArgumentException>(() => ActionPolicy.Allow("orders*"));
            var error = Assert.Throws<FormatException>(() => ActionPolicy.Parse("{ \"allow\": [\"a\", 1] }", "p.json"));
            Assert.StartsWith("p.json(1,18): error AUTO7010", error.Message, StringComparison.Ordinal);
        }
    }
}
