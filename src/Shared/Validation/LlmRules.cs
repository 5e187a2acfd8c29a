using System.Collections.Generic;
using Automations.Compiled.Model;

namespace Automations.Compiled.Validation
{
    /// <summary>The rules of LLM steps (docs/ai-steps.md, AUTO81xx): where a flow may call a chat model.</summary>
    internal static class LlmRules
    {
        public static void Check(FlowGraph graph, List<FlowDiagnostic> diagnostics)
        {
            var flow = graph.Flow;
            var recordEvent = flow.Trigger is { Kind: "record" } trigger ? trigger.Get("event") : null;
            if (recordEvent is null || !recordEvent.StartsWith("before_", System.StringComparison.Ordinal))
            {
                return;
            }

            // A before_* flow runs inside the record write: a model call of seconds (and its retries) would hold the write open.
            foreach (var node in graph.Steps)
            {
                if (node.Model.Kind == StepKind.Llm)
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.LlmStepInBeforeRecordFlow, node.Model.Location, flow.Id, recordEvent, node.Model.Id));
                }
            }
        }
    }
}
