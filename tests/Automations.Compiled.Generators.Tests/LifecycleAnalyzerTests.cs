extern alias Analyzers;

using System;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
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
        public Task A_valid_template_and_its_json_twin_report_nothing()
            => Analyze(new[] { LifecycleSources.Entities, LifecycleSources.Template }, new[] { (LifecycleSources.JsonPath, LifecycleSources.Json) });

        [Fact]
        public Task A_valid_template_reports_nothing_once_the_generated_code_is_in_the_compilation()
            // In a build the analyzer sees the generator's output too: the generated half of the class must not confuse it.
            => Analyze(new[] { LifecycleSources.Entities, LifecycleSources.Template }, new[] { (LifecycleSources.JsonPath, LifecycleSources.Json) }, withGenerator: true);

        [Fact]
        public Task A_json_problem_prints_as_the_file_with_its_line_and_column()
        {
            var json = LifecycleSources.Json.Replace("\"Destroy\", \"from\": \"Stopped\", \"transit\": \"Deleting\"", "\"Destroy\", \"from\": \"Stopped\", \"transit\": \"Deletng\"", StringComparison.Ordinal);
            const string message = "Action 'Destroy' names transit state 'Deletng', which lifecycle 'server-json' does not declare; did you mean 'Deleting'?";

            return Analyze(
                new[] { LifecycleSources.Entities },
                new[] { (LifecycleSources.JsonPath, json) },
                check: (diagnostic, verifier) =>
                {
                    // As MSBuild prints it: the path the build passed, 1-based line and column of the string.
                    verifier.Equal("lifecycles/server.lifecycle.json(10,56): error AUTO6003: " + message, diagnostic.ToString());
                    verifier.Equal("Deleting", diagnostic.Properties["Fix"]);
                },
                expected: FlowTestProject.Diagnostic("AUTO6003").WithSpan(LifecycleSources.JsonPath, 10, 56, 10, 65).WithMessage(message));
        }

        [Fact]
        public Task A_lifecycle_file_that_is_not_json_gets_its_syntax_error_and_nothing_else()
            => Analyze(
                new[] { LifecycleSources.Entities },
                new[] { (LifecycleSources.JsonPath, "{ \"lifecycle\": \"server\", \"entity\": \"Nowhere.Thing\", ") },
                expected: FlowTestProject.Diagnostic("AUTO1001").WithSpan(LifecycleSources.JsonPath, 1, 1, 1, 2).WithMessage("this object is never closed: add '}'"));

        [Fact]
        public Task A_template_file_that_is_not_an_object_is_reported_once()
            => Analyze(
                new[] { LifecycleSources.Entities },
                new[] { (LifecycleSources.JsonPath, "[ \"Stopped\" ]") },
                expected: FlowTestProject.Diagnostic("AUTO1003").WithSpan(LifecycleSources.JsonPath, 1, 1, 1, 14).WithMessage("'the lifecycle file' must be an object, not an array"));

        [Fact]
        public Task Two_templates_with_one_id_are_reported_at_the_later_id_in_source_order()
        {
            // The C# sources sort before lifecycles/...: the JSON file is the later declaration.
            var json = LifecycleSources.SmallJson("server").Replace("\"lifecycle\": \"server\"", "\"lifecycle\": {|#0:\"server\"|}", StringComparison.Ordinal);

            return Analyze(
                new[] { LifecycleSources.Template, LifecycleSources.Entities },
                new[] { ("lifecycles/small.lifecycle.json", json) },
                expected: FlowTestProject.Diagnostic("AUTO6012").WithLocation(0).WithMessage(
                    "Lifecycle id 'server' is declared by 'Demo.ServerLifecycle' and by 'small.lifecycle.json'; a host finds templates by id, so give one of them another id"));
        }

        [Fact]
        public Task Two_lifecycle_files_with_one_id_are_reported_once_in_the_later_file()
            => Analyze(
                new[] { LifecycleSources.Entities },
                new[]
                {
                    ("lifecycles/b.lifecycle.json", LifecycleSources.SmallJson("small").Replace("\"lifecycle\": \"small\"", "\"lifecycle\": {|#0:\"small\"|}", StringComparison.Ordinal)),
                    ("lifecycles/a.lifecycle.json", LifecycleSources.SmallJson("small")),
                },
                expected: FlowTestProject.Diagnostic("AUTO6012").WithLocation(0).WithMessage(
                    "Lifecycle id 'small' is declared by 'a.lifecycle.json' and by 'b.lifecycle.json'; a host finds templates by id, so give one of them another id"));

        [Fact]
        public Task A_json_template_runs_a_json_flow_by_id()
            => Analyze(
                new[] { LifecycleSources.Entities, JsonFlowActions },
                new[] { ("flows/boot.flow.json", BootFlow), ("lifecycles/small.lifecycle.json", LifecycleSources.SmallJson("small", flow: "boot-server")) });

        [Fact]
        public Task A_json_flow_with_inputs_takes_its_own_input_class_not_the_entity()
        {
            var flow = BootFlow.Replace("\"steps\"", "\"inputs\": { \"name\": \"string\" }, \"steps\"", StringComparison.Ordinal);
            var json = LifecycleSources.SmallJson("small", flow: "boot-server").Replace("\"flow\": \"boot-server\"", "\"flow\": {|#0:\"boot-server\"|}", StringComparison.Ordinal);

            return Analyze(
                new[] { LifecycleSources.Entities, JsonFlowActions },
                new[] { ("flows/boot.flow.json", flow), ("lifecycles/small.lifecycle.json", json) },
                expected: FlowTestProject.Diagnostic("AUTO6009").WithLocation(0).WithMessage(
                    "Action 'Create' runs flow 'boot-server', which takes a TestFlows.BootServerFlow.Input; the flow of a lifecycle action gets the entity as input, so it must take a Demo.Server (or a type Demo.Server derives from, or no input)"));
        }

        [Fact]
        public Task A_csharp_template_runs_the_class_a_json_flow_generates()
            // The analyzer runs on the build's compilation, generated classes included: the flow is found by its type name.
            => Analyze(
                new[] { LifecycleSources.Entities, JsonFlowActions, Template("Flow = typeof(TestFlows.BootServerFlow)") },
                new[] { ("flows/boot.flow.json", BootFlow) },
                withGenerator: true);

        [Theory]
        [InlineData("Machine")]
        [InlineData("IMachine")]
        [InlineData("object")]
        public Task A_flow_may_take_a_type_the_entity_derives_from(string input)
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

            return Analyze(new[] { LifecycleSources.Entities, flow, Template("Flow = typeof(Inspect)") });
        }

        [Fact]
        public Task A_flow_that_takes_no_input_is_fine()
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

            return Analyze(new[] { LifecycleSources.Entities, flow, Template("Flow = typeof(Ping)") });
        }

        [Fact]
        public Task An_entity_type_nested_in_a_class_is_found_by_its_dotted_name()
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

            return Analyze(
                new[] { LifecycleSources.Entities, fleet },
                new[] { ("lifecycles/truck.lifecycle.json", LifecycleSources.SmallJson("truck", entity: "Demo.Fleet.Truck", flow: null)) });
        }

        [Fact]
        public Task An_entity_type_with_nothing_close_says_how_to_write_one()
        {
            var json = LifecycleSources.SmallJson("small", entity: "Nowhere.Thing").Replace("\"Nowhere.Thing\"", "{|#0:\"Nowhere.Thing\"|}", StringComparison.Ordinal);

            return Analyze(
                new[] { LifecycleSources.Entities },
                new[] { ("lifecycles/small.lifecycle.json", json) },
                check: (diagnostic, verifier) => verifier.False(diagnostic.Properties.ContainsKey("Fix"), "nothing is close, so no fix"),
                expected: FlowTestProject.Diagnostic("AUTO6011").WithLocation(0).WithMessage(
                    "Lifecycle 'small' governs entities of type 'Nowhere.Thing', which this project does not know; write the full name of a class, namespace included, such as 'Shop.Order'"));
        }

        [Fact]
        public Task An_open_generic_entity_type_is_reported_and_its_stub_compiles()
        {
            var template = Template("Flow = typeof(StartServer)")
                .Replace("using Automations.Compiled;", "using System.Collections.Generic;\nusing Automations.Compiled;", StringComparison.Ordinal)
                .Replace("typeof(Server))]", "{|#0:typeof(List<>)|})]", StringComparison.Ordinal);

            return Analyze(
                new[] { LifecycleSources.Entities, template },
                withGenerator: true,
                expected: FlowTestProject.Diagnostic("AUTO6011").WithLocation(0).WithMessage(
                    "Lifecycle 'small' governs entities of type 'System.Collections.Generic.List<>', which this project does not know; an entity has a closed type: write its type arguments, such as typeof(List<Order>)"));
        }

        [Fact]
        public Task A_missing_transit_suggests_a_state_named_after_the_action()
        {
            // Nothing is in Stopping any more: it is reported as unreachable too.
            var template = Template("Flow = typeof(StartServer)")
                .Replace("[LifecycleAction(\"Stop\", From = \"Running\", Transit = \"Stopping\"", "[LifecycleAction({|#0:\"Stop\"|}, From = \"Running\"", StringComparison.Ordinal)
                .Replace("[LifecycleState(\"Stopping\")]", "[LifecycleState({|AUTO6006:\"Stopping\"|})]", StringComparison.Ordinal);

            return Analyze(
                new[] { LifecycleSources.Entities, template },
                expected: FlowTestProject.Diagnostic("AUTO6002").WithLocation(0).WithMessage(
                    "Action 'Stop' has no transit state; set Transit to the state the entity shows while the action runs (such as 'Stopping') and declare that state"));
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
        public Task Every_state_of_a_template_without_a_create_action_is_unreachable_and_the_message_says_why()
        {
            var template = Template("Flow = typeof(StartServer)").Replace("[LifecycleAction(\"Create\", Transit = \"Starting\", To = \"Running\", Flow = typeof(StartServer))]", "", StringComparison.Ordinal);
            var states = new[] { "Starting", "Running", "Stopping", "Stopped" };
            for (var i = 0; i < states.Length; i++)
            {
                template = template.Replace($"[LifecycleState(\"{states[i]}\"", $"[LifecycleState({{|#{i}:\"{states[i]}\"|}}", StringComparison.Ordinal);
            }

            // Warnings, each saying why.
            return Analyze(
                new[] { LifecycleSources.Entities, template },
                expected: states
                    .Select((state, i) => FlowTestProject.Diagnostic("AUTO6006").WithLocation(i).WithSeverity(DiagnosticSeverity.Warning)
                        .WithMessage($"State '{state}' cannot be reached from any create action of lifecycle 'small' (it has no create action: an action without a from state); add an action that leads to it, or remove it"))
                    .ToArray());
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

        /// <summary>
        /// The analyzer on <paramref name="sources"/> and lifecycle and flow <paramref name="files"/> reports what they
        /// mark and <paramref name="expected"/> says, and nothing else. <paramref name="withGenerator"/> runs the
        /// generator first, as a build does, and then nothing may fail to compile; <paramref name="check"/> is one more
        /// check on each diagnostic.
        /// </summary>
        private static Task Analyze(
            string[] sources,
            (string Path, string Text)[]? files = null,
            bool withGenerator = false,
            Action<Diagnostic, IVerifier>? check = null,
            params DiagnosticResult[] expected)
        {
            var test = new FlowAnalyzerTest
            {
                RunGenerator = withGenerator,
                CompilerDiagnostics = withGenerator ? CompilerDiagnostics.Errors : CompilerDiagnostics.None,
            };
            foreach (var source in sources)
            {
                test.TestState.Sources.Add(source);
            }

            foreach (var file in files ?? Array.Empty<(string, string)>())
            {
                test.TestState.AdditionalFiles.Add(file);
            }

            test.ExpectedDiagnostics.AddRange(expected);
            return (check is null ? test : test.Also(check)).RunAsync();
        }
    }
}
