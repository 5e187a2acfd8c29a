extern alias Analyzers;

using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using LlmOutputReader = Analyzers::Automations.Compiled.CSharp.LlmOutputReader;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>
    /// An llm step whose output is an [LlmSchema] class named in full (docs/ai-steps.md, "An output type"): its schema is
    /// written at build time from the public settable properties, later expressions read it typed (enums as strings), and
    /// a name that is not found, or a class that cannot be an answer, is AUTO8102 at the JSON string.
    /// </summary>
    public sealed class LlmOutputTypeTests
    {
        private const string Path = "flows/ticket.flow.json";

        private const string Types = """
            using System.Collections.Generic;
            using Automations.Compiled;

            namespace MyApp
            {
                public enum TicketCategory { Billing, Bug, Other }

                [LlmSchema]
                public sealed class TicketClass : LlmOutput
                {
                    public TicketCategory Category { get; init; }
                    public bool Urgent { get; init; }
                    public double Confidence { get; init; }
                    public string? Note { get; init; }
                    public Customer Customer { get; init; } = new();
                    public IReadOnlyList<Line> Lines { get; init; } = new List<Line>();
                    public int Computed => 1;
                }

                public sealed class Customer
                {
                    public string Name { get; set; } = "";
                    public int? Age { get; set; }
                }

                public sealed record Line(string Sku, long Quantity);
            }
            """;

        private static string Flow(string output, string when) => $$"""
            {
              "id": "ticket",
              "steps": [
                { "id": "classify", "type": "llm", "prompt": "Classify", "output": {{output}}, "minConfidence": 0.8 },
                { "id": "route", "type": "condition", "when": "{{when}}" }
              ]
            }
            """;

        [Fact]
        public Task A_type_named_in_full_is_read_typed_with_enums_as_strings() => Analyze(
            Flow("\"MyApp.TicketClass\"", "steps.classify.output.category == 'Billing' && steps.classify.output.urgent && steps.classify.output.customer.name != '' && steps.classify.output.lines.all(l, l.quantity > 0)"));

        [Fact]
        public Task A_member_the_type_does_not_have_is_a_type_error_with_a_suggestion() => Analyze(
            Flow("\"MyApp.TicketClass\"", "steps.classify.output.customer.{|#0:nme|} == ''"),
            FlowTestProject.Diagnostic("AUTO1202").WithLocation(0).WithMessage("no field 'nme' on MyApp.Customer; did you mean 'name'?"));

        [Fact]
        public Task A_name_without_its_namespace_is_reported_with_the_full_name() => Analyze(
            Flow("{|#0:\"TicketClass\"|}", "true"),
            FlowTestProject.Diagnostic("AUTO8102").WithLocation(0).WithMessage(
                "LLM step 'classify' names the output type 'TicketClass', which is not an [LlmSchema] class of this project; mark the class with [Automations.Compiled.LlmSchema], derive it from LlmOutput, and write its full name with its namespace (\"MyApp.TicketClass\"); did you mean 'MyApp.TicketClass'?"));

        [Fact]
        public Task A_class_that_is_not_marked_is_not_found() => Analyze(
            Flow("{|#0:\"MyApp.Customer\"|}", "true"),
            FlowTestProject.Diagnostic("AUTO8102").WithLocation(0).WithMessage(
                "LLM step 'classify' names the output type 'MyApp.Customer', which is not an [LlmSchema] class of this project; mark the class with [Automations.Compiled.LlmSchema], derive it from LlmOutput, and write its full name with its namespace (\"MyApp.TicketClass\")"));

        [Fact]
        public Task A_marked_class_that_does_not_derive_from_LlmOutput_is_reported() => Analyze(
            Flow("{|#0:\"MyApp.Plain\"|}", "true"),
            "namespace MyApp { [Automations.Compiled.LlmSchema] public sealed class Plain { public string Name { get; set; } = \"\"; } }",
            FlowTestProject.Diagnostic("AUTO8102").WithLocation(0).WithMessage(
                "LLM step 'classify' names the output type 'MyApp.Plain', which cannot be an answer: it does not derive from Automations.Compiled.LlmOutput; declare it as 'public sealed class Plain : LlmOutput', so the answer carries the record of its call"));

        [Fact]
        public Task A_member_of_a_type_an_answer_cannot_hold_is_reported_with_its_path() => Analyze(
            Flow("{|#0:\"MyApp.Dated\"|}", "true"),
            """
            namespace MyApp
            {
                [Automations.Compiled.LlmSchema] public sealed class Dated : Automations.Compiled.LlmOutput { public Inner Inner { get; set; } = new(); public double Confidence { get; set; } }
                public sealed class Inner { public System.DateTime When { get; set; } }
            }
            """,
            FlowTestProject.Diagnostic("AUTO8102").WithLocation(0).WithMessage(
                "LLM step 'classify' names the output type 'MyApp.Dated', which cannot be an answer: 'MyApp.Dated.Inner.When' is System.DateTime; an answer member is a string, an integer, a floating point number, a bool, an enum, a list or array of those, or a class of those"));

        [Fact]
        public Task A_min_confidence_needs_a_confidence_member_of_the_type() => Analyze(
            """
            { "id": "ticket", "steps": [ { "id": "classify", "type": "llm", "prompt": "Classify", "output": "MyApp.Plain", "minConfidence": {|#0:0.8|} } ] }
            """,
            "namespace MyApp { [Automations.Compiled.LlmSchema] public sealed class Plain : Automations.Compiled.LlmOutput { public string Name { get; set; } = \"\"; } }",
            FlowTestProject.Diagnostic("AUTO1007").WithLocation(0).WithMessage("'minConfidence': the output schema needs a \"confidence\" member of type \"number\" for the step to check it"));

        [Fact]
        public void The_schema_is_written_from_the_public_settable_properties()
        {
            var compilation = TestCompilation.Create(Types);
            var type = compilation.GetTypeByMetadataName("MyApp.TicketClass")!;

            var read = LlmOutputReader.Read(type, CancellationToken.None);

            Assert.Null(read.Problem);
            Assert.Equal("MyApp.TicketClass", read.Name);
            Assert.Equal(
                "{\"type\":\"object\",\"properties\":{"
                + "\"category\":{\"type\":\"string\",\"enum\":[\"Billing\",\"Bug\",\"Other\"]},"
                + "\"urgent\":{\"type\":\"boolean\"},"
                + "\"confidence\":{\"type\":\"number\"},"
                + "\"note\":{\"type\":\"string\"},"
                + "\"customer\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"age\":{\"type\":\"integer\"}},\"required\":[\"name\"],\"additionalProperties\":false},"
                + "\"lines\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"sku\":{\"type\":\"string\"},\"quantity\":{\"type\":\"integer\"}},\"required\":[\"sku\",\"quantity\"],\"additionalProperties\":false}}"
                + "},\"required\":[\"category\",\"urgent\",\"confidence\",\"customer\",\"lines\"],\"additionalProperties\":false}",
                read.Schema);
            Assert.Equal(new[] { "global::MyApp.Customer", "global::MyApp.Line", "global::MyApp.TicketClass" }, read.Shapes.Select(s => s.ClrType).ToArray());
        }

        [Fact]
        public void Editing_an_unrelated_file_leaves_the_read_type_cached()
        {
            var run = GeneratorRun.Start(TestCompilation.Create(Types), new[] { new InMemoryText(Path, Flow("\"MyApp.TicketClass\"", "true")) });

            run = run.Next(run.Input.AddSyntaxTrees(TestCompilation.Parse("namespace Other { public sealed class Unrelated { } }", "Unrelated.cs")));

            Assert.NotEmpty(run.Outputs(FlowGenerator.Steps.LlmOutput));
            Assert.All(run.Outputs(FlowGenerator.Steps.LlmOutput), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
            Assert.All(run.Outputs(FlowGenerator.Steps.JsonModel), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        }

        private static Task Analyze(string flow, params DiagnosticResult[] expected) => Analyze(flow, Types, expected);

        private static Task Analyze(string flow, string source, params DiagnosticResult[] expected)
        {
            var test = new FlowAnalyzerTest
            {
                RunGenerator = true,
                TestState = { Sources = { source }, AdditionalFiles = { (Path, flow) } },
            };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }
    }
}
