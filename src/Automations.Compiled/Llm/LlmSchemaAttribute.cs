using System;

namespace Automations.Compiled
{
    /// <summary>
    /// Marks a class as the answer type of LLM steps (docs/ai-steps.md): a JSON flow's <c>llm</c> step may then name it,
    /// fully qualified, as its <c>"output": "MyApp.TicketClass"</c>. At build time the generator writes the type's JSON
    /// schema from its public settable properties (string, integers, floating point, bool, enums as strings of their
    /// member names, lists and arrays, nested classes of those) and its CEL shape, so later expressions read the answer
    /// typed. The class derives from <see cref="LlmOutput"/>, whose <see cref="LlmOutput.Llm"/> records the call.
    /// </summary>
    /// <remarks>
    /// A property is required in the schema unless its type is nullable (<c>string?</c>, <c>int?</c>); the answer's JSON
    /// names are the camelCase property names, or a property's <c>[JsonPropertyName]</c>. Nested classes need no mark.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
    public sealed class LlmSchemaAttribute : Attribute
    {
    }
}
