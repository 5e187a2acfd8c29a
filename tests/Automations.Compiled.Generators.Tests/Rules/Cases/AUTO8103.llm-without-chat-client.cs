// rule: AUTO8103
// message: Flow 'triage' has LLM step 'classify' but no chat client to ask; add a field or property of type Microsoft.Extensions.AI.IChatClient, set from the flow's constructor
using Automations.Compiled;

namespace RuleCases
{
    public sealed class TriageAnswer : LlmOutput
    {
        public string Category { get; init; } = "";
    }

    [Flow("triage")]
    public partial class Triage
    {
        [Llm(1, typeof(TriageAnswer))]
        private static string {|#0:Classify|}() => "Classify this ticket";
    }
}
// ---- corrected ----
using Automations.Compiled;
using Microsoft.Extensions.AI;

namespace RuleCases
{
    public sealed class TriageAnswer : LlmOutput
    {
        public string Category { get; init; } = "";
    }

    [Flow("triage")]
    public partial class Triage
    {
        private readonly IChatClient _chat;

        public Triage(IChatClient chat) => _chat = chat;

        [Llm(1, typeof(TriageAnswer))]
        private static string Classify() => "Classify this ticket";
    }
}
