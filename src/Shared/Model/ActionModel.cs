using System;
using Automations.Compiled.Cel;

namespace Automations.Compiled.Model
{
    /// <summary>How a parameter of a <c>[FlowAction]</c> gets its value.</summary>
    internal enum ActionParameterKind
    {
        /// <summary>From the step's <c>inputs</c>, by name.</summary>
        Input,
        CancellationToken,
        Context,
    }

    /// <summary>One parameter of an action: its C# type and, for inputs, its CEL type (null when CEL cannot express it).</summary>
    internal sealed record ActionParameter(string Name, ActionParameterKind Kind, string ClrType, CelType? CelType, bool IsOptional);

    /// <summary>
    /// A C# method marked <c>[FlowAction("name")]</c> (or the <c>Execute</c>/<c>ExecuteAsync</c> method of a marked class), as
    /// JSON steps bind to it: where it is, how it is called, what it takes and returns.
    /// </summary>
    internal sealed record ActionModel(
        string Name,
        string ContainingType,
        string MethodName,
        bool IsStatic,
        ReturnKind ReturnKind,
        string? ResultType,
        CelType? ResultCelType,
        EquatableArray<ActionParameter> Parameters,
        SourceSpan? Location)
    {
        /// <summary>Why the method cannot be bound (generic, ref parameters, ...); null when it can.</summary>
        public string? Problem { get; init; }

        /// <summary>What one call costs against a flow's cost budget (<c>[FlowAction(Cost = ...)]</c>); 0 for nothing.</summary>
        public long Cost { get; init; }

        /// <summary>Where <c>Cost = ...</c> is written, for the rule on negative costs.</summary>
        public SourceSpan? CostLocation { get; init; }

        /// <summary>Tags action policies can allow the action by (<c>"tag:email"</c>), sorted, without duplicates.</summary>
        public EquatableArray<string> Tags { get; init; } = EquatableArray<string>.Empty;

        /// <summary>True when the action takes a <c>StepContext</c>, so it can report what a call actually cost.</summary>
        public bool TakesContext
        {
            get
            {
                foreach (var parameter in Parameters)
                {
                    if (parameter.Kind == ActionParameterKind.Context)
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }

    /// <summary>Every action of the compilation, sorted by name, and the CEL shapes of the C# types they take and return.</summary>
    internal sealed record ActionCatalog(EquatableArray<ActionModel> Actions, EquatableArray<CelObjectShape> Shapes)
    {
        public static readonly ActionCatalog Empty = new(EquatableArray<ActionModel>.Empty, EquatableArray<CelObjectShape>.Empty);

        /// <summary>The project's <c>[LlmSchema]</c> classes, sorted by name: the types an <c>llm</c> step may name as its output.</summary>
        public EquatableArray<LlmOutputType> LlmOutputs { get; init; } = EquatableArray<LlmOutputType>.Empty;

        public ActionModel? Find(string name)
        {
            foreach (var action in Actions)
            {
                if (string.Equals(action.Name, name, StringComparison.Ordinal))
                {
                    return action;
                }
            }

            return null;
        }
    }
}
