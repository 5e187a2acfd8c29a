using System.Text.Json;

namespace Automations.Compiled
{
    /// <summary>A validated answer of <see cref="LlmStep.InvokeJsonAsync"/>: the JSON and the call that produced it.</summary>
    /// <param name="Value">The answer, valid against the schema it was asked for.</param>
    /// <param name="Call">The prompt, the response and the token usage.</param>
    public sealed record LlmAnswer(JsonElement Value, LlmCall Call);
}
