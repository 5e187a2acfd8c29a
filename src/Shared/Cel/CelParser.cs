using System;
using System.Collections.Generic;
using Automations.Compiled.Model;

namespace Automations.Compiled.Cel
{
    /// <summary>
    /// A recursive-descent parser for the cel-spec grammar, with the spec's precedence, macro expansion
    /// (<c>has</c>, <c>all</c>, <c>exists</c>, <c>exists_one</c>, <c>map</c>, <c>filter</c>) and a nesting limit.
    /// Never throws: the first syntax error is returned with its span.
    /// </summary>
    internal sealed class CelParser
    {
        /// <summary>Deeper nesting is refused rather than risking the stack of a build.</summary>
        public const int MaxDepth = 200;

        private readonly List<CelToken> _tokens;
        private int _index;
        private int _depth;

        private CelParser(List<CelToken> tokens) => _tokens = tokens;

        public static (CelExpr? Expression, CelError? Error) Parse(string text)
        {
            var parser = new CelParser(CelLexer.Tokenize(text ?? ""));
            try
            {
                var expression = parser.Expression();
                var end = parser.Current;
                if (end.Kind == CelTokenKind.Error)
                {
                    return (null, new CelError(end.Span, (string)end.Value!));
                }

                if (end.Kind != CelTokenKind.End)
                {
                    return (null, new CelError(end.Span, $"unexpected {Describe(end)} after the end of the expression"));
                }

                return (expression, null);
            }
            catch (SyntaxException error)
            {
                return (null, error.Error);
            }
        }

        private CelToken Current => _tokens[_index];

        private CelToken Advance()
        {
            var token = _tokens[_index];
            if (_index < _tokens.Count - 1)
            {
                _index++; // the End token is never passed
            }

            return token;
        }

        private bool At(CelTokenKind kind) => Current.Kind == kind;

        private CelToken Expect(CelTokenKind kind, string what)
        {
            if (!At(kind))
            {
                throw Fail(Current, $"expected {what} but found {Describe(Current)}");
            }

            return Advance();
        }

        private SyntaxException Fail(CelToken token, string message)
            => new(new CelError(token.Span, token.Kind == CelTokenKind.Error ? (string)token.Value! : message));

        private static string Describe(CelToken token) => token.Kind switch
        {
            CelTokenKind.End => "the end of the expression",
            CelTokenKind.Identifier => $"'{token.Value}'",
            CelTokenKind.Error => "an invalid token",
            _ => $"'{token.Kind}'",
        };

        private void Enter()
        {
            if (++_depth > MaxDepth)
            {
                throw Fail(Current, $"the expression nests deeper than {MaxDepth} levels");
            }
        }

        /// <summary>
        /// One more link of a chain (<c>a + b + c</c>, <c>a.b.c</c>, <c>a[0][1]</c>): parsed in a loop, but each link nests
        /// the tree one level deeper, and the checker and emitter recurse through it, so links count toward the limit.
        /// </summary>
        private void Link(ref int links)
        {
            Enter();
            links++;
        }

        // Expr = ConditionalOr ["?" ConditionalOr ":" Expr]
        private CelExpr Expression()
        {
            Enter();
            var condition = Or();
            if (At(CelTokenKind.Question))
            {
                Advance();
                var then = Or();
                Expect(CelTokenKind.Colon, "':' of the conditional");
                var otherwise = Expression();
                condition = Call(CelSpan.Cover(condition.Span, otherwise.Span), "_?_:_", condition, then, otherwise);
            }

            _depth--;
            return condition;
        }

        private CelExpr Or() => Binary(And, CelTokenKind.OrOr, "_||_");

        private CelExpr And() => Binary(Relation, CelTokenKind.AndAnd, "_&&_");

        private CelExpr Binary(Func<CelExpr> operand, CelTokenKind kind, string function)
        {
            var left = operand();
            var links = 0;
            while (At(kind))
            {
                Advance();
                Link(ref links);
                var right = operand();
                left = Call(CelSpan.Cover(left.Span, right.Span), function, left, right);
            }

            _depth -= links;
            return left;
        }

        private CelExpr Relation()
        {
            var left = Addition();
            var links = 0;
            while (true)
            {
                var function = Current.Kind switch
                {
                    CelTokenKind.Less => "_<_",
                    CelTokenKind.LessEqual => "_<=_",
                    CelTokenKind.Greater => "_>_",
                    CelTokenKind.GreaterEqual => "_>=_",
                    CelTokenKind.EqualEqual => "_==_",
                    CelTokenKind.BangEqual => "_!=_",
                    CelTokenKind.In => "@in",
                    _ => null,
                };
                if (function is null)
                {
                    _depth -= links;
                    return left;
                }

                Advance();
                Link(ref links);
                var right = Addition();
                left = Call(CelSpan.Cover(left.Span, right.Span), function, left, right);
            }
        }

