using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Automations.Compiled.Cli.Tests
{
    public sealed class CheckCommandTests
    {
        private const string Valid = """
            {
              "id": "greet",
              "inputs": { "name": "string" },
              "steps": [
                { "id": "hello", "type": "action", "action": "log", "inputs": { "message": "Hello {!inputs.name}" } }
              ]
            }
            """;

        // The AUTO2001 and AUTO1202 rule cases, with their markup removed.
        private const string Broken = """
            {
              "id": "checkout",
              "inputs": { "amount": "double" },
              "steps": [
                { "id": "charge", "type": "action", "action": "charge_card", "inputs": { "amount": 12.5 },
                  "endpoints": { "error": { "goto": "notify-customr" } } },
                { "id": "check", "type": "condition", "when": "inputs.amout > 1000.0" },
                { "id": "notify-customer", "type": "action", "action": "send_email", "inputs": { "body": "order update" } }
              ]
            }
            """;

        [Fact]
        public async Task A_valid_flow_outside_a_project_passes_and_says_it_was_bound_to_the_built_in_actions()
        {
            using var work = new Workspace();
            work.Write("greet.flow.json", Valid);

            var result = await FlowTool.RunAsync(work.Path, "check", "greet.flow.json");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("Actions bound to the built-in actions only: no project owns greet.flow.json", result.Out);
            Assert.DoesNotContain("Action bindings not checked", result.Out);
            Assert.EndsWith("1 file checked: 0 errors, 0 warnings.", result.Out.Trim());
        }

        [Fact]
        public async Task Errors_print_as_msbuild_does_and_exit_1()
        {
            using var work = new Workspace();
            Directory.CreateDirectory(work.File("flows"));
            work.Write("flows/checkout.flow.json", Broken);
            work.Write("flows/greet.flow.json", Valid);

            var result = await FlowTool.RunAsync(work.Path, "check", "flows");

            Assert.True(result.ExitCode == 1, result.ToString());
            var lines = result.Out.Trim().Split('\n');
            // No project owns the files: their actions are bound to the built-in ones, which do not include these two.
            Assert.Equal("flows/checkout.flow.json(5,51): error AUTO1101: No [FlowAction(\"charge_card\")] in this project", lines[0].TrimEnd());
            Assert.Equal("flows/checkout.flow.json(6,41): error AUTO2001: Goto target 'notify-customr' is not a step of flow 'checkout'; did you mean 'notify-customer'?", lines[1].TrimEnd());
            Assert.Equal("flows/checkout.flow.json(7,59): error AUTO1202: no field 'amout' on CheckoutFlow.Input; did you mean 'amount'?", lines[2].TrimEnd());
            Assert.Equal("flows/checkout.flow.json(8,60): error AUTO1101: No [FlowAction(\"send_email\")] in this project", lines[3].TrimEnd());
            Assert.Equal("2 files checked: 4 errors, 0 warnings.", lines[^1]);
        }

        [Fact]
        public async Task Malformed_json_is_reported_at_its_line_and_column()
        {
            using var work = new Workspace();
            work.Write("bad.flow.json", "{\n  \"id\": \"bad\"\n  \"steps\": []\n}\n");

            var result = await FlowTool.RunAsync(work.Path, "check", "bad.flow.json", "--json");

            Assert.True(result.ExitCode == 1, result.ToString());
            using var document = JsonDocument.Parse(result.Out);
            var diagnostic = document.RootElement.GetProperty("diagnostics")[0];
            Assert.Equal("AUTO1001", diagnostic.GetProperty("id").GetString());
            Assert.Equal(3, diagnostic.GetProperty("line").GetInt32());
            Assert.Equal(3, diagnostic.GetProperty("column").GetInt32());
            Assert.Equal(1, document.RootElement.GetProperty("errors").GetInt32());
        }

        [Theory]
        [InlineData(new[] { "check", "missing.flow.json" }, "The file 'missing.flow.json' does not exist.")]
        [InlineData(new[] { "check" }, "Give flow files or folders to check, or --project <csproj>.")]
        [InlineData(new[] { "check", "--strict" }, "Unrecognized command or argument '--strict'")]
        [InlineData(new[] { "check", "--actions", "nope.dll", "." }, "The actions assembly 'nope.dll' does not exist.")]
        public async Task Usage_mistakes_exit_2(string[] args, string message)
        {
            using var work = new Workspace();
            await UsageError.AssertAsync(work, args, message);
        }

        [Fact]
        public async Task With_the_project_actions_unknown_actions_are_errors()
        {
            using var work = new Workspace();
            work.Write("checkout.flow.json", Valid.Replace("\"log\"", "\"send_mail\""));

            // The runtime library declares no [FlowAction]: only the built-in demo actions are known.
            var runtime = Path.Combine(Path.GetDirectoryName(FlowTool.Dll)!, "Automations.Compiled.dll");
            var result = await FlowTool.RunAsync(work.Path, "check", "checkout.flow.json", "--actions", runtime);

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains("checkout.flow.json(5,50): error AUTO1101: No [FlowAction(\"send_mail\")] in this project", result.Out);
            Assert.DoesNotContain("Action bindings not checked", result.Out);
        }

        [Fact]
        public async Task A_project_is_built_and_its_AUTO_diagnostics_reprinted()
        {
            using var work = new Workspace();
            // A stand-in for a project whose analyzers report: MSBuild logs tool output in this format as the compiler's diagnostics.
            work.Write("Flows.proj", """
                <Project>
                  <Target Name="Restore" />
                  <Target Name="Build">
                    <Exec Command="echo &quot;Order.cs(9,5): warning AUTO2008: Standalone step 'audit' is never reached&quot;" />
                    <Exec Command="echo &quot;flows/order.flow.json(12,17,12,21): error AUTO2001: Goto target 'shpi' is not a step of flow 'order'&quot;" />
                  </Target>
                  <Target Name="Rebuild" DependsOnTargets="Build" />
                </Project>
                """);

            var result = await FlowTool.RunAsync(work.Path, "check", "--project", "Flows.proj");

            Assert.True(result.ExitCode == 1, result.ToString());
            var lines = result.Out.Trim().Split('\n');
            Assert.Equal("Order.cs(9,5): warning AUTO2008: Standalone step 'audit' is never reached", lines[0].TrimEnd());
            Assert.Equal("flows/order.flow.json(12,17): error AUTO2001: Goto target 'shpi' is not a step of flow 'order'", lines[1].TrimEnd());
            Assert.Equal("Flows.proj checked: 1 error, 1 warning.", lines[^1]);
        }
    }
}
