using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Automations.Compiled.Model;

namespace Automations.Compiled.Validation
{
    /// <summary>
    /// Rules about a flow's safeguards (docs/safeguards.md): throttles, the cap on runs in flight, the time and cost budgets,
    /// and the action policy of a JSON flow. One set of rules for both front ends; the C# and JSON ranges differ only where
    /// the two surfaces do (C# writes 0 for "none", JSON leaves the property out).
    /// </summary>
    internal static class SafeguardRules
    {
        public static void Check(FlowGraph graph, List<FlowDiagnostic> diagnostics)
        {
            var flow = graph.Flow;
            var safeguards = flow.Safeguards;
            var json = flow.Origin == FlowOrigin.Json;
            foreach (var throttle in safeguards.Throttles)
            {
                if (throttle.Limit < 1)
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.ThrottleLimitTooLow, throttle.LimitLocation ?? throttle.Location, throttle.Limit));
                }

                if (!SafeguardText.TryParseTimeSpan(throttle.Window, out _))
                {
                    var suggestion = SafeguardText.Suggest(throttle.Window);
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InvalidThrottleWindow, throttle.WindowLocation ?? throttle.Location, throttle.Window, DidYouMean(suggestion))
                        with { Fix = suggestion });
                }

                if (throttle.Scope == ThrottleScopeKind.Trigger && flow.Trigger is null or { Kind: "manual" })
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.TriggerThrottleWithoutTrigger, throttle.ScopeLocation ?? throttle.Location, flow.Id,
                        json ? "\"flow\"" : "ThrottleScope.Flow"));
                }
            }

            if (safeguards.MaxConcurrentRuns is { } runs && runs < (json ? 1 : 0))
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InvalidConcurrency, safeguards.MaxConcurrentRunsLocation ?? flow.Location,
                    json ? "'concurrency'" : "MaxConcurrentRuns", runs,
                    json ? "write at least 1 run at once, or leave it out for no cap" : "write the most runs at once (1 or more), or 0 for no cap"));
            }

            if (safeguards.TimeBudget is { } time && !SafeguardText.TryParseTimeSpan(time, out _))
            {
                var suggestion = SafeguardText.Suggest(time);
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InvalidTimeBudget, safeguards.TimeBudgetLocation ?? flow.Location, time, DidYouMean(suggestion))
                    with { Fix = suggestion });
            }

            if (safeguards.CostBudget is { } cost && cost < (json ? 1 : 0))
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InvalidCostBudget, safeguards.CostBudgetLocation ?? flow.Location,
                    json ? "'cost'" : "CostBudget", cost,
                    json ? "write the most a run may spend (1 or more), or leave it out for no budget" : "write the most a run may spend (1 or more), or 0 for no budget"));
            }
            else if (safeguards.CostBudget is > 0 && NothingSpends(graph) is { } why)
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.CostBudgetWithoutCosts, safeguards.CostBudgetLocation ?? flow.Location,
                    flow.Id, safeguards.CostBudget.Value.ToString("N0", CultureInfo.InvariantCulture), why));
            }

            CheckPolicy(flow, diagnostics);
        }

        /// <summary>Why no step can spend anything (no costed action, no step that can report a cost); null when one can.</summary>
        private static string? NothingSpends(FlowGraph graph)
        {
            var flow = graph.Flow;
            if (flow.Origin == FlowOrigin.Json)
            {
                return flow.Safeguards.Calls.Any(c => !c.Compensation && (c.Cost > 0 || c.ReportsCost)) || graph.Steps.Any(n => n.Model.Kind == StepKind.Llm) // an LLM step reports its tokens
                    ? null
                    : "none of the actions its steps call has a cost or takes a StepContext to report one";
            }

            // A C# flow calls its own step methods: only one taking a StepContext can report a cost.
            return graph.Steps.Any(n => n.Model.Call is { } call && call.Arguments.Any(a => a.Kind == ArgumentKind.Context))
                ? null
                : "none of its step methods takes a StepContext to report a cost";
        }

        private static void CheckPolicy(FlowModel flow, List<FlowDiagnostic> diagnostics)
        {
            if (flow.Policy is not { } policy)
            {
                return;
            }

            foreach (var call in flow.Safeguards.Calls)
            {
                if (!ActionPatterns.AnyMatches(policy.Allow, call.Name, call.Tags))
                {
                    var source = policy.ForFlow ? $"its entry in {policy.Path}" : policy.Path;
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.ActionNotAllowed, call.Location, flow.Id, call.Name,
                        SafeguardText.Describe(call.Tags), source, ActionPatterns.Describe(policy.Allow)));
                }
            }
        }

        private static string DidYouMean(string? suggestion) => suggestion is null ? "" : $" (did you mean \"{suggestion}\"?)";
    }
}