        private CelExpr Addition()
        {
            var left = Multiplication();
            var links = 0;
            while (At(CelTokenKind.Plus) || At(CelTokenKind.Minus))
            {
                var function = Advance().Kind == CelTokenKind.Plus ? "_+_" : "_-_";
                Link(ref links);
                var right = Multiplication();
                left = Call(CelSpan.Cover(left.Span, right.Span), function, left, right);
            }

            _depth -= links;
            return left;
        }

        private CelExpr Multiplication()
        {
            var left = Unary();
            var links = 0;
            while (At(CelTokenKind.Star) || At(CelTokenKind.Slash) || At(CelTokenKind.Percent))
            {
                var function = Advance().Kind switch
                {
                    CelTokenKind.Star => "_*_",
                    CelTokenKind.Slash => "_/_",
                    _ => "_%_",
                };
                Link(ref links);
                var right = Unary();
                left = Call(CelSpan.Cover(left.Span, right.Span), function, left, right);
            }

            _depth -= links;
            return left;
        }

        private CelExpr Unary()
        {
            if (At(CelTokenKind.Bang))
            {
                var bang = Advance();
                Enter();
                var operand = Unary();
                _depth--;
                return Call(CelSpan.Cover(bang.Span, operand.Span), "!_", operand);
            }

            if (At(CelTokenKind.Minus))
            {
                var minus = Advance();

                // -9223372036854775808 is only expressible as a negated literal.
                if ((At(CelTokenKind.Int) || At(CelTokenKind.Double)) && !FollowedByMember())
                {
                    var literal = Advance();
                    var span = CelSpan.Cover(minus.Span, literal.Span);
                    if (literal.Kind == CelTokenKind.Double)
                    {
                        return new CelLiteral(span, CelLiteralKind.Double, -(double)literal.Value!);
                    }

                    var magnitude = (ulong)literal.Value!;
                    if (magnitude > (ulong)long.MaxValue + 1)
                    {
                        throw Fail(literal, "integer literal out of range");
                    }

                    return new CelLiteral(span, CelLiteralKind.Int, magnitude == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)magnitude);
                }

                Enter();
                var operand = Unary();
                _depth--;
                return Call(CelSpan.Cover(minus.Span, operand.Span), "-_", operand);
            }

            return Member();
        }

        /// <summary>True when the literal ahead is the receiver of a member access (<c>-1.foo()</c> negates the call).</summary>
        private bool FollowedByMember()
        {
            var next = _tokens[Math.Min(_index + 1, _tokens.Count - 1)].Kind;
            return next is CelTokenKind.Dot or CelTokenKind.LeftBracket;
        }

        private CelExpr Member()
        {
            var expression = Primary();
            var links = 0;
            while (true)
            {
                if (At(CelTokenKind.Dot))
                {
                    Advance();
                    Link(ref links);
                    var name = Expect(CelTokenKind.Identifier, "a field or method name after '.'");
                    var field = (string)name.Value!;
                    if (At(CelTokenKind.LeftParen))
                    {
                        Advance();
                        var args = Arguments(CelTokenKind.RightParen, "')'", out var close);
                        expression = Receiver(CelSpan.Cover(expression.Span, close.Span), expression, field, args);
                    }
                    else
                    {
                        expression = new CelSelect(CelSpan.Cover(expression.Span, name.Span), expression, field, TestOnly: false);
                    }
                }
                else if (At(CelTokenKind.LeftBracket))
                {
                    Advance();
                    Link(ref links);
                    Enter();
                    var index = Expression();
                    _depth--;
                    var close = Expect(CelTokenKind.RightBracket, "']'");
                    expression = Call(CelSpan.Cover(expression.Span, close.Span), "_[_]", expression, index);
                }
                else
                {
                    _depth -= links;
                    return expression;
                }
            }
        }

