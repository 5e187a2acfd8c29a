using System;
using System.Collections.Generic;

namespace Automations.Compiled.Cel
{
    /// <summary>
    /// What an expression may refer to: its variables (qualified names resolve longest-first, so
    /// <c>steps.charge.output.id</c> reads field <c>id</c> of variable <c>steps.charge.output</c>) and the shapes of the
    /// C# types those variables hold.
    /// </summary>
    internal sealed class CelEnvironment
    {
        private readonly Dictionary<string, CelVariable> _variables = new(StringComparer.Ordinal);
        private readonly Dictionary<string, CelObjectShape> _shapes = new(StringComparer.Ordinal);

        public CelEnvironment(IEnumerable<CelVariable> variables, IEnumerable<CelObjectShape> shapes, bool typeChecked = true)
        {
            foreach (var variable in variables)
            {
                _variables[variable.Name] = variable;
            }

            foreach (var shape in shapes)
            {
                _shapes[shape.ClrType] = shape;
            }

            TypeChecked = typeChecked;
        }

        /// <summary>
        /// True (the default, and always for flows): an expression whose types do not fit is a compile error. False (only
        /// for cel-spec conformance cases marked <c>disable_check</c>): such operations are compiled as dynamic calls that
        /// fail at run time with CEL's "no such overload" error.
        /// </summary>
        public bool TypeChecked { get; }

        public IReadOnlyDictionary<string, CelVariable> Variables => _variables;

        public CelVariable? FindVariable(string name) => _variables.TryGetValue(name, out var variable) ? variable : null;

        public CelObjectShape? FindShape(string clrType) => _shapes.TryGetValue(clrType, out var shape) ? shape : null;
    }
}
