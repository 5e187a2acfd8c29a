using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Automations.Compiled.Cel;
using Xunit;

namespace Automations.Compiled.Tests.Cel
{
    /// <summary>The CEL parser: cel-spec precedence, literals, macros, and errors located at their span.</summary>
    public class CelParserTests
    {
        [Theory]
        [InlineData("a || b && c", "_||_(a, _&&_(b, c))")]
        [InlineData("a && b || c", "_||_(_&&_(a, b), c)")]
        [InlineData("1 + 2 * 3 - 4", "_-_(_+_(1, _*_(2, 3)), 4)")]
        [InlineData("a < b == c", "_==_(_<_(a, b), c)")]
        [InlineData("x in [1, 2]", "@in(x, [1, 2])")]
        [InlineData("a ? b : c ? d : e", "_?_:_(a, b, _?_:_(c, d, e))")]
        [InlineData("!!a", "!_(!_(a))")]
        [InlineData("-x", "-_(x)")]
        [InlineData("--1", "-_(-1)")]
        [InlineData("-(1)", "-_(1)")]
        [InlineData("a.b.c(d)[e]", "_[_](a.b.c(d), e)")]
        [InlineData("size(a) % 2", "_%_(size(a), 2)")]
        [InlineData(".pkg.name", ".pkg.name")]
        [InlineData("has(a.b)", "has(a.b)")]
        [InlineData("{1: 'a', 'b': 2,}", "{1: \"a\", \"b\": 2}")]
        [InlineData("[1, 2,]", "[1, 2]")]
        [InlineData("[1, 2].map(x, x * 2)", "map(x in [1, 2], _, _*_(x, 2))")]
        [InlineData("[1, 2].map(x, x > 1, x * 2)", "map(x in [1, 2], _>_(x, 1), _*_(x, 2))")]
        [InlineData("m.all(k, k != '')", "all(k in m, _!=_(k, \"\"), _)")]
        [InlineData("l.exists_one(v, v)", "exists_one(v in l, v, _)")]
        [InlineData("l.filter(v, v < 3)", "filter(v in l, _<_(v, 3), _)")]
        [InlineData("l.exists(v, v) // a comment", "exists(v in l, v, _)")]
        [InlineData("a.startsWith('x') && a.matches('^x+$')", "_&&_(a.startsWith(\"x\"), a.matches(\"^x+$\"))")]
        [InlineData("-1.5.foo()", "-_(1.5.foo())")]
        public void Operators_bind_as_the_spec_says(string text, string expected)
            => Assert.Equal(expected, Print(Parse(text)));

        [Theory]
        [InlineData("0", "Int", "0")]
        [InlineData("9223372036854775807", "Int", "9223372036854775807")]
        [InlineData("-9223372036854775808", "Int", "-9223372036854775808")]
        [InlineData("0x1F", "Int", "31")]
        [InlineData("-0x10", "Int", "-16")]
        [InlineData("1u", "Uint", "1")]
        [InlineData("0XFFU", "Uint", "255")]
        [InlineData("18446744073709551615u", "Uint", "18446744073709551615")]
        [InlineData("1e3", "Double", "1000")]
        [InlineData(".5", "Double", "0.5")]
        [InlineData("1.5e-3", "Double", "0.0015")]
        [InlineData("-0.0", "Double", "-0")]
        [InlineData("true", "Bool", "True")]
        [InlineData("null", "Null", "")]
        public void Number_and_keyword_literals(string text, string kind, string value)
        {
            var literal = Assert.IsType<CelLiteral>(Parse(text));
            Assert.Equal(kind, literal.Kind.ToString());
            Assert.Equal(value, Convert.ToString(literal.Value, CultureInfo.InvariantCulture) ?? "");
        }

        [Theory]
        [InlineData("'abc'", "abc")]
        [InlineData("\"a'b\"", "a'b")]
        [InlineData("'\\x41\\101\\u0041'", "AAA")]
        [InlineData("'\\U0001F600'", "\U0001F600")]
        [InlineData("'\\a\\b\\f\\n\\r\\t\\v\\\\\\?\\\"\\'\\`'", "\a\b\f\n\r\t\v\\?\"'`")]
        [InlineData("r'\\n'", "\\n")]
        [InlineData("R\"\\d+\"", "\\d+")]
        [InlineData("'''a\nb'c'''", "a\nb'c")]
        [InlineData("\"\"\"x\"\"\"", "x")]
        public void String_literals_decode_every_escape(string text, string value)
        {
            var literal = Assert.IsType<CelLiteral>(Parse(text));
            Assert.Equal(CelLiteralKind.String, literal.Kind);
            Assert.Equal(value, literal.Value);
        }

        [Theory]
        [InlineData("b'abc'", new byte[] { 0x61, 0x62, 0x63 })]
        [InlineData("b'\\xff\\000'", new byte[] { 0xFF, 0x00 })]
        [InlineData("b'\u00ff'", new byte[] { 0xC3, 0xBF })]
        [InlineData("B\"\\x41\"", new byte[] { 0x41 })]
        [InlineData("rb'\\x41'", new byte[] { 0x5C, 0x78, 0x34, 0x31 })]
        [InlineData("br'a'", new byte[] { 0x61 })]
        public void Bytes_literals_hold_bytes_and_utf8_for_characters(string text, byte[] bytes)
        {
            var literal = Assert.IsType<CelLiteral>(Parse(text));
            Assert.Equal(CelLiteralKind.Bytes, literal.Kind);
            Assert.Equal(bytes, ((string)literal.Value!).Select(c => (byte)c).ToArray());
        }

