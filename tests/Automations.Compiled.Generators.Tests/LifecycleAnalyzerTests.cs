extern alias Analyzers;

using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>
    /// Lifecycle templates as the analyzer sees a whole project: valid templates report nothing, JSON problems print as
    /// <c>file.lifecycle.json(line,col)</c>, and the rules that need every flow and template (AUTO6008, AUTO6009, AUTO6011,
    /// AUTO6012) see C# and JSON flows and templates alike. One rule at a time: <c>Rules/Cases/AUTO60*</c>.
    /// </summary>
    public sealed class LifecycleAnalyzerTests
    {
        [Fact]
        public async Task A_valid_template_and_its_json_twin_report_nothing()
        {
            var diagnostics = await AnalyzeAsync(new[] { LifecycleSources.Entities, LifecycleSources.Template }, (LifecycleSources.JsonPath, LifecycleSources.Json));

            Assert.Empty(diagnostics);
        }

        [Fact]
        public async Task A_valid_template_reports_nothing_once_the_generated_code_is_in_the_compilation()
        {
            // In a build the analyzer sees the generator's output too: the generated half of the class must not confuse it.
            var files = ImmutableArray.Create<AdditionalText>(new InMemoryText(LifecycleSources.JsonPath, LifecycleSources.Json));
            var run = GeneratorRun.Start(TestCompilation.Create(LifecycleSources.Entities, LifecycleSources.Template), files);

            Assert.Empty(await FlowAnalysis.AnalyzeAsync(run.Output, files));
        }

        [Fact]
        public async Task A_json_problem_prints_as_the_file_with_its_line_and_column()
        {
            var json = LifecycleSources.Json.Replace("\"Destroy\", \"from\": \"Stopped\", \"transit\": \"Deleting\"", "\"Destroy\", \"from\": \"Stopped\", \"transit\": \"Deletng\"", StringComparison.Ordinal);

            var diagnostic = Assert.Single(await AnalyzeAsync(new[] { LifecycleSources.Entities }, (LifecycleSources.JsonPath, json)));

            // As MSBuild prints it: the path the build passed, 1-based line and column of the string.
            Assert.Equal(
                "lifecycles/server.lifecycle.json(10,56): error AUTO6003: Action 'Destroy' names transit state 'Deletng', which lifecycle 'server-json' does not declare; did you mean 'Deleting'?",
                diagnostic.ToString());
            Assert.Equal("Deleting", diagnostic.Properties["Fix"]);
        }

        [Fact]
        public async Task A_lifecycle_file_that_is_not_json_gets_its_syntax_error_and_nothing_else()
        {
            var diagnostics = await AnalyzeAsync(new[] { LifecycleSources.Entities }, (LifecycleSources.JsonPath, "{ \"lifecycle\": \"server\", \"entity\": \"Nowhere.Thing\", "));

            var diagnostic = Assert.Single(diagnostics);
            Assert.Equal("AUTO1001", diagnostic.Id);
            Assert.Equal(LifecycleSources.JsonPath, diagnostic.Location.GetLineSpan().Path);
        }

        [Fact]
        public async Task A_template_file_that_is_not_an_object_is_reported_once()
        {
            var diagnostic = Assert.Single(await AnalyzeAsync(new[] { LifecycleSources.Entities }, (LifecycleSources.JsonPath, "[ \"Stopped\" ]")));

            Assert.Equal("AUTO1003", diagnostic.Id);
            Assert.Equal("'the lifecycle file' must be an object, not an array", Message(diagnostic));
        }

        [Fact]
        public async Task Two_templates_with_one_id_are_reported_at_the_later_id_in_source_order()
        {
            // Source0.cs sorts before lifecycles/...: the JSON file is the later declaration.
            var json = LifecycleSources.SmallJson("server");
            var markup = SpanMarkup.Parse(json.Replace("\"lifecycle\": \"server\"", "\"lifecycle\": [|\"server\"|]", StringComparison.Ordinal));

            var diagnostic = Assert.Single(await AnalyzeAsync(new[] { LifecycleSources.Template, LifecycleSources.Entities }, ("lifecycles/small.lifecycle.json", markup.Source)));

            Assert.Equal("AUTO6012", diagnostic.Id);
            Assert.Equal("lifecycles/small.lifecycle.json", diagnostic.Location.GetLineSpan().Path);
            Assert.Equal(markup.Span, diagnostic.Location.SourceSpan);
            Assert.Equal(
                "Lifecycle id 'server' is declared by 'Demo.ServerLifecycle' and by 'small.lifecycle.json'; a host finds templates by id, so give one of them another id",
                Message(diagnostic));
        }

        [Fact]
        public async Task Two_lifecycle_files_with_one_id_are_reported_once_in_the_later_file()
        {
            var diagnostics = await AnalyzeAsync(
                new[] { LifecycleSources.Entities },
                ("lifecycles/b.lifecycle.json", LifecycleSources.SmallJson("small")),
                ("lifecycles/a.lifecycle.json", LifecycleSources.SmallJson("small")));

            var diagnostic = Assert.Single(diagnostics);
            Assert.Equal("AUTO6012", diagnostic.Id);
            Assert.Equal("lifecycles/b.lifecycle.json", diagnostic.Location.GetLineSpan().Path);
            Assert.Contains("declared by 'a.lifecycle.json' and by 'b.lifecycle.json'", Message(diagnostic), StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_json_template_runs_a_json_flow_by_id()
        {
            var diagnostics = await AnalyzeAsync(
                new[] { LifecycleSources.Entities, JsonFlowActions },
                ("flows/boot.flow.json", BootFlow),
                ("lifecycles/small.lifecycle.json", LifecycleSources.SmallJson("small", flow: "boot-server")));

            Assert.Empty(diagnostics);
        }

        [Fact]
        public async Task A_json_flow_with_inputs_takes_its_own_input_class_not_the_entity()
        {
            var flow = BootFlow.Replace("\"steps\"", "\"inputs\": { \"name\": \"string\" }, \"steps\"", StringComparison.Ordinal);
            var json = LifecycleSources.SmallJson("small", flow: "boot-server");

            var diagnostic = Assert.Single(await AnalyzeAsync(
                new[] { LifecycleSources.Entities, JsonFlowActions },
                ("flows/boot.flow.json", flow),
                ("lifecycles/small.lifecycle.json", json)));

            Assert.Equal("AUTO6009", diagnostic.Id);
            Assert.Equal("\"boot-server\"", SourceOf(json, diagnostic));
            Assert.StartsWith("Action 'Create' runs flow 'boot-server', which takes a TestFlows.BootServerFlow.Input;", Message(diagnostic), StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_csharp_template_runs_the_class_a_json_flow_generates()
        {
            // The analyzer runs on the build's compilation, generated classes included: the flow is found by its type name.
            var template = Template("Flow = typeof(TestFlows.BootServerFlow)");
            var files = ImmutableArray.Create<AdditionalText>(new InMemoryText("flows/boot.flow.json", BootFlow));
            var run = GeneratorRun.Start(TestCompilation.Create(LifecycleSources.Entities, JsonFlowActions, template), files);
            Assert.Empty(TestCompilation.Errors(run.Output));

            Assert.Empty(await FlowAnalysis.AnalyzeAsync(run.Output, files));
        }

        [Theory]
        [InlineData("Machine")]
        [InlineData("IMachine")]
        [InlineData("object")]
        public async Task A_flow_may_take_a_type_the_entity_derives_from(string input)
        {
            // As the host checks it (Type.IsAssignableFrom): a Server is a Machine, an IMachine and an object.
            var flow = """
                using Automations.Compiled;

                namespace Demo
                {
                    [Flow("inspect")]
                    public partial class Inspect : IFlow<INPUT>
                    {
                        [Action(1)]
                        private static string Look(INPUT machine) => machine.ToString()!;
                    }
                }
                """.Replace("INPUT", input, StringComparison.Ordinal);

            var diagnostics = await AnalyzeAsync(new[] { LifecycleSources.Entities, flow, Template("Flow = typeof(Inspect)") });

            Assert.Empty(diagnostics);
        }

        [Fact]
        public async Task A_flow_that_takes_no_input_is_fine()
        {
            var flow = """
                using Automations.Compiled;

                namespace Demo
                {
                    [Flow("ping")]
                    public partial class Ping
                    {
                        [Action(1)]
                        private static void Send()
                        {
                        }
                    }
                }
                """;

            Assert.Empty(await AnalyzeAsync(new[] { LifecycleSources.Entities, flow, Template("Flow = typeof(Ping)") }));
        }

        [Fact]
        public async Task An_entity_type_nested_in_a_class_is_found_by_its_dotted_name()
        {
            var fleet = """
                namespace Demo
                {
                    public static class Fleet
                    {
                        public sealed class Truck
                        {
                        }
                    }
                }
                """;

            var diagnostics = await AnalyzeAsync(new[] { LifecycleSources.Entities, fleet }, ("lifecycles/truck.lifecycle.json", LifecycleSources.SmallJson("truck", entity: "Demo.Fleet.Truck", flow: null)));

            Assert.Empty(diagnostics);
        }

        [Fact]
        public async Task An_entity_type_with_nothing_close_says_how_to_write_one()
        {
            var json = LifecycleSources.SmallJson("small", entity: "Nowhere.Thing");

            var diagnostic = Assert.Single(await AnalyzeAsync(new[] { LifecycleSources.Entities }, ("lifecycles/small.lifecycle.json", json)));

            Assert.Equal("AUTO6011", diagnostic.Id);
            Assert.Equal("\"Nowhere.Thing\"", SourceOf(json, diagnostic));
            Assert.Equal(
                "Lifecycle 'small' governs entities of type 'Nowhere.Thing', which this project does not know; write the full name of a class, namespace included, such as 'Shop.Order'",
                Message(diagnostic));
            Assert.False(diagnostic.Properties.ContainsKey("Fix"));
        }

        [Fact]
        public async Task An_open_generic_entity_type_is_reported_and_its_stub_compiles()
        {
            var markup = SpanMarkup.Parse(Template("Flow = typeof(StartServer)")
                .Replace("using Automations.Compiled;", "using System.Collections.Generic;\nusing Automations.Compiled;", StringComparison.Ordinal)
                .Replace("typeof(Server))]", "[|typeof(List<>)|])]", StringComparison.Ordinal));
            var run = GeneratorRun.Start(TestCompilation.Create(LifecycleSources.Entities, markup.Source));
            Assert.Empty(TestCompilation.Errors(run.Output));

            var diagnostic = Assert.Single((await FlowAnalysis.AnalyzeAsync(run.Output)).Where(d => d.Id.StartsWith("AUTO", StringComparison.Ordinal)));

            Assert.Equal("AUTO6011", diagnostic.Id);
            Assert.Equal(markup.Span, diagnostic.Location.SourceSpan);
            Assert.Equal(
                "Lifecycle 'small' governs entities of type 'System.Collections.Generic.List<>', which this project does not know; an entity has a closed type: write its type arguments, such as typeof(List<Order>)",
                Message(diagnostic));
        }

        [Fact]
        public async Task A_missing_transit_suggests_a_state_named_after_the_action()
        {
            var template = Template("Flow = typeof(StartServer)").Replace("[LifecycleAction(\"Stop\", From = \"Running\", Transit = \"Stopping\"", "[LifecycleAction(\"Stop\", From = \"Running\"", StringComparison.Ordinal);

            var diagnostics = await AnalyzeAsync(new[] { LifecycleSources.Entities, template });

            var diagnostic = Assert.Single(diagnostics, d => d.Id == "AUTO6002");
            Assert.Contains("(such as 'Stopping')", Message(diagnostic), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("Start", "Starting")]
        [InlineData("Stop", "Stopping")]
        [InlineData("Run", "Running")]
        [InlineData("Create", "Creating")]
        [InlineData("Archive", "Archiving")]
        [InlineData("Free", "Freeing")]
        [InlineData("Open", "Opening")]
        [InlineData("Destroy", "Destroying")]
        [InlineData("Start Now", "Starting")]
        [InlineData("Provisioning", "Provisioning")]
        [InlineData("", "Running")]
        public void The_transit_state_suggested_for_an_action_is_its_progressive_form(string action, string suggested)
            => Assert.Equal(suggested, Analyzers::Automations.Compiled.Validation.LifecycleValidator.Progressive(action));

        [Fact]
        public async Task Every_state_of_a_template_without_a_create_action_is_unreachable_and_the_message_says_why()
        {
            var template = Template("Flow = typeof(StartServer)").Replace("[LifecycleAction(\"Create\", Transit = \"Starting\", To = \"Running\", Flow = typeof(StartServer))]", "", StringComparison.Ordinal);

            var diagnostics = await AnalyzeAsync(new[] { LifecycleSources.Entities, template });

            Assert.Equal(new[] { "AUTO6006", "AUTO6006", "AUTO6006", "AUTO6006" }, diagnostics.Select(d => d.Id));
            Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
            Assert.Contains("(it has no create action: an action without a from state)", Message(diagnostics[0]), StringComparison.Ordinal);
        }

        /// <summary>Flows a JSON flow binds to.</summary>
        private const string JsonFlowActions = """
            using Automations.Compiled;

            namespace Demo
            {
                public static class Console
                {
                    [FlowAction("log")]
                    public static void Log(string text) { }
                }
            }
            """;

        /// <summary>A JSON flow without inputs, id <c>boot-server</c>, class <c>TestFlows.BootServerFlow</c>.</summary>
        private const string BootFlow = """
            { "id": "boot-server", "steps": [ { "id": "log", "type": "action", "action": "log", "inputs": { "text": "booting" } } ] }
            """;

        /// <summary>A small C# template whose Create action runs <paramref name="flow"/> (<c>Flow = typeof(...)</c>).</summary>
        private static string Template(string flow) => """
            using Automations.Compiled;

            namespace Demo
            {
                [Lifecycle("small", typeof(Server))]
                [LifecycleState("Starting")]
                [LifecycleState("Running")]
                [LifecycleState("Stopping")]
                [LifecycleState("Stopped", Final = true)]
                [LifecycleAction("Create", Transit = "Starting", To = "Running", FLOW)]
                [LifecycleAction("Stop", From = "Running", Transit = "Stopping", To = "Stopped")]
                public partial class SmallLifecycle
                {
                }
            }
            """.Replace("FLOW", flow, StringComparison.Ordinal);

        private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string[] sources, params (string Path, string Text)[] files)
        {
            var compilation = TestCompilation.Create(sources);
            var additional = files.Select(f => (AdditionalText)new InMemoryText(f.Path, f.Text)).ToImmutableArray();
            var diagnostics = await FlowAnalysis.AnalyzeAsync(compilation, additional);
            return diagnostics.Where(d => d.Id.StartsWith("AUTO", StringComparison.Ordinal) || d.Id == "AD0001").ToImmutableArray();
        }

        private static string SourceOf(string json, Diagnostic diagnostic) => json.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);

        private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(CultureInfo.InvariantCulture);
    }
}
