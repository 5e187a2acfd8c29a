using Automations.Compiled.Model;

namespace Automations.Compiled.Cel
{
    /// <summary>
    /// A CEL expression compiled to C#. Generated code places <see cref="Prelude"/> (local functions; may be empty)
    /// in a method body before <c>return <see cref="Expression"/>;</c>. The expression reads only the
    /// <see cref="CelVariable.Access"/> of the variables in <see cref="UsedVariables"/>. When <see cref="Errors"/> is not
    /// empty the code must not be emitted.
    /// </summary>
    internal sealed record CelCompilation(
        string Prelude,
        string Expression,
        CelType Type,
        string ClrType,
        EquatableArray<string> UsedVariables,
        EquatableArray<CelError> Errors)
    {
        public bool Succeeded => Errors.IsEmpty;

        /// <summary>Where each of <see cref="UsedVariables"/> is first read in the source text.</summary>
        public EquatableArray<CelVariableUse> Uses { get; init; } = EquatableArray<CelVariableUse>.Empty;
    }

    /// <summary>A variable an expression reads, and the span of its first read (<c>steps.x.output</c> whole).</summary>
    internal readonly record struct CelVariableUse(string Name, CelSpan Span);
}
