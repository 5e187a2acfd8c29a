using System;
using System.Collections.Generic;
using System.Linq;
using Automations.Compiled.Cel;
using Automations.Compiled.Model;

namespace Automations.Compiled.Cli.Checking
{
    /// <summary>
    /// Which actions JSON flows bind to. With the project's actions (<c>--actions</c>): those, plus the built-in demo
    /// actions, and every binding rule applies. Without them the tool cannot see the C# <c>[FlowAction]</c>s, so every
    /// name a flow uses is taken as a loose action and only the action-binding rules (AUTO1101–AUTO1104) are skipped.
    /// </summary>
    internal sealed class ActionBinding
    {
        private readonly ActionCatalog? _declared;

        private ActionBinding(ActionCatalog? declared, string? source)
        {
            _declared = declared;
            Source = source;
        }

        public static ActionBinding Loose { get; } = new(null, null);

        /// <summary>True when action names, inputs and input types are checked (the project's actions were given).</summary>
        public bool ChecksActions => _declared is not null;

        /// <summary>Where the actions came from (the assembly path), or null.</summary>
        public string? Source { get; }

        public static ActionBinding From(string assemblyPath, ActionCatalog catalog) => new(catalog, assemblyPath);

        /// <summary>The catalog to compile <paramref name="text"/> against.</summary>
        public ActionCatalog CatalogFor(string text)
        {
            // The tool's own demo actions are checked exactly (their real signatures); with no project actions given,
            // any other action is accepted with the inputs it is given (AUTO1101-1104 are skipped, and the output says so).
            var used = ActionReferences.In(text);
            var builtIns = BuiltInActions.Catalog.Actions.Where(a => used.ContainsKey(a.Name) && _declared?.Find(a.Name) is null);
            if (_declared is null)
            {
                var others = used.Where(u => BuiltInActions.Catalog.Find(u.Key) is null).Select(u => LooseAction(u.Key, u.Value));
                return Catalog(builtIns.Concat(others), BuiltInActions.Catalog.Shapes);
            }

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
