using System;
using System.Collections.Generic;
using System.Linq;
using Automations.Compiled.Cel;
using Automations.Compiled.Model;

namespace Automations.Compiled.Cli
{
    /// <summary>
    /// The demo actions the tool itself knows (<c>log</c>, <c>set</c>, <c>fail</c>, <c>delay</c>, <c>http</c>, <c>noop</c>), with
    /// loose signatures: any input, each optional and <c>dyn</c>, and a <c>dyn</c> result.
    /// </summary>
    internal static class BuiltInActions
    {
        public static readonly IReadOnlyList<string> Names = new[] { "delay", "fail", "http", "log", "noop", "set" };

        public static bool IsBuiltIn(string name) => Names.Contains(name, StringComparer.Ordinal);

        /// <summary>
        /// An action that takes the inputs a flow gives it and returns <c>dyn</c>: binding cannot fail, while the input
        /// values (expressions, interpolations) are still compiled and type-checked.
        /// </summary>
        public static ActionModel Loose(string name, IEnumerable<string> inputs)
            => new(
                name,
                "global::Automations.Compiled.Cli.BuiltInActions",
                "Invoke",
                IsStatic: true,
                ReturnKind.ValueTaskOfT,
                "object?",
                CelType.Dyn,
                inputs.Distinct(StringComparer.Ordinal).OrderBy(i => i, StringComparer.Ordinal)
                    .Select(i => new ActionParameter(i, ActionParameterKind.Input, "object?", CelType.Dyn, IsOptional: true))
                    .ToEquatableArray(),
                Location: null);
    }
}
