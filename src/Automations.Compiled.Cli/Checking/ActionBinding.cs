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
            var used = ActionReferences.In(text);
            if (_declared is null)
            {
                return Catalog(used.Select(u => BuiltInActions.Loose(u.Key, u.Value)), EquatableArray<CelObjectShape>.Empty);
            }

            var builtIns = used
                .Where(u => BuiltInActions.IsBuiltIn(u.Key) && _declared.Find(u.Key) is null)
                .Select(u => BuiltInActions.Loose(u.Key, u.Value));
            return Catalog(_declared.Actions.Concat(builtIns), _declared.Shapes);
        }

        private static ActionCatalog Catalog(IEnumerable<ActionModel> actions, EquatableArray<CelObjectShape> shapes)
            => new(actions.OrderBy(a => a.Name, StringComparer.Ordinal).ToEquatableArray(), shapes);
    }
}