        private CelExpr Primary()
        {
            var token = Current;
            switch (token.Kind)
            {
                case CelTokenKind.Int:
                    Advance();
                    var magnitude = (ulong)token.Value!;
                    if (magnitude > long.MaxValue)
                    {
                        throw Fail(token, "integer literal out of range");
                    }

                    return new CelLiteral(token.Span, CelLiteralKind.Int, (long)magnitude);
                case CelTokenKind.Uint:
                    Advance();
                    return new CelLiteral(token.Span, CelLiteralKind.Uint, (ulong)token.Value!);
                case CelTokenKind.Double:
                    Advance();
                    return new CelLiteral(token.Span, CelLiteralKind.Double, token.Value);
                case CelTokenKind.String:
                    Advance();
                    return new CelLiteral(token.Span, CelLiteralKind.String, token.Value);
                case CelTokenKind.Bytes:
                    Advance();
                    return new CelLiteral(token.Span, CelLiteralKind.Bytes, token.Value);
                case CelTokenKind.True:
                case CelTokenKind.False:
                    Advance();
                    return new CelLiteral(token.Span, CelLiteralKind.Bool, token.Value);
                case CelTokenKind.Null:
                    Advance();
                    return new CelLiteral(token.Span, CelLiteralKind.Null, null);
                case CelTokenKind.LeftParen:
                    Advance();
                    Enter();
                    var inner = Expression();
                    _depth--;
                    Expect(CelTokenKind.RightParen, "')'");
                    return inner;
                case CelTokenKind.LeftBracket:
                    Advance();
                    var elements = Arguments(CelTokenKind.RightBracket, "']'", out var closeList, allowTrailingComma: true);
                    return new CelList(CelSpan.Cover(token.Span, closeList.Span), elements);
                case CelTokenKind.LeftBrace:
                    return MapLiteral();
                case CelTokenKind.Dot:
                    Advance();
                    return Identifier(Expect(CelTokenKind.Identifier, "an identifier after a leading '.'"), leadingDot: true);
                case CelTokenKind.Identifier:
                    Advance();
                    return Identifier(token, leadingDot: false);
                default:
                    throw Fail(token, $"expected an expression but found {Describe(token)}");
            }
        }

        private CelExpr Identifier(CelToken name, bool leadingDot)
        {
            var text = (leadingDot ? "." : "") + (string)name.Value!;
            if (At(CelTokenKind.LeftParen))
            {
                Advance();
                var args = Arguments(CelTokenKind.RightParen, "')'", out var close);
                var span = CelSpan.Cover(name.Span, close.Span);
                if (text == "has")
                {
                    if (args.Count != 1 || args[0] is not CelSelect select)
                    {
                        throw Fail(name, "has() takes one field selection, like has(a.b)");
                    }

                    return select with { Span = span, TestOnly = true };
                }

                return new CelCall(span, null, text, args);
            }

            if (At(CelTokenKind.LeftBrace))
            {
                throw Fail(Current, "message construction (Type{field: value}) is not supported; use a map literal");
            }

            return new CelIdent(name.Span, text);
        }

        private CelExpr MapLiteral()
        {
            var open = Advance();
            var entries = new List<CelMapEntry>();
            while (!At(CelTokenKind.RightBrace))
            {
                Enter();
                var key = Expression();
                Expect(CelTokenKind.Colon, "':' between a map key and its value");
                var value = Expression();
                _depth--;
                entries.Add(new CelMapEntry(key, value));
                if (!At(CelTokenKind.Comma))
                {
                    break;
                }

                Advance();
            }

            var close = Expect(CelTokenKind.RightBrace, "'}'");
            return new CelMap(CelSpan.Cover(open.Span, close.Span), entries.ToEquatableArray());
        }

        private EquatableArray<CelExpr> Arguments(CelTokenKind close, string what, out CelToken closing, bool allowTrailingComma = false)
        {
            var args = new List<CelExpr>();
            while (!At(close))
            {
                Enter();
                args.Add(Expression());
                _depth--;
                if (!At(CelTokenKind.Comma))
                {
                    break;
                }

                Advance();
                if (At(close) && !allowTrailingComma)
                {
                    throw Fail(Current, "expected an argument after ','");
                }
            }

            closing = Expect(close, what);
            return args.ToEquatableArray();
        }

        /// <summary>A receiver call <c>target.f(args)</c>, with macros expanded.</summary>
        private CelExpr Receiver(CelSpan span, CelExpr target, string function, EquatableArray<CelExpr> args)
        {
            CelMacro? macro = function switch
            {
                "all" when args.Count == 2 => CelMacro.All,
                "exists" when args.Count == 2 => CelMacro.Exists,
                "exists_one" when args.Count == 2 => CelMacro.ExistsOne,
                "map" when args.Count is 2 or 3 => CelMacro.Map,
                "filter" when args.Count == 2 => CelMacro.Filter,
                _ => null,
            };
            if (macro is not { } kind)
            {
                return new CelCall(span, target, function, args);
            }

            if (args[0] is not CelIdent { Name: var variable } || variable.StartsWith(".", StringComparison.Ordinal))
            {
                throw new SyntaxException(new CelError(args[0].Span, $"the first argument of {function}() must be a variable name"));
            }

            return kind switch
            {
                CelMacro.Map when args.Count == 3 => new CelComprehension(span, kind, target, variable, args[1], args[2]),
                CelMacro.Map => new CelComprehension(span, kind, target, variable, null, args[1]),
                _ => new CelComprehension(span, kind, target, variable, args[1], null),
            };
        }

        private static CelCall Call(CelSpan span, string function, params CelExpr[] args)
            => new(span, null, function, new EquatableArray<CelExpr>(args));

        private sealed class SyntaxException : Exception
        {
            public SyntaxException(CelError error)
                : base(error.Message) => Error = error;

            public CelError Error { get; }
        }
    }
}