        [Theory]
        [InlineData("1 +", 3, 3, "expected an expression but found the end of the expression")]
        [InlineData("a = b", 2, 3, "use '=='")]
        [InlineData("'abc", 0, 1, "unterminated string literal")]
        [InlineData("9223372036854775808", 0, 19, "integer literal out of range")]
        [InlineData("-9223372036854775809", 1, 20, "integer literal out of range")]
        [InlineData("99999999999999999999", 0, 1, "integer literal out of range")]
        [InlineData("foo(1,)", 6, 7, "expected an argument after ','")]
        [InlineData("has(a)", 0, 3, "has() takes one field selection")]
        [InlineData("while + 1", 0, 1, "'while' is a reserved word")]
        [InlineData("Msg{a: 1}", 3, 4, "message construction")]
        [InlineData("[1, 2].all(1, true)", 11, 12, "must be a variable name")]
        [InlineData("a ? b", 5, 5, "expected ':' of the conditional")]
        [InlineData("(a", 2, 2, "expected ')'")]
        [InlineData("a b", 2, 3, "unexpected 'b' after the end of the expression")]
        [InlineData("'\\q'", 1, 2, "invalid escape sequence")]
        [InlineData("'a\nb'", 0, 1, "cannot span lines")]
        [InlineData("a & b", 2, 3, "use '&&'")]
        [InlineData("#", 0, 1, "unexpected character '#'")]
        public void Syntax_errors_say_what_and_where(string text, int start, int end, string message)
        {
            var (expression, error) = CelParser.Parse(text);

            Assert.Null(expression);
            Assert.NotNull(error);
            Assert.Contains(message, error!.Message, StringComparison.Ordinal);
            Assert.Equal(new CelSpan(start, end), error.Span);
        }

        [Fact]
        public void Deep_nesting_is_an_error_not_a_crash()
        {
            var text = new string('(', 10_000) + "1" + new string(')', 10_000);
            var (expression, error) = CelParser.Parse(text);

            Assert.Null(expression);
            Assert.Contains("nests deeper than", error!.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Spans_cover_their_source_text()
        {
            const string text = "order.total > 100 && has(order.vip)";
            var and = Assert.IsType<CelCall>(Parse(text));
            Assert.Equal("order.total > 100", text.Substring(and.Args[0].Span.Start, and.Args[0].Span.Length));
            Assert.Equal("has(order.vip)", text.Substring(and.Args[1].Span.Start, and.Args[1].Span.Length));
            Assert.Equal(new CelSpan(0, text.Length), and.Span);
        }

        /// <summary>Every expression of cel-spec's conformance cases (tests/conformance/cel) is valid syntax.</summary>
        [Fact]
        public void Every_conformance_expression_parses()
        {
            var failures = new List<string>();
            var count = 0;
            foreach (var line in File.ReadLines(Conformance.PathOf("cel", "cases.jsonl")))
            {
                using var document = JsonDocument.Parse(line);
                var expression = document.RootElement.GetProperty("expr").GetString()!;
                var name = document.RootElement.GetProperty("name").GetString();
                count++;
                var (parsed, error) = CelParser.Parse(expression);
                if (parsed is null)
                {
                    failures.Add($"{name}: {expression} -> {error}");
                }
            }

            Assert.Equal(750, count);
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        private static CelExpr Parse(string text)
        {
            var (expression, error) = CelParser.Parse(text);
            Assert.True(error is null, error?.ToString());
            return expression!;
        }

        private static string Print(CelExpr expression) => expression switch
        {
            CelLiteral { Kind: CelLiteralKind.String } s => "\"" + s.Value + "\"",
            CelLiteral l => Convert.ToString(l.Value, CultureInfo.InvariantCulture) ?? "null",
            CelIdent i => i.Name,
            CelSelect { TestOnly: true } s => $"has({Print(s.Operand)}.{s.Field})",
            CelSelect s => $"{Print(s.Operand)}.{s.Field}",
            CelCall { Target: { } target } c => $"{Print(target)}.{c.Function}({string.Join(", ", c.Args.Select(Print))})",
            CelCall c => $"{c.Function}({string.Join(", ", c.Args.Select(Print))})",
            CelList l => $"[{string.Join(", ", l.Elements.Select(Print))}]",
            CelMap m => "{" + string.Join(", ", m.Entries.Select(e => $"{Print(e.Key)}: {Print(e.Value)}")) + "}",
            CelComprehension c => $"{CelMacroName(c.Macro)}({c.Variable} in {Print(c.Range)}, {(c.Predicate is null ? "_" : Print(c.Predicate))}, {(c.Transform is null ? "_" : Print(c.Transform))})",
            _ => throw new InvalidOperationException(expression.GetType().Name),
        };

        private static string CelMacroName(CelMacro macro) => macro switch
        {
            CelMacro.ExistsOne => "exists_one",
            _ => macro.ToString().ToLowerInvariant(),
        };
    }
}
