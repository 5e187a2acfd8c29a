using System.Text.Json.Serialization;

namespace Automations.Compiled
{
    /// <summary>
    /// The base of every LLM step's answer type: the generated class adds one property per member of the step's output
    /// schema; <see cref="Llm"/> records the call (redacted prompt and answer, token usage) for the journal.
    /// </summary>
    public abstract class LlmOutput
    {
        /// <summary>The call that produced the answer; set by <see cref="LlmStep"/>, never by the model.</summary>
        [JsonPropertyName("_llm")]
        public LlmCall? Llm { get; set; }
    }
}
