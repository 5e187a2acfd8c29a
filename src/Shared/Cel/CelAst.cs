using Automations.Compiled.Model;

namespace Automations.Compiled.Cel
{
    /// <summary>A character range of the expression text: [Start, End).</summary>
    internal readonly record struct CelSpan(int Start, int End)
    {
        public int Length => End - Start;

        public static CelSpan Cover(CelSpan a, CelSpan b) => new(a.Start < b.Start ? a.Start : b.Start, a.End > b.End ? a.End : b.End);
    }

    /// <summary>
    /// A parsed CEL expression (cel-spec syntax). Operators are calls with the spec's function names
    /// (<c>_+_</c>, <c>_&amp;&amp;_</c>, <c>!_</c>, <c>_[_]</c>, <c>@in</c>, <c>_?_:_</c>); macros are expanded into
    /// <see cref="CelComprehension"/> and <c>has()</c> into a test-only <see cref="CelSelect"/>.
    /// </summary>
    internal abstract record CelExpr(CelSpan Span);

    internal enum CelLiteralKind
    {
        Int,
        Uint,
        Double,
        String,
        Bytes,
        Bool,
        Null,
    }

    /// <summary>A literal. Ints are <c>long</c>, uints <c>ulong</c>, bytes a Latin-1 string of byte values.</summary>
    internal sealed record CelLiteral(CelSpan Span, CelLiteralKind Kind, object? Value) : CelExpr(Span);

    internal sealed record CelIdent(CelSpan Span, string Name) : CelExpr(Span);

    /// <summary><c>operand.field</c>; with <see cref="TestOnly"/>, the <c>has(operand.field)</c> presence test.</summary>
    internal sealed record CelSelect(CelSpan Span, CelExpr Operand, string Field, bool TestOnly) : CelExpr(Span);

    /// <summary>A function or operator call; <see cref="Target"/> is the receiver of <c>target.f(args)</c>.</summary>
    internal sealed record CelCall(CelSpan Span, CelExpr? Target, string Function, EquatableArray<CelExpr> Args) : CelExpr(Span);

    internal sealed record CelList(CelSpan Span, EquatableArray<CelExpr> Elements) : CelExpr(Span);

    internal sealed record CelMapEntry(CelExpr Key, CelExpr Value);

    internal sealed record CelMap(CelSpan Span, EquatableArray<CelMapEntry> Entries) : CelExpr(Span);

    internal enum CelMacro
    {
        All,
        Exists,
        ExistsOne,
        Map,
        Filter,
    }

    /// <summary>
    /// A macro over a list or map: <c>range.all(x, p)</c>, <c>exists</c>, <c>exists_one</c>, <c>map(x, t)</c>,
    /// <c>map(x, p, t)</c>, <c>filter(x, p)</c>. <see cref="Predicate"/> is null for a two-argument map;
    /// <see cref="Transform"/> is set only for map.
    /// </summary>
    internal sealed record CelComprehension(CelSpan Span, CelMacro Macro, CelExpr Range, string Variable, CelExpr? Predicate, CelExpr? Transform) : CelExpr(Span);

    /// <summary>A syntax error with the span it is about.</summary>
    internal sealed record CelError(CelSpan Span, string Message);
}
