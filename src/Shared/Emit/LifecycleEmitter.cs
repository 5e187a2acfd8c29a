using System;
using System.Collections.Generic;
using System.Linq;
using Automations.Compiled.Model;
using Automations.Compiled.Text;
using Automations.Compiled.Validation;

namespace Automations.Compiled.Emit
{
    /// <summary>
    /// Turns a valid <see cref="LifecycleModel"/> into a <c>LifecycleTemplate&lt;TEntity&gt;</c>: static tables of states and
    /// actions, and the transition table as a switch over state and action name (no dictionary, no allocation).
    /// </summary>
    internal static class LifecycleEmitter
    {
        private const string Rt = "global::Automations.Compiled";
        private const string Span = "global::System.ReadOnlySpan<char>";

        /// <summary>The file name of a template's generated source.</summary>
        public static string HintName(LifecycleModel model)
            => GeneratedType.HintName(model.Namespace, model.ContainingTypes, model.TypeName, model.SourceKey, ".Lifecycle.g.cs");

        /// <summary>The transition table of a valid template.</summary>
        public static string Emit(LifecycleModel model, string tool, string version)
        {
            var w = new SourceWriter();
            var states = model.States.Select(s => s.Name).ToList();
            var ordered = LifecycleValidator.Ordered(model);
            var transits = new HashSet<string>(model.Actions.Where(a => a.Transit is not null).Select(a => a.Transit!), StringComparer.Ordinal);
            OpenType(w, model, tool, version);

            w.Line("// States, in declaration order.");
            w.Open($"private static readonly {Rt}.LifecycleState[] __states =");
            for (var i = 0; i < model.States.Count; i++)
            {
                var state = model.States[i];
                w.Line($"new({i}, {Literal(state.Name)}, isFinal: {Bool(state.Final)}, isTransit: {Bool(transits.Contains(state.Name))}, {Optional(state.Description)}),");
            }

            w.Close(";");
            w.Line();
            w.Line("// Actions, in priority order: the order they are offered.");
            w.Open($"private static readonly {Rt}.LifecycleAction[] __actions =");
            for (var i = 0; i < ordered.Count; i++)
            {
                var (action, reference) = ordered[i];
                var flowId = action.Flow is { ByType: false } byId ? Literal(byId.Name) : "null";
                var flowType = action.Flow switch
                {
                    { ByType: true, Unresolved: true } => $"__FlowOf({Literal(action.Name)}, {Optional(action.From)})",
                    { ByType: true } byType => $"typeof({byType.Name})",
                    _ => "null",
                };
                w.Line($"new({i}, {Literal(action.Name)}, {Literal(reference)}, {action.Priority}, {Access(action.Access)}, "
                    + $"{Optional(action.From)}, {Literal(action.Transit ?? "")}, {Optional(action.To)}, {Optional(action.Error)}, {flowId}, {flowType}, {Optional(action.Note)}),");
            }

            w.Close(";");
            w.Line();
            if (model.Actions.Any(a => a.Flow is { ByType: true, Unresolved: true }))
            {
                EmitFlowOf(w, model);
            }

            // One array per state of the actions offered there (priority order), and one for the create actions.
            var from = new List<(int State, string Field, List<int> Actions)>();
            for (var state = -1; state < states.Count; state++)
            {
                var name = state < 0 ? null : states[state];
                var indexes = Enumerable.Range(0, ordered.Count).Where(i => ordered[i].Action.From == name).ToList();
                if (indexes.Count == 0)
                {
                    continue;
                }

                var field = state < 0 ? "__create" : "__from" + state;
                from.Add((state, field, indexes));
                w.Line($"// {(state < 0 ? "Create actions" : "From '" + Comment(name!) + "'")}.");
                w.Line($"private static readonly {Rt}.LifecycleAction[] {field} = {{ {string.Join(", ", indexes.Select(i => $"__actions[{i}]"))} }};");
            }

            w.Line();
            w.Line("/// <inheritdoc />");
            w.Line($"public override string Id => {Literal(model.Id)};");
            w.Line();
            w.Line("/// <inheritdoc />");
            w.Line($"public override global::System.Collections.Generic.IReadOnlyList<{Rt}.LifecycleState> States => __states;");
            w.Line();
            w.Line("/// <inheritdoc />");
            w.Line($"public override global::System.Collections.Generic.IReadOnlyList<{Rt}.LifecycleAction> Actions => __actions;");
            w.Line();

            w.Line("/// <inheritdoc />");
            w.Open($"public override int FindState({Span} name) => name switch");
            for (var i = 0; i < states.Count; i++)
            {
                w.Line($"{Literal(states[i])} => {i},");
            }

            w.Line("_ => -1,");
            w.Close(";");
            w.Line();

            w.Line("/// <inheritdoc />");
            w.Open($"protected override int FindTransition(int state, {Span} action) => state switch");
            foreach (var (state, _, indexes) in from)
            {
                w.Line($"// {(state < 0 ? "No entity yet: the create actions" : "'" + Comment(states[state]) + "'")}");
                w.Open($"{state} => action switch");
                foreach (var i in indexes)
                {
                    var (action, reference) = ordered[i];
                    var keys = new[] { action.Name, reference }.Distinct(StringComparer.Ordinal).Select(Literal);
                    w.Line($"{string.Join(" or ", keys)} => {i},");
                }

                w.Line("_ => -1,");
                w.Close(",");
            }

            w.Line("_ => -1,");
            w.Close(";");
            w.Line();

            w.Line("/// <inheritdoc />");
            w.Open($"protected override global::System.ReadOnlySpan<{Rt}.LifecycleAction> ActionsFrom(int state) => state switch");
            foreach (var (state, field, _) in from)
            {
                w.Line($"{state} => {field},");
            }

            w.Line("_ => default,");
            w.Close(";");
            CloseType(w, model);
            return w.ToString();
        }

