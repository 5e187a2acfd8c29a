using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Automations.Compiled.Cli.Tests
{
    public sealed class EvalCommandTests
    {
        [Theory]
        [InlineData("1 + 2", null, "3 (int)")]
        [InlineData("items.map(x, x * 2)", "{\"items\": [1, 2, 3]}", "[2, 4, 6] (list(int))")]
        [InlineData("order.total > 100.0 ? 'large' : 'small'", "{\"order\": {\"total\": 250.5}}", "\"large\" (string)")]
        [InlineData("name.size()", "{\"name\": \"Ada\"}", "3 (int)")]
        public async Task Prints_the_value_and_its_type(string expression, string? vars, string expected)
        {
            using var work = new Workspace();
            var result = await FlowTool.RunAsync(work.Path, vars is null ? new[] { "eval", expression } : new[] { "eval", expression, "--vars", vars });

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(expected, result.Out.Trim());
        }

        /// <summary>Bytes print as CEL writes them, whatever they hold (issue 26: bytes that are not UTF-8 crashed the printer).</summary>
        [Theory]
        [InlineData(@"b'' + b'\xffoo'", @"b""\xffoo""", "bytes")]
        [InlineData("b''", @"b""""", "bytes")]
        [InlineData(@"b'\x00'", @"b""\x00""", "bytes")]
        [InlineData(@"b'a""\\\n\t\x7f\x80 é'", @"b""a\""\\\n\t\x7f\x80 \xc3\xa9""", "bytes")]
        [InlineData(@"dyn(b'\xff')", @"b""\xff""", "bytes")]
        [InlineData(@"[b'\xff', b'']", @"[b""\xff"", b""""]", "list(bytes)")]
        [InlineData(@"{'k': b'\x00\xfe'}", @"{""k"": b""\x00\xfe""}", "map(string, bytes)")]
        public async Task Bytes_print_as_a_CEL_bytes_literal_in_text_and_json(string expression, string literal, string type)
        {
            using var work = new Workspace();

            var text = await FlowTool.RunAsync(work.Path, "eval", expression);
            Assert.True(text.ExitCode == 0, text.ToString());
            Assert.Equal($"{literal} ({type})", text.Out.Trim());
            Assert.Empty(text.Error);

            var json = await FlowTool.RunAsync(work.Path, "eval", expression, "--json");
            Assert.True(json.ExitCode == 0, json.ToString());
            using var document = JsonDocument.Parse(json.Out);
            Assert.Equal(literal, document.RootElement.GetProperty("value").GetString());
            Assert.Equal(type, document.RootElement.GetProperty("type").GetString());

            // The literal is CEL for the same value.
            var back = await FlowTool.RunAsync(work.Path, "eval", $"{literal} == {expression}");
            Assert.Equal("true (bool)", back.Out.Trim());
        }

        [Theory]
        [InlineData(@"'<é>\n\x01\u202e'", @"""<é>\n\x01\u202e""", "string")]
        [InlineData(@"'say ""hi""\t\\'", @"""say \""hi\""\t\\""", "string")]
        [InlineData("0.0 / 0.0", @"double(""NaN"")", "double")]
        [InlineData("-1.0 / 0.0", @"double(""-Infinity"")", "double")]
        [InlineData("4.0 / 2.0", "2.0", "double")]
        public async Task Strings_and_doubles_print_as_CEL_literals_that_read_back(string expression, string literal, string type)
        {
            using var work = new Workspace();

            var text = await FlowTool.RunAsync(work.Path, "eval", expression);
            Assert.True(text.ExitCode == 0, text.ToString());
            Assert.Equal($"{literal} ({type})", text.Out.Trim());

            var back = await FlowTool.RunAsync(work.Path, "eval", $"string({literal}) == string({expression})");
            Assert.Equal("true (bool)", back.Out.Trim());
        }

        [Fact]
        public async Task A_chain_of_operators_longer_than_the_nesting_limit_is_a_syntax_error_not_a_crash()
        {
            using var work = new Workspace();
            var result = await FlowTool.RunAsync(work.Path, "eval", "1" + string.Concat(System.Linq.Enumerable.Repeat(" + 1", 5000)));

            Assert.Equal(1, result.ExitCode);
            Assert.StartsWith("syntax error: the expression nests deeper than 200 levels", result.Out);
            Assert.Empty(result.Error);
        }

        [Fact]
        public async Task A_type_error_shows_the_expression_with_carets_under_the_span()
        {
            using var work = new Workspace();
            var result = await FlowTool.RunAsync(work.Path, "eval", "2 * 3 > 1 && 1 + 'a' == 2");

            Assert.Equal(1, result.ExitCode);
            Assert.Equal(
                "type error: no matching overload for '+' applied to (int, string)\n  2 * 3 > 1 && 1 + 'a' == 2\n               ^^^^^^^",
                result.Out.TrimEnd().Replace("\r", ""));
        }

        [Theory]
        [InlineData("1 +", "syntax error: ", "     ^")]
        [InlineData("1 + missing", "type error: undeclared reference 'missing'", "      ^^^^^^^")]
        [InlineData("1 / 0", "runtime error: division by zero", "  ^^^^^")]
        public async Task Errors_exit_1_with_a_caret(string expression, string message, string caret)
        {
            using var work = new Workspace();
            var result = await FlowTool.RunAsync(work.Path, "eval", expression);

            Assert.Equal(1, result.ExitCode);
            var lines = result.Out.TrimEnd().Replace("\r", "").Split('\n');
            Assert.StartsWith(message, lines[0]);
            Assert.Equal("  " + expression, lines[1]);
            Assert.Equal(caret, lines[2]);
        }

        [Fact]
        public async Task Json_gives_the_value_and_type_or_the_error_span()
        {
            using var work = new Workspace();
            var ok = await FlowTool.RunAsync(work.Path, "eval", "x > 1", "--vars", "{\"x\": 2}", "--json");
            using (var document = JsonDocument.Parse(ok.Out))
            {
                Assert.Equal("true", document.RootElement.GetProperty("value").GetString());
                Assert.Equal("bool", document.RootElement.GetProperty("type").GetString());
            }

            var failed = await FlowTool.RunAsync(work.Path, "eval", "1 + true", "--json");
            Assert.Equal(1, failed.ExitCode);
            using (var document = JsonDocument.Parse(failed.Out))
            {
                var error = document.RootElement.GetProperty("error");
                Assert.Equal("type", error.GetProperty("kind").GetString());
                Assert.Equal(0, error.GetProperty("start").GetInt32());
                Assert.Equal(8, error.GetProperty("end").GetInt32());
            }
        }

        [Theory]
        [InlineData(new[] { "eval", "x", "--vars", "{\"x\": 1" }, "flow: --vars(1,")]
        [InlineData(new[] { "eval", "x", "--vars", "{\"x\": \"\\ud800\"}" }, "--vars: not valid JSON: a string escapes half of a surrogate pair")]
        [InlineData(new[] { "eval", "x", "--vars", "{\"\": 1}" }, "--vars: '' is not a variable name")]
        [InlineData(new[] { "eval", "x", "--vars", "{\"x\": 1, \"x\": 2}" }, "--vars: the variable 'x' is given twice")]
        [InlineData(new[] { "eval", "x", "--vars", "@missing.json" }, "--vars: the file 'missing.json' does not exist.")]
        [InlineData(new[] { "eval", "x", "--vars", "[1]" }, "--vars must be a JSON object")]
        [InlineData(new[] { "eval" }, "Required argument missing")]
        [InlineData(new[] { "eval", "1", "--precision", "2" }, "Unrecognized command or argument '--precision'")]
        public async Task Usage_mistakes_exit_2(string[] args, string message)
        {
            using var work = new Workspace();
            await UsageError.AssertAsync(work, args, message);
        }
    }
}
