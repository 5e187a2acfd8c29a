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
        [InlineData(new[] { "eval", "x", "--vars", "{\"x\": 1" }, "--vars is not valid JSON: ")]
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
