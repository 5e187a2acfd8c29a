using System.Collections.Generic;
using Automations.Compiled.Cel;
using Automations.Compiled.Model;

namespace Automations.Compiled.Json
{
    /// <summary>A flow file as read, before binding: settings, inputs, variables and step drafts.</summary>
    internal sealed class JsonFlowDocument
    {
        public JsonFlowDocument(JsonObject node) => Node = node;

        public JsonObject Node { get; }

        public string Id { get; set; } = "";

        public JsonSpan IdSpan { get; set; }

        public int Version { get; set; } = 1;

        public string? Description { get; set; }

        public string? Namespace { get; set; }

        public string? ClassName { get; set; }

        public TriggerModel? Trigger { get; set; }

        public List<JsonTypedName> Inputs { get; } = new();

        public List<JsonTypedName> Variables { get; } = new();

        public List<string> Roles { get; } = new();

        public JournalKind Journal { get; set; }

        public int StepBudget { get; set; } = FlowLimits.DefaultStepBudget;

        public int GotoHopBudget { get; set; } = FlowLimits.DefaultGotoHopBudget;

        public int MaxSubflowDepth { get; set; } = FlowLimits.DefaultMaxSubflowDepth;

        /// <summary>Throttles, concurrency and budgets as written (<c>throttle</c>, <c>limits</c>); the binder adds the action calls.</summary>
        public SafeguardsModel Safeguards { get; set; } = SafeguardsModel.Empty;

        public List<JsonStep> Steps { get; } = new();

        public List<List<JsonStep>> Standalone { get; } = new();
    }

    /// <summary>An input or variable: its name, CEL type and (variables) the JSON value it starts with.</summary>
    internal sealed record JsonTypedName(string Name, JsonSpan NameSpan, CelType Type, JsonNode? Default)
    {
        /// <summary>Inputs: what the input is for, as written in <c>{"type": ..., "description": ...}</c>.</summary>
        public string? Description { get; init; }
    }
}
