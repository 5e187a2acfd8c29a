using System.Collections.Generic;
using System.Linq;
using Automations.Compiled.Model;

namespace Automations.Compiled.Validation
{
    /// <summary>
    /// Rules about a flow's trigger and settings (SPEC §3, §5, §6): secrets that would be recorded, schedules,
    /// before_* record flows that would suspend inside the write, and suspension without a journal.
    /// </summary>
    internal static class SettingsRules
    {
        public static void Check(FlowGraph graph, List<FlowDiagnostic> diagnostics)
        {
            CheckSecrets(graph, diagnostics);
            CheckSuspension(graph, diagnostics);
            TriggerRules.Check(graph.Flow, diagnostics);
        }

        /// <summary>A set value, stop message or subflow input is journaled (SPEC §5): a secret there would be written down.</summary>
        private static void CheckSecrets(FlowGraph graph, List<FlowDiagnostic> diagnostics)
        {
            foreach (var node in graph.Steps)
            {
                var where = node.Model.Kind switch
                {
                    StepKind.Set => $"the value of vars.{node.Model.Target}",
                    StepKind.Stop => "its stop message",
                    StepKind.Subflow => "the input of its subflow",
                    _ => null,
                };
                if (where is null || node.Model.Call is not { } call)
                {
                    continue;
                }

                foreach (var secret in call.Arguments.Where(a => a.Kind == ArgumentKind.Secret))
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.SecretWouldBeLogged, secret.Location ?? node.Model.Location, node.Model.Id, secret.Name ?? "", where));
                }
            }
        }

        private static void CheckSuspension(FlowGraph graph, List<FlowDiagnostic> diagnostics)
        {
            var flow = graph.Flow;
            var recordEvent = flow.Trigger is { Kind: "record" } trigger ? trigger.Get("event") : null;
            var inline = recordEvent is not null && recordEvent.StartsWith("before_", System.StringComparison.Ordinal);
            foreach (var node in graph.Steps)
            {
                var suspends = Suspends(node.Model);
                if (inline && (suspends ?? AwaitsInParallel(node)) is { } what)
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.BeforeRecordFlowSuspends, node.Model.Location, flow.Id, recordEvent!, node.Model.Id, what));
                }

                if (flow.Journal == JournalKind.None && suspends is not null)
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.UnjournaledSuspension, node.Model.Location, flow.Id, node.Model.Id, suspends));
                }
            }
        }

        /// <summary>How the step suspends the run, or null when it never does.</summary>
        private static string? Suspends(StepModel step)
            => !StepKinds.Suspends(step.Kind) ? null
               : step.Kind switch
               {
                   StepKind.Wait => "waits",
                   StepKind.Approval => "waits for an approval",
                   _ => "waits for a subflow",
               };

        /// <summary>A parallel step whose branches await asynchronous actions would hold the record write open while they run.</summary>
        private static string? AwaitsInParallel(StepNode node)
        {
            if (node.Model.Kind != StepKind.Parallel)
            {
                return null;
            }

            var pending = new Stack<ScopeNode>(node.Children);
            while (pending.Count > 0)
            {
                foreach (var step in pending.Pop().Steps)
                {
                    if (step.Model.Call is { ReturnKind: ReturnKind.Task or ReturnKind.TaskOfT or ReturnKind.ValueTask or ReturnKind.ValueTaskOfT })
                    {
                        return $"runs asynchronous actions in parallel ('{step.Model.Id}')";
                    }

                    foreach (var child in step.Children)
                    {
                        pending.Push(child);
                    }
                }
            }

            return null;
        }
    }
}
