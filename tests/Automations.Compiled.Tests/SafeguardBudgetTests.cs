using System;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Tests.Support;
using Xunit;

namespace Automations.Compiled.Tests
{
    /// <summary>
    /// The budgets a flow declares (docs/safeguards.md): a wall-clock budget from the run's start, kept across a suspension;
    /// a cost budget spent by what actions report; and the safeguards the generator puts on <see cref="FlowInfo"/> for the host.
    /// </summary>
    public sealed partial class SafeguardBudgetTests
    {
        [Flow("slow-import", TimeBudget = "00:01:00")]
        internal sealed partial class SlowImport
        {
            private readonly RecordingTimeProvider _clock;
            private readonly Log _log;

            public SlowImport(RecordingTimeProvider clock, Log log) => (_clock, _log) = (clock, log);

            [Action(1)]
            private void Fetch()
            {
                _log.Add("fetch");
                _clock.Advance(TimeSpan.FromSeconds(45));
            }

            [Action(2)]
            private void Parse()
            {
                _log.Add("parse");
                _clock.Advance(TimeSpan.FromSeconds(30));
            }

            [Action(3)]
            private void Store() => _log.Add("store");
        }

        [Flow("budgeted-wait", TimeBudget = "00:10:00")]
        internal sealed partial class BudgetedWait
        {
            private readonly Log _log;

            public BudgetedWait(Log log) => _log = log;

            [Wait(1, Event = "go")]
            partial void AwaitGo();

            [Action(2)]
            private void After() => _log.Add("after");
        }

        [Flow("llm-chat", CostBudget = 1_000)]
        internal sealed partial class LlmChat
        {
            private readonly Log _log;

            public LlmChat(Log log) => _log = log;

            [Action(1)]
            private void Ask(StepContext step)
            {
                _log.Add("ask");
                step.ReportCost(600);
            }

            [Action(2)]
            private void AskAgain(StepContext step)
            {
                _log.Add("ask-again");
                step.ReportCost(600);
            }

            [Action(3)]
            private void Answer() => _log.Add("answer");
        }

        [Flow("guarded", MaxConcurrentRuns = 3, CostBudget = 50, TimeBudget = "00:02:00")]
        [Throttle(10, "00:01:00")]
        [Throttle(100, "01:00:00", Mode = ThrottleMode.Refuse, Scope = ThrottleScope.Trigger)]
        [EventTrigger("order.created")]
        internal sealed partial class Guarded
        {
            [Action(1)]
            private static void Work(StepContext step) => step.ReportCost(1);
        }

        [Fact]
        public async Task A_run_past_its_time_budget_fails_at_the_next_step_with_the_budget_and_its_start()
        {
            var clock = new RecordingTimeProvider();
            var log = new Log();

            var result = await new SlowImport(clock, log).RunAsync(new FlowRunOptions { TimeProvider = clock });

            Assert.Equal(FlowStatus.Failed, result.Status);
            Assert.Equal("The run exceeded its time budget of 00:01:00 (started at 2026-01-01 09:00:00Z).", result.Error!.Message);
            Assert.Equal(["fetch", "parse"], log.Entries);
        }

        [Fact]
        public async Task The_budget_counts_from_the_start_the_host_gives_a_recovered_run()
        {
            var clock = new RecordingTimeProvider();
            var log = new Log();

            var result = await new SlowImport(clock, log).RunAsync(new FlowRunOptions { TimeProvider = clock, StartedAt = clock.GetUtcNow() - TimeSpan.FromMinutes(2) });

            Assert.Equal(FlowStatus.Failed, result.Status);
            Assert.Empty(log.Entries);
        }

