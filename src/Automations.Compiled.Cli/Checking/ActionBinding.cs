using System;
using System.Collections.Generic;
using System.Linq;
using Automations.Compiled.Cel;
using Automations.Compiled.Model;

namespace Automations.Compiled.Cli.Checking
{
    /// <summary>
    /// Which actions a JSON flow binds to. Bound (to a project's actions, an <c>--actions</c> assembly, or none of the
    /// user's when no project owns the file): those, plus the built-in demo actions, and every binding rule applies.
    /// Loose (<c>--no-bind</c>, or a project that did not build): the tool cannot see the C# <c>[FlowAction]</c>s, so every
    /// name a flow uses is taken as a loose action and only the action-binding rules (AUTO1101–AUTO1104) are skipped.
    /// </summary>
    internal sealed class ActionBinding
    {
        private readonly ActionCatalog? _declared;

        private ActionBinding(ActionCatalog? declared, string boundTo, string? project, string? assembly)
        {
            _declared = declared;
            BoundTo = boundTo;
            Project = project;
            Assembly = assembly;
        }

        /// <summary>No binding: AUTO1101–AUTO1104 are not checked.</summary>
        public static ActionBinding Loose { get; } = new(null, "none", null, null);

        /// <summary>The built-in actions only, for a flow no project owns.</summary>
        public static ActionBinding BuiltIn { get; } = new(ActionCatalog.Empty, "built-in", null, null);

        /// <summary>True when action names, inputs and input types are checked.</summary>
        public bool ChecksActions => _declared is not null;

        /// <summary>What the flow was bound to, as <c>--json</c> says it: <c>project</c>, <c>assembly</c>, <c>built-in</c> or <c>none</c>.</summary>
        public string BoundTo { get; }

        /// <summary>The project whose actions these are, or null.</summary>
        public string? Project { get; }

        /// <summary>The assembly the actions were read from, or null.</summary>
        public string? Assembly { get; }

        /// <summary>The actions of an assembly named with <c>--actions</c>.</summary>
        public static ActionBinding FromAssembly(string assemblyPath, ActionCatalog catalog) => new(catalog, "assembly", null, assemblyPath);

        /// <summary>The actions of <paramref name="project"/>, read from its built <paramref name="assemblyPath"/>.</summary>
        public static ActionBinding FromProject(string project, string assemblyPath, ActionCatalog catalog) => new(catalog, "project", project, assemblyPath);

        /// <summary>The catalog to compile <paramref name="text"/> against.</summary>
        public ActionCatalog CatalogFor(string text)
        {
            if (_declared is null)
            {
                // The tool's own demo actions are checked exactly (their real signatures); any other action is accepted
                // with the inputs it is given (AUTO1101-1104 are skipped, and the output says so).
                var used = ActionReferences.In(text);
                var usedBuiltIns = BuiltInActions.Catalog.Actions.Where(a => used.ContainsKey(a.Name));
                var others = used.Where(u => BuiltInActions.Catalog.Find(u.Key) is null).Select(u => LooseAction(u.Key, u.Value));
                return Catalog(usedBuiltIns.Concat(others), BuiltInActions.Catalog.Shapes);
            }

            // Every built-in the declared actions do not replace, as `flow run` has them: an unknown name is then
            // compared with all of them ("did you mean 'log'?").
            var builtIns = BuiltInActions.Catalog.Actions.Where(a => _declared.Find(a.Name) is null);
            return Catalog(_declared.Actions.Concat(builtIns), _declared.Shapes.Concat(BuiltInActions.Catalog.Shapes).Distinct().ToEquatableArray());
        }

        /// <summary>
        /// An action that takes the inputs a flow gives it and returns <c>dyn</c>: binding cannot fail, while the input
        /// values (expressions, interpolations) are still compiled and type-checked.
        /// </summary>
        private static ActionModel LooseAction(string name, IEnumerable<string> inputs)
            => new(
                name,
                "global::Automations.Compiled.Cli.LooseActions",
                "Invoke",
                IsStatic: true,
                ReturnKind.ValueTaskOfT,
                "object?",
                CelType.Dyn,
                inputs.Distinct(StringComparer.Ordinal).OrderBy(i => i, StringComparer.Ordinal)
                    .Select(i => new ActionParameter(i, ActionParameterKind.Input, "object?", CelType.Dyn, IsOptional: true))
                    .ToEquatableArray(),
                Location: null);

        private static ActionCatalog Catalog(IEnumerable<ActionModel> actions, EquatableArray<CelObjectShape> shapes)
            => new(actions.OrderBy(a => a.Name, StringComparer.Ordinal).ToEquatableArray(), shapes);
    }
}