        /// <summary>
        /// The flow class of an action whose <c>typeof</c> the generator could not resolve (generators do not see the classes
        /// generated from <c>*.flow.json</c> files): read once, when the tables are built, from the attribute where the
        /// compiler resolved it. Name and from state pick one action (AUTO6005).
        /// </summary>
        private static void EmitFlowOf(SourceWriter w, LifecycleModel model)
        {
            var attribute = Rt + ".LifecycleActionAttribute";
            w.Line("// Flow classes generated next to this template (from *.flow.json files): as the compiler resolved them in [LifecycleAction].");
            w.Open("private static global::System.Type? __FlowOf(string name, string? from)");
            w.Open($"foreach (var action in global::System.Reflection.CustomAttributeExtensions.GetCustomAttributes<{attribute}>(typeof({model.TypeName}), inherit: false))");
            w.Open("if (action.Name == name && (string.IsNullOrWhiteSpace(action.From) ? null : action.From) == from)");
            w.Line("return action.Flow;");
            w.Close();
            w.Close();
            w.Line();
            w.Line("return null;");
            w.Close();
            w.Line();
        }

        /// <summary>Compilable code for an invalid template: every member throws, so the user sees our diagnostics, not a cascade.</summary>
        public static string EmitInvalid(LifecycleModel model, IEnumerable<string> errorIds, string tool, string version)
        {
            var w = new SourceWriter();
            var message = Literal($"Lifecycle '{model.Id}' has build errors ({string.Join(", ", errorIds.Distinct())}) and cannot be used; fix them and rebuild.");
            var fail = $"throw new global::System.InvalidOperationException({message})";
            OpenType(w, model, tool, version);
            w.Line("/// <summary>Not available: the template has build errors.</summary>");
            w.Line($"public override string Id => {fail};");
            w.Line();
            w.Line("/// <summary>Not available: the template has build errors.</summary>");
            w.Line($"public override global::System.Collections.Generic.IReadOnlyList<{Rt}.LifecycleState> States => {fail};");
            w.Line();
            w.Line("/// <summary>Not available: the template has build errors.</summary>");
            w.Line($"public override global::System.Collections.Generic.IReadOnlyList<{Rt}.LifecycleAction> Actions => {fail};");
            w.Line();
            w.Line("/// <summary>Not available: the template has build errors.</summary>");
            w.Line($"public override int FindState({Span} name) => {fail};");
            w.Line();
            w.Line("/// <summary>Not available: the template has build errors.</summary>");
            w.Line($"protected override int FindTransition(int state, {Span} action) => {fail};");
            w.Line();
            w.Line("/// <summary>Not available: the template has build errors.</summary>");
            w.Line($"protected override global::System.ReadOnlySpan<{Rt}.LifecycleAction> ActionsFrom(int state) => {fail};");
            CloseType(w, model);
            return w.ToString();
        }

        private static void OpenType(SourceWriter w, LifecycleModel model, string tool, string version)
        {
            w.Line("// <auto-generated/>");
            w.Line($"// The transition table of lifecycle '{Comment(model.Id)}', generated from {(model.Origin == FlowOrigin.CSharp ? "the attributed class" : "its JSON file")}.");
            w.Line("#nullable enable");
            w.Line();
            GeneratedType.OpenScopes(w, model.Namespace, model.ContainingTypes);
            var entity = model.EntityType.Length == 0 ? "object" : model.EntityType;
            if (model.Origin == FlowOrigin.Json)
            {
                // The class is ours alone (C# templates keep the user's own documentation).
                w.Line($"/// <summary>Lifecycle template '{Xml(model.Id)}'{(model.Description is null ? "" : ": " + Xml(model.Description))}.</summary>");
            }

            w.Line($"[global::System.CodeDom.Compiler.GeneratedCode({Literal(tool)}, {Literal(version)})]");
            w.Open($"{model.TypeDeclaration} {model.TypeName} : {Rt}.LifecycleTemplate<{entity}>");
        }

        private static void CloseType(SourceWriter w, LifecycleModel model) => GeneratedType.CloseScopes(w, model.Namespace, model.ContainingTypes);

        /// <summary>A named level, or the value as written (C# lets <c>(AccessLevel)7</c> through): never a silent <c>User</c>.</summary>
        private static string Access(int access) => access switch
        {
            0 => Rt + ".AccessLevel.User",
            1 => Rt + ".AccessLevel.Manager",
            2 => Rt + ".AccessLevel.Root",
            _ => $"({Rt}.AccessLevel)({access.ToString(global::System.Globalization.CultureInfo.InvariantCulture)})",
        };

        private static string Literal(string text) => CSharpLiteral.String(text);

        private static string Optional(string? text) => text is null ? "null" : Literal(text);

        private static string Bool(bool value) => value ? "true" : "false";

        private static string Comment(string text) => text.Replace("\r", " ").Replace("\n", " ").Replace("*/", "* /");

        private static string Xml(string text) => XmlDocText.Escape(Comment(text));
    }
}
