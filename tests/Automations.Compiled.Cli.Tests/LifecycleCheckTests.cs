using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Automations.Compiled.Cli.Tests
{
    /// <summary><c>flow check</c> of <c>*.lifecycle.json</c> templates, with the validator a build uses.</summary>
    public sealed class LifecycleCheckTests
    {
        // AUTO6003 (a state that is not declared, with a suggestion) and AUTO6002 (no transit), at their properties.
        private const string Broken = """
            {
              "lifecycle": "server",
              "entity": "Shop.Server",
              "states": ["Starting", "Running", "Stopping", "Stopped"],
              "actions": [
                { "name": "Create", "transit": "Starting", "to": "Runing" },
                { "name": "Stop", "from": "Running", "to": "Stopped" },
                { "name": "Start", "from": "Stopped", "transit": "Starting", "to": "Running" }
              ]
            }
            """;

        [Fact]
        public async Task A_valid_template_passes_and_says_which_rules_need_the_project()
        {
            using var work = new Workspace();
            work.Write("door.lifecycle.json", LifecycleGraphTests.Door);

            var result = await FlowTool.RunAsync(work.Path, "check", "door.lifecycle.json");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("Lifecycle rules that need the project not checked (AUTO6008-AUTO6009 the actions' flows, AUTO6011 the entity type)", result.Out);
            Assert.DoesNotContain("Action bindings not checked", result.Out);
            Assert.EndsWith("1 file checked: 0 errors, 0 warnings.", result.Out.Trim());
        }

        [Fact]
        public async Task Errors_print_as_msbuild_does_at_their_property_and_exit_1()
        {
            using var work = new Workspace();
            Directory.CreateDirectory(work.File("templates"));
            work.Write("templates/server.lifecycle.json", Broken);
            work.Write("templates/door.lifecycle.json", LifecycleGraphTests.Door);

            var result = await FlowTool.RunAsync(work.Path, "check", "templates");

            Assert.True(result.ExitCode == 1, result.ToString());
            var lines = result.Out.Trim().Split('\n').Select(l => l.TrimEnd()).ToList();
            var errors = lines.Where(l => l.Contains(": error ", StringComparison.Ordinal)).ToList();
            Assert.Equal(
                new[]
                {
                    "templates/server.lifecycle.json(6,54): error AUTO6003: Action 'Create' names to state 'Runing', which lifecycle 'server' does not declare; did you mean 'Running'?",
                    "templates/server.lifecycle.json(7,15): error AUTO6002: Action 'Stop' has no transit state; set \"transit\" to the state the entity shows while the action runs (such as 'Stopping') and declare that state",
                },
                errors);

            // The typo leaves the states after it unreachable: warnings, at each state's name.
            Assert.Equal("templates/server.lifecycle.json(4,26): warning AUTO6006: State 'Running' cannot be reached from any create action of lifecycle 'server'; add an action that leads to it, or remove it", lines[0]);
            Assert.Equal("2 files checked: 2 errors, 3 warnings.", lines[^1]);
        }

        [Fact]
        public async Task Flows_and_templates_are_checked_together_and_the_json_says_where()
        {
            using var work = new Workspace();
            work.Write("server.lifecycle.json", Broken);
            work.Write("greet.flow.json", """
                { "id": "greet", "steps": [ { "id": "hello", "type": "action", "action": "log", "inputs": { "message": "hi" } } ] }
                """);

            var result = await FlowTool.RunAsync(work.Path, "check", ".", "--json");

            Assert.True(result.ExitCode == 1, result.ToString());
            using var document = JsonDocument.Parse(result.Out);
            var root = document.RootElement;
            Assert.Equal(2, root.GetProperty("files").GetArrayLength());
            Assert.Equal(2, root.GetProperty("errors").GetInt32());
            var typo = root.GetProperty("diagnostics").EnumerateArray().First(d => d.GetProperty("id").GetString() == "AUTO6003");
            Assert.Equal("server.lifecycle.json", typo.GetProperty("file").GetString());
            Assert.Equal("error", typo.GetProperty("severity").GetString());
            Assert.Equal(6, typo.GetProperty("line").GetInt32());
            Assert.Equal(54, typo.GetProperty("column").GetInt32());
            Assert.Equal(2, root.GetProperty("notes").GetArrayLength()); // bound to the built-in actions only, lifecycle project rules
        }

        [Fact]
        public async Task Two_templates_with_one_id_are_reported()
        {
            using var work = new Workspace();
            work.Write("a.lifecycle.json", LifecycleGraphTests.Door);
            work.Write("b.lifecycle.json", LifecycleGraphTests.Door);

            var result = await FlowTool.RunAsync(work.Path, "check", "a.lifecycle.json", "b.lifecycle.json");

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains("b.lifecycle.json(1,1): error AUTO6012: Lifecycle id 'door' is declared by 'a.lifecycle.json' and by 'b.lifecycle.json'", result.Out);
        }

        [Fact]
        public async Task Malformed_json_is_reported_at_its_line_and_column()
        {
            using var work = new Workspace();
            work.Write("bad.lifecycle.json", "{\n  \"lifecycle\": \"bad\"\n  \"states\": []\n}\n");

            var result = await FlowTool.RunAsync(work.Path, "check", "bad.lifecycle.json");

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.StartsWith("bad.lifecycle.json(3,3): error AUTO1001: ", result.Out.Trim());
            Assert.EndsWith("1 file checked: 1 error, 0 warnings.", result.Out.Trim());
        }
    }
}