        [Fact]
        public async Task A_resumed_run_keeps_its_deadline_from_the_snapshot()
        {
            var clock = new RecordingTimeProvider();
            var waiting = await new BudgetedWait(new Log()).RunAsync(new FlowRunOptions { TimeProvider = clock });
            Assert.Equal(FlowStatus.Waiting, waiting.Status);

            // In time: resumed on another machine (a new flow object) 5 minutes later, it completes.
            clock.Advance(TimeSpan.FromMinutes(5));
            var log = new Log();
            var inTime = await new BudgetedWait(log).ResumeAsync(waiting.Snapshot!, ResumeSignal.Event("go", null), new FlowRunOptions { TimeProvider = clock });
            Assert.Equal(FlowStatus.Completed, inTime.Status);
            Assert.Equal(["after"], log.Entries);

            // Too late: 11 minutes after the start, the same snapshot fails when it wakes, whatever the resuming process's clock start.
            clock.Advance(TimeSpan.FromMinutes(6));
            var late = new Log();
            var tooLate = await new BudgetedWait(late).ResumeAsync(waiting.Snapshot!, ResumeSignal.Event("go", null), new FlowRunOptions { TimeProvider = clock });
            Assert.Equal(FlowStatus.Failed, tooLate.Status);
            Assert.Contains("time budget of 00:10:00", tooLate.Error!.Message, StringComparison.Ordinal);
            Assert.Empty(late.Entries);
        }

        [Fact]
        public async Task Reported_costs_over_the_budget_fail_the_run_at_its_next_step()
        {
            var log = new Log();

            var result = await new LlmChat(log).RunAsync();

            Assert.Equal(FlowStatus.Failed, result.Status);
            Assert.Equal("The run's action calls cost 1,200, over its cost budget of 1,000.", result.Error!.Message);
            Assert.Equal(["ask", "ask-again"], log.Entries);
        }

        [Fact]
        public void The_generator_puts_the_declared_safeguards_on_the_flow_info()
        {
            var safeguards = new Guarded().Info.Safeguards;

            Assert.Equal(3, safeguards.MaxConcurrentRuns);
            Assert.Equal(50, safeguards.CostBudget);
            Assert.Equal(TimeSpan.FromMinutes(2), safeguards.TimeBudget);
            Assert.Equal(
                [new FlowThrottle(ThrottleScope.Flow, 10, TimeSpan.FromMinutes(1), ThrottleMode.Queue), new FlowThrottle(ThrottleScope.Trigger, 100, TimeSpan.FromHours(1), ThrottleMode.Refuse)],
                safeguards.Throttles);
            Assert.Empty(safeguards.Actions); // a C# flow calls its own methods

            Assert.Equal(1_000, new LlmChat(new Log()).Info.Safeguards.CostBudget);
            Assert.Same(FlowSafeguards.None, new SafeguardFree().Info.Safeguards);
        }

        [Fact]
        public async Task A_json_flow_is_refused_the_action_call_that_would_overspend_before_it_is_made()
        {
            var before = Json.SummaryActions.Calls;

            var result = await new Json.JsonSummariesFlow().RunAsync();

            Assert.Equal(FlowStatus.Failed, result.Status);
            Assert.Equal("The run's action calls would cost 1,200, over its cost budget of 1,000 (step 'third').", result.Error!.Message);
            Assert.Equal(2, Json.SummaryActions.Calls - before);

            var safeguards = new Json.JsonSummariesFlow().Info.Safeguards;
            var action = Assert.Single(safeguards.Actions);
            Assert.Equal("tests.llm.summarise", action.Name);
            Assert.Equal(["llm", "paid"], action.Tags);
            Assert.Equal((1_000L, TimeSpan.FromMinutes(5)), (safeguards.CostBudget, safeguards.TimeBudget!.Value));
            Assert.Equal(new FlowThrottle(ThrottleScope.Flow, 20, TimeSpan.FromMinutes(1), ThrottleMode.Queue), Assert.Single(safeguards.Throttles));
        }

        [Flow("safeguard-free")]
        internal sealed partial class SafeguardFree
        {
            [Action(1)]
            private static void Work()
            {
            }
        }
    }
}
