using System;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>
    /// Safeguards (AUTO7001–AUTO7010): throttles, the cap on runs in flight, time and cost budgets, action costs and action
    /// policies, from both front ends, at the attribute argument or JSON value; and what the generator emits for them.
    /// </summary>
    public sealed class SafeguardTests
    {
        private const string FlowPath = "flows/order.flow.json";

        private const string Actions = """
            using Automations.Compiled;

            namespace Shop
            {
                public static class ShopActions
                {
                    [FlowAction("orders.ship", Cost = 300)]
                    public static void Ship(string orderId) { }

                    [FlowAction("send_email", Tags = new[] { "email" })]
                    public static void SendEmail(string to) { }

                    [FlowAction("payments.refund")]
                    public static void Refund(string orderId) { }
                }
            }
            """;

        private static string CSharpFlow(string attributes, string step = "[Action(1)] public void Go() { }") => $$"""
            using Automations.Compiled;

            namespace Shop
            {
                {{attributes}}
                public partial class OrderFlow
                {
                    {{step}}
                }
            }
            """;

        private static string JsonFlow(string settings, string action = "send_email", string input = "\"to\": \"a@b.c\"") => $$"""
            { "id": "order", {{settings}}
              "steps": [ { "id": "notify", "type": "action", "action": {|#9:"{{action}}"|}, "inputs": { {{input}} } } ] }
            """;

        // ---- C# ------------------------------------------------------------------------------------------

        [Fact]
        public Task A_throttle_limit_below_1_is_reported_at_the_limit() => AnalyzeCSharp(
            CSharpFlow("[Flow(\"order\"), Throttle({|#0:0|}, \"00:01:00\")]"),
            FlowTestProject.Diagnostic("AUTO7001").WithLocation(0)
                .WithMessage("The throttle's limit is 0; a throttle lets at least 1 start through per window: write the most starts per window, such as 10"));

        [Fact]
        public Task A_window_written_as_a_duration_is_reported_with_the_timespan_to_write() => AnalyzeCSharp(
            CSharpFlow("[Flow(\"order\"), Throttle(10, {|#0:\"1m\"|})]"),
            FlowTestProject.Diagnostic("AUTO7002").WithLocation(0)
                .WithMessage("'1m' is not a throttle window; write a positive TimeSpan in invariant format: \"00:01:00\" for a minute, \"01:00:00\" for an hour, \"1.00:00:00\" for a day (did you mean \"00:01:00\"?)"));

        [Fact]
        public Task A_trigger_scoped_throttle_on_a_manual_flow_is_reported_at_the_scope() => AnalyzeCSharp(
            CSharpFlow("[Flow(\"order\"), Throttle(10, \"00:01:00\", Scope = {|#0:ThrottleScope.Trigger|})]"),
            FlowTestProject.Diagnostic("AUTO7003").WithLocation(0)
                .WithMessage("Flow 'order' has no trigger (it is started manually), so a throttle that counts only its trigger's starts would count nothing; use scope ThrottleScope.Flow (every start), or give the flow a trigger"));

        [Fact]
        public Task A_trigger_scoped_throttle_on_a_flow_with_a_trigger_is_fine() => AnalyzeCSharp(
            CSharpFlow("[Flow(\"order\"), EventTrigger(\"order.paid\"), Throttle(10, \"00:01:00\", Scope = ThrottleScope.Trigger)]"));

        [Fact]
        public Task Negative_concurrency_time_and_cost_budgets_are_reported_at_their_arguments() => AnalyzeCSharp(
            CSharpFlow("[Flow(\"order\", MaxConcurrentRuns = {|#0:-1|}, TimeBudget = {|#1:\"5\"|}, CostBudget = {|#2:-5|})]"),
            FlowTestProject.Diagnostic("AUTO7004").WithLocation(0).WithMessage("MaxConcurrentRuns is -1; write the most runs at once (1 or more), or 0 for no cap"),
            FlowTestProject.Diagnostic("AUTO7005").WithLocation(1)
                .WithMessage("'5' is not a time budget; write a positive TimeSpan in invariant format, such as \"00:05:00\" for five minutes or \"1.00:00:00\" for a day"),
            FlowTestProject.Diagnostic("AUTO7006").WithLocation(2).WithMessage("CostBudget is -5; write the most a run may spend (1 or more), or 0 for no budget"));

        [Fact]
        public Task A_negative_action_cost_is_reported_at_the_cost() => AnalyzeCSharp(
            """
            using Automations.Compiled;

            public static class Llm
            {
                [FlowAction("llm.summarise", Cost = {|#0:-1|})]
                public static void Summarise(string text) { }
            }
            """,
            FlowTestProject.Diagnostic("AUTO7007").WithLocation(0)
                .WithMessage("Action 'llm.summarise' costs -1; a cost is what one call spends of a flow's cost budget, so write 0 (free) or more"));

        [Fact]
        public Task A_cost_budget_on_a_csharp_flow_whose_steps_cannot_report_a_cost_is_a_warning() => AnalyzeCSharp(
            CSharpFlow("[Flow(\"order\", CostBudget = {|#0:100|})]"),
            FlowTestProject.Diagnostic("AUTO7008").WithSeverity(DiagnosticSeverity.Warning).WithLocation(0)
                .WithMessage("Flow 'order' has a cost budget of 100, but none of its step methods takes a StepContext to report a cost, so the budget can never be spent; give its actions a cost ([FlowAction(\"name\", Cost = 10)]) or let them report one through StepContext.ReportCost, or remove the budget"));

        [Fact]
        public Task A_cost_budget_on_a_csharp_flow_with_a_step_taking_the_context_is_fine() => AnalyzeCSharp(
            CSharpFlow("[Flow(\"order\", CostBudget = 100)]", "[Action(1)] public void Go(StepContext context) => context.ReportCost(5);"));

        // ---- JSON ----------------------------------------------------------------------------------------

        [Fact]
        public Task Json_limits_out_of_range_are_reported_at_their_values() => AnalyzeJson(
            JsonFlow("""
                "limits": { "time": {|#0:"5m"|}, "cost": {|#1:0|}, "concurrency": {|#2:0|} },
                """),
            FlowTestProject.Diagnostic("AUTO7005").WithLocation(0)
                .WithMessage("'5m' is not a time budget; write a positive TimeSpan in invariant format, such as \"00:05:00\" for five minutes or \"1.00:00:00\" for a day (did you mean \"00:05:00\"?)"),
            FlowTestProject.Diagnostic("AUTO7006").WithLocation(1).WithMessage("'cost' is 0; write the most a run may spend (1 or more), or leave it out for no budget"),
            FlowTestProject.Diagnostic("AUTO7004").WithLocation(2).WithMessage("'concurrency' is 0; write at least 1 run at once, or leave it out for no cap"));

        [Fact]
        public Task Json_throttles_are_checked_one_by_one() => AnalyzeJson(
            JsonFlow("""
                "throttle": [ { "limit": {|#0:0|}, "window": "00:01:00" }, { "limit": 5, "window": {|#1:"90s"|}, "scope": {|#2:"trigger"|} } ],
                """),
            FlowTestProject.Diagnostic("AUTO7001").WithLocation(0)
                .WithMessage("The throttle's limit is 0; a throttle lets at least 1 start through per window: write the most starts per window, such as 10"),
            FlowTestProject.Diagnostic("AUTO7002").WithLocation(1)
                .WithMessage("'90s' is not a throttle window; write a positive TimeSpan in invariant format: \"00:01:00\" for a minute, \"01:00:00\" for an hour, \"1.00:00:00\" for a day (did you mean \"00:01:30\"?)"),
            FlowTestProject.Diagnostic("AUTO7003").WithLocation(2)
                .WithMessage("Flow 'order' has no trigger (it is started manually), so a throttle that counts only its trigger's starts would count nothing; use scope \"flow\" (every start), or give the flow a trigger"));

        [Fact]
        public Task A_json_throttle_mode_that_is_not_queue_or_refuse_is_an_invalid_value() => AnalyzeJson(
            JsonFlow("""
                "throttle": { "limit": 5, "window": "00:01:00", "mode": {|#0:"drop"|} },
                """),
            FlowTestProject.Diagnostic("AUTO1007").WithLocation(0)
                .WithMessage("'mode': use \"queue\" (starts beyond the limit wait for the next window) or \"refuse\" (they fail at once)"));

        [Fact]
        public Task A_json_cost_budget_over_actions_without_costs_is_a_warning() => AnalyzeJson(
            JsonFlow("""
                "limits": { "cost": {|#0:100|} },
                """),
            FlowTestProject.Diagnostic("AUTO7008").WithSeverity(DiagnosticSeverity.Warning).WithLocation(0)
                .WithMessage("Flow 'order' has a cost budget of 100, but none of the actions its steps call has a cost or takes a StepContext to report one, so the budget can never be spent; give its actions a cost ([FlowAction(\"name\", Cost = 10)]) or let them report one through StepContext.ReportCost, or remove the budget"));

        [Fact]
        public Task A_json_cost_budget_over_a_costed_action_is_fine() => AnalyzeJson(
            JsonFlow("\"limits\": { \"cost\": 1000 },", "orders.ship", "\"orderId\": \"o-1\""));

        // ---- action policies -----------------------------------------------------------------------------

        [Fact]
        public Task An_action_the_nearest_policy_does_not_allow_is_reported_at_the_action() => AnalyzeJson(
            JsonFlow("", "payments.refund", "\"orderId\": \"o-1\""),
            ("flows/flow-policy.json", """{ "allow": ["orders.*", "tag:email", "log"] }"""),
            ("flow-policy.json", """{ "allow": ["*"] }"""),
            FlowTestProject.Diagnostic("AUTO7009").WithLocation(9)
                .WithMessage("Flow 'order' may not call action 'payments.refund' (no tags): flows/flow-policy.json allows only 'orders.*', 'tag:email', 'log'; call an allowed action, or add a pattern for it to the policy"));

        [Fact]
        public Task Actions_allowed_by_tag_or_prefix_pass() => Task.WhenAll(
            AnalyzeJson(JsonFlow(""), ("flows/flow-policy.json", """{ "allow": ["orders.*", "tag:email"] }""")),
            AnalyzeJson(JsonFlow("", "orders.ship", "\"orderId\": \"o-1\""), ("flows/flow-policy.json", """{ "allow": ["orders.*"] }""")));

        [Fact]
        public Task A_flow_entry_replaces_the_folder_list() => Task.WhenAll(
            AnalyzeJson(
                JsonFlow("", "payments.refund", "\"orderId\": \"o-1\""),
                ("flows/flow-policy.json", """{ "allow": ["orders.*"], "flows": { "order": { "allow": ["payments.refund"] } } }""")),
            AnalyzeJson(
                JsonFlow("", "orders.ship", "\"orderId\": \"o-1\""),
                ("flows/flow-policy.json", """{ "allow": ["orders.*"], "flows": { "order": { "allow": ["payments.refund"] } } }"""),
                FlowTestProject.Diagnostic("AUTO7009").WithLocation(9)
                    .WithMessage("Flow 'order' may not call action 'orders.ship' (no tags): its entry in flows/flow-policy.json allows only 'payments.refund'; call an allowed action, or add a pattern for it to the policy")));

        [Fact]
        public Task A_policy_in_another_folder_does_not_apply() => AnalyzeJson(
            JsonFlow("", "payments.refund", "\"orderId\": \"o-1\""),
            ("other/flow-policy.json", """{ "allow": [] }"""));

        [Fact]
        public Task A_malformed_policy_is_reported_in_the_policy_file_at_its_line_and_column() => AnalyzeJson(
            JsonFlow(""),
            ("flows/flow-policy.json", "{\n  \"allow\": [\"orders*\"]\n}"),
            FlowTestProject.Diagnostic("AUTO7010").WithSpan("flows/flow-policy.json", 2, 13, 2, 22)
                .WithMessage("Action policy flows/flow-policy.json: 'orders*' puts '*' where it cannot go; '*' is either the whole pattern (every action) or ends a prefix after a dot, such as \"orders.*\""),
            // The bad pattern allows nothing, so the flow's send_email is not allowed either.
            FlowTestProject.Diagnostic("AUTO7009").WithLocation(9)
                .WithMessage("Flow 'order' may not call action 'send_email' (tags 'email'): flows/flow-policy.json allows no action at all; call an allowed action, or add a pattern for it to the policy"));

        [Fact]
        public Task A_policy_that_is_not_json_is_reported_and_nothing_throws() => AnalyzeJson(
            JsonFlow(""),
            ("flows/flow-policy.json", "{ \"allow\": [ "),
            FlowTestProject.Diagnostic("AUTO7010").WithSpan("flows/flow-policy.json", 1, 12, 1, 13)
                .WithMessage("Action policy flows/flow-policy.json: it is not valid JSON: this array is never closed: add ']'"));

        // ---- emitted FlowInfo.Safeguards -------------------------------------------------------------------

        [Fact]
        public void A_csharp_flow_gets_its_throttles_cap_and_budgets_in_its_flow_info()
        {
            var source = Generate(CSharpFlow(
                "[Flow(\"order\", MaxConcurrentRuns = 3, TimeBudget = \"00:05:00\", CostBudget = 1000), Throttle(10, \"00:01:00\"), Throttle(100, \"01:00:00\", Mode = ThrottleMode.Refuse)]",
                "[Action(1)] public void Go(StepContext context) { }"), "OrderFlow.Flow.g.cs");

            Assert.Contains("Throttles = new global::Automations.Compiled.FlowThrottle[] { new global::Automations.Compiled.FlowThrottle(global::Automations.Compiled.ThrottleScope.Flow, 10, global::System.TimeSpan.FromTicks(600000000L), global::Automations.Compiled.ThrottleMode.Queue), new global::Automations.Compiled.FlowThrottle(global::Automations.Compiled.ThrottleScope.Flow, 100, global::System.TimeSpan.FromTicks(36000000000L), global::Automations.Compiled.ThrottleMode.Refuse) },", source, StringComparison.Ordinal);
            Assert.Contains("MaxConcurrentRuns = 3,", source, StringComparison.Ordinal);
            Assert.Contains("TimeBudget = global::System.TimeSpan.FromTicks(3000000000L), // 00:05:00", source, StringComparison.Ordinal);
            Assert.Contains("CostBudget = 1000L,", source, StringComparison.Ordinal);
            Assert.DoesNotContain("Actions =", source, StringComparison.Ordinal);
        }

        [Fact]
        public void A_flow_that_declares_nothing_keeps_the_default_safeguards()
        {
            var source = Generate(CSharpFlow("[Flow(\"order\")]"), "OrderFlow.Flow.g.cs");

            Assert.DoesNotContain("Safeguards", source, StringComparison.Ordinal);
        }

        [Fact]
        public void A_json_flow_lists_the_actions_it_calls_with_their_tags_and_charges_the_costed_ones()
        {
            var flow = """
                { "id": "order", "limits": { "cost": 1000 },
                  "steps": [
                    { "id": "ship", "type": "action", "action": "orders.ship", "inputs": { "orderId": "o-1" } },
                    { "id": "notify", "type": "action", "action": "send_email", "inputs": { "to": "a@b.c" } }
                  ] }
                """;
            var run = GeneratorRun.Start(TestCompilation.Create(Actions), new[] { new InMemoryText(FlowPath, flow) });
            Assert.Empty(TestCompilation.Errors(run.Output));
            var source = run.Generator.GeneratedSources.Single(s => s.HintName.Contains("Order", StringComparison.Ordinal)).SourceText.ToString();

            Assert.Contains("Actions = new global::Automations.Compiled.FlowActionUse[] { new global::Automations.Compiled.FlowActionUse(\"orders.ship\"), new global::Automations.Compiled.FlowActionUse(\"send_email\", new string[] { \"email\" }) },", source, StringComparison.Ordinal);
            Assert.Contains("Charge(300L, \"ship\");", source, StringComparison.Ordinal);
            Assert.DoesNotContain("\"notify\");\n", source.Replace("Charge(", "\u0000"), StringComparison.Ordinal);
            Assert.Single(source.Split("Charge(").Skip(1));
        }

        [Fact]
        public void Editing_a_policy_file_re_reads_it_and_an_unchanged_one_keeps_the_flow_cached()
        {
            var flow = new InMemoryText(FlowPath, JsonFlow("").Replace("{|#9:", "").Replace("|}", ""));
            var policy = new InMemoryText("flows/flow-policy.json", """{ "allow": ["*"] }""");
            var run = GeneratorRun.Start(TestCompilation.Create(Actions), new AdditionalText[] { flow, policy });

            var unchanged = new InMemoryText("flows/flow-policy.json", """{ "allow": ["*"] }""");
            var same = run.Next(policy, unchanged);
            Assert.All(same.Outputs("ActionPolicyFile"), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
            Assert.All(same.Outputs("JsonFlowModel"), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));

            var narrowed = same.Next(unchanged, new InMemoryText("flows/flow-policy.json", """{ "allow": ["orders.*"] }"""));
            Assert.Contains(narrowed.Outputs("ActionPolicyFile"), o => o.Reason == IncrementalStepRunReason.Modified);
            Assert.Contains(narrowed.Outputs("JsonFlowModel"), o => o.Reason == IncrementalStepRunReason.Modified);
            // The flow now calls an action its policy does not allow: it gets the stub of an invalid flow.
            Assert.Contains("AUTO7009", narrowed.Generator.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
        }

        private static string Generate(string source, string hint)
        {
            var run = GeneratorRun.Start(TestCompilation.Create(source));
            Assert.Empty(TestCompilation.Errors(run.Output));
            return run.Source(hint);
        }

        private static Task AnalyzeCSharp(string source, params DiagnosticResult[] expected)
        {
            var test = new FlowAnalyzerTest { RunGenerator = true, TestState = { Sources = { source } } };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }

        private static Task AnalyzeJson(string flow, params DiagnosticResult[] expected) => AnalyzeJson(flow, Array.Empty<(string, string)>(), expected);

        private static Task AnalyzeJson(string flow, (string Path, string Text) policy, params DiagnosticResult[] expected) => AnalyzeJson(flow, new[] { policy }, expected);

        private static Task AnalyzeJson(string flow, (string Path, string Text) policy, (string Path, string Text) other, params DiagnosticResult[] expected)
            => AnalyzeJson(flow, new[] { policy, other }, expected);

        private static Task AnalyzeJson(string flow, (string Path, string Text)[] policies, params DiagnosticResult[] expected)
        {
            var test = new FlowAnalyzerTest { RunGenerator = true, TestState = { Sources = { Actions }, AdditionalFiles = { (FlowPath, flow) } } };
            foreach (var policy in policies)
            {
                test.TestState.AdditionalFiles.Add(policy);
            }

            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }
    }
}
