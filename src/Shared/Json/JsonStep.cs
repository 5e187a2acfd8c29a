using System.Collections.Generic;
using Automations.Compiled.Cel;
using Automations.Compiled.Model;

namespace Automations.Compiled.Json
{
    /// <summary>
    /// A step as read from a flow file, before binding: its structure is checked, its expressions and values are still
    /// JSON. Lives only inside one front-end call, so it need not be equatable.
    /// </summary>
    internal sealed class JsonStep
    {
        public JsonStep(JsonObject node, string id, JsonSpan idSpan, StepKind kind, int ordinal, JsonStep? enclosingForEach)
        {
            Node = node;
            Id = id;
            IdSpan = idSpan;
            Kind = kind;
            Ordinal = ordinal;
            EnclosingForEach = enclosingForEach;
        }

        public JsonObject Node { get; }

        public string Id { get; }

        public JsonSpan IdSpan { get; }

        public StepKind Kind { get; }

        /// <summary>Position in document order: names the step's generated members uniquely.</summary>
        public int Ordinal { get; }

        /// <summary>The nearest foreach whose <c>each</c> holds this step: <c>item</c> and <c>index</c> come from it.</summary>
        public JsonStep? EnclosingForEach { get; }

        public List<JsonEndpoint> Endpoints { get; } = new();

        public GotoModel? NextGoto { get; set; }

        public RetryModel? Retry { get; set; }

        public ErrorMode OnError { get; set; }

        /// <summary>Set by the binder: the C# type of <c>steps.&lt;id&gt;.output</c> and its CEL type.</summary>
        public string? OutputType { get; set; }

        public CelType? OutputCelType { get; set; }

        /// <summary>Set by the binder for a foreach: the type of <c>item</c>.</summary>
        public CelType? ItemCelType { get; set; }

        public JsonNode? Property(string name) => Node.Find(name)?.Value;
    }

    /// <summary>An endpoint as written: nested steps, a goto, or (parallel) one named branch.</summary>
    internal sealed class JsonEndpoint
    {
        public JsonEndpoint(string name, string? branch, List<JsonStep>? steps, GotoModel? jump, JsonSpan span)
        {
            Name = name;
            Branch = branch;
            Steps = steps;
            Goto = jump;
            Span = span;
        }

        public string Name { get; }

        public string? Branch { get; }

        public List<JsonStep>? Steps { get; }

        public GotoModel? Goto { get; }

        public JsonSpan Span { get; }
    }
}
