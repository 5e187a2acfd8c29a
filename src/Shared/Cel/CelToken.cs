namespace Automations.Compiled.Cel
{
    internal enum CelTokenKind
    {
        End,
        Identifier,
        Int,
        Uint,
        Double,
        String,
        Bytes,
        True,
        False,
        Null,
        In,
        Plus,
        Minus,
        Star,
        Slash,
        Percent,
        Bang,
        EqualEqual,
        BangEqual,
        Less,
        LessEqual,
        Greater,
        GreaterEqual,
        AndAnd,
        OrOr,
        Question,
        Colon,
        Dot,
        Comma,
        LeftParen,
        RightParen,
        LeftBracket,
        RightBracket,
        LeftBrace,
        RightBrace,
        Error,
    }

    /// <summary>One token: its kind, where it is, and for literals and identifiers its value.</summary>
    internal readonly record struct CelToken(CelTokenKind Kind, CelSpan Span, object? Value);
}
