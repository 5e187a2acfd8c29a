extern alias Analyzers;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Analyzers::Automations.Compiled.Analyzers;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>
    /// Code steps of JSON flows (docs/json-flows.md, "Code steps"): the C# snippet is compiled into the flow class, sees
    /// the inputs and earlier outputs typed, runs under retry and error endpoints, reports its compile errors at the
    /// characters of the JSON string, and may use only the namespaces the project allows (AUTO8001).
    /// </summary>
    public sealed class CodeStepTests
    {
        private const string Path = "flows/code.flow.json";

        /// <summary>What the snippets below count their tries in.</summary>
        private const string Support = """
            namespace TestFlows
            {
                public static class Tries
                {
                    public static int Count;
                }
            }
            """;

        private const string Pricing = """
            {
              "id": "pricing",
              "inputs": { "price": "double", "quantity": "int" },
              "variables": { "output": "string" },
              "steps": [
                { "id": "total", "type": "code", "language": "csharp",
                  "code": "var sum = (decimal)inputs.Price * input.Quantity;\n  return sum;", "output": "decimal" },
                { "id": "label", "type": "code", "code": "return total.ToString(System.Globalization.CultureInfo.InvariantCulture) + \" for \" + inputs.Quantity;", "output": "string" },
                { "id": "big", "type": "condition", "when": "steps.total.output > 100.0",
                  "endpoints": {
                    "then": [ { "id": "say-big", "type": "set", "variable": "output", "value": "'big: ' + steps.label.output" } ],
                    "else": [ { "id": "say-small", "type": "set", "variable": "output", "value": "'small: ' + steps.label.output" } ] } }
              ]
            }
            """;

        [Theory]
        [InlineData(30.5, 4, "big: 122.0 for 4")]
        [InlineData(2.5, 3, "small: 7.5 for 3")]
        public async Task A_code_step_sees_inputs_and_earlier_outputs_typed_and_a_condition_reads_its_output(double price, long quantity, string expected)
        {
            var run = GeneratorRun.Start(TestCompilation.Create(Support), new[] { new InMemoryText(Path, Pricing) });
            AssertCompiles(run);

            var (flow, assembly) = Load(run, "TestFlows.PricingFlow");
            var input = Activator.CreateInstance(assembly.GetType("TestFlows.PricingFlow+Input", throwOnError: true)!)!;
            input.GetType().GetProperty("Price")!.SetValue(input, price);
            input.GetType().GetProperty("Quantity")!.SetValue(input, quantity);

            var result = await flow.RunAsync(input);

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal(expected, result.Output);
        }

        [Fact]
        public void The_snippet_is_the_body_of_a_typed_method_of_the_flow_class_with_line_directives_into_the_json()
        {
            var run = GeneratorRun.Start(TestCompilation.Create(Support), new[] { new InMemoryText(Path, Pricing) });

            var source = run.Generator.GeneratedSources.Single().SourceText.ToString();

            Assert.Contains("private decimal __code0_total(global::TestFlows.PricingFlow.Input inputs, global::TestFlows.PricingFlow.Input input, global::System.Threading.CancellationToken cancellationToken)", source, StringComparison.Ordinal);
            Assert.Contains("private string __code1_label(global::TestFlows.PricingFlow.Input inputs, decimal @total, global::System.Threading.CancellationToken cancellationToken)", source, StringComparison.Ordinal);
            // Each snippet line is mapped from its first character to its end, 1-based as #line writes positions.
            var first = Position(Pricing, "var sum");
            var second = Position(Pricing, "return sum;");
            Assert.Contains($"#line ({first.Line + 1}, {first.Column + 1}) - ({first.Line + 1}, {first.Column + 1 + "var sum = (decimal)inputs.Price * input.Quantity;".Length}) \"{Path}\"", source, StringComparison.Ordinal);
            Assert.Contains($"#line ({second.Line + 1}, {second.Column + 1}) - ({second.Line + 1}, {second.Column + 1 + "return sum;".Length}) \"{Path}\"", source, StringComparison.Ordinal);
            Assert.Contains("#line default", source, StringComparison.Ordinal);
        }

        [Fact]
        public async Task An_exception_in_a_snippet_is_retried_then_takes_the_error_endpoint()
        {
            const string flowText = """
                {
                  "id": "flaky",
                  "variables": { "output": "string" },
                  "steps": [
                    { "id": "boom", "type": "code", "code": "Tries.Count++;\nthrow new InvalidOperationException(\"no luck\");",
                      "retry": { "attempts": 3, "backoff": "1ms", "max": "1ms" },
                      "endpoints": { "error": [ { "id": "recover", "type": "set", "variable": "output", "value": "'recovered'" } ] } }
                  ]
                }
                """;
            var run = GeneratorRun.Start(TestCompilation.Create(Support), new[] { new InMemoryText("flows/flaky.flow.json", flowText) });
            AssertCompiles(run);
            var (flow, assembly) = Load(run, "TestFlows.FlakyFlow");

            var result = await flow.RunAsync(null);

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal("recovered", result.Output);
            Assert.Equal(3, (int)assembly.GetType("TestFlows.Tries", throwOnError: true)!.GetField("Count")!.GetValue(null)!);
        }

        [Fact]
        public async Task A_snippet_in_a_foreach_sees_item_and_index_and_may_await()
        {
            const string flowText = """
                {
                  "id": "looping",
                  "steps": [
                    { "id": "each-number", "type": "foreach", "items": "[1, 2, 3]",
                      "endpoints": { "each": [ { "id": "add", "type": "code", "code": "await Task.Yield();\nTries.Count += (int)item * (index + 1);" } ] } }
                  ]
                }
                """;
            var run = GeneratorRun.Start(TestCompilation.Create(Support), new[] { new InMemoryText("flows/looping.flow.json", flowText) });
            AssertCompiles(run);
            var (flow, assembly) = Load(run, "TestFlows.LoopingFlow");

            var result = await flow.RunAsync(null);

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal(1 * 1 + 2 * 2 + 3 * 3, (int)assembly.GetType("TestFlows.Tries", throwOnError: true)!.GetField("Count")!.GetValue(null)!);
        }

        [Fact]
        public async Task The_sample_of_json_flows_md_compiles_and_runs()
        {
            var markdown = File.ReadAllText(System.IO.Path.Combine(ProjectPaths.RepositoryRoot, "src", "Automations.Compiled", "docs", "json-flows.md"));
            var section = markdown.Substring(markdown.IndexOf("## Code steps", StringComparison.Ordinal));
            var start = section.IndexOf("```json\n", StringComparison.Ordinal) + "```json\n".Length;
            var sample = section.Substring(start, section.IndexOf("```", start, StringComparison.Ordinal) - start);
            var run = GeneratorRun.Start(TestCompilation.Create(Support), new[] { new InMemoryText("flows/order-total.flow.json", sample) });
            AssertCompiles(run);
            var (flow, assembly) = Load(run, "TestFlows.OrderTotalFlow");
            var input = Activator.CreateInstance(assembly.GetType("TestFlows.OrderTotalFlow+Input", throwOnError: true)!)!;
            input.GetType().GetProperty("Price")!.SetValue(input, 40.125);
            input.GetType().GetProperty("Quantity")!.SetValue(input, 3L);

            // The sample formats a decimal with the current culture.
            var culture = System.Globalization.CultureInfo.CurrentCulture;
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
            try
            {
                var result = await flow.RunAsync(input);

                Assert.Equal(FlowStatus.Completed, result.Status);
                Assert.Equal("large order, 3 items: 120.38", result.Output);
            }
            finally
            {
                System.Globalization.CultureInfo.CurrentCulture = culture;
            }
        }

        [Fact]
        public async Task Without_an_error_endpoint_a_failing_snippet_fails_the_run_at_its_step()
        {
            const string flowText = """
                { "id": "failing", "steps": [ { "id": "boom", "type": "code", "code": "throw new InvalidOperationException(\"no luck\");" } ] }
                """;
            var run = GeneratorRun.Start(TestCompilation.Create(Support), new[] { new InMemoryText("flows/failing.flow.json", flowText) });
            AssertCompiles(run);
            var (flow, _) = Load(run, "TestFlows.FailingFlow");

            var result = await flow.RunAsync(null);

            Assert.Equal(FlowStatus.Failed, result.Status);
            Assert.Equal("boom", result.Error!.StepId);
            Assert.Contains("no luck", result.Error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_compile_error_in_a_snippet_is_reported_at_its_line_and_column_in_the_json_file()
        {
            // The second snippet line starts after a \n escape: it is mapped on its own, so its columns are exact.
            const string flowText = """
                {
                  "id": "broken",
                  "inputs": { "price": "double" },
                  "steps": [
                    { "id": "total", "type": "code",
                      "code": "var twice = inputs.Price * 2;\nreturn twice + nothingHere;", "output": "double" }
                  ]
                }
                """;
            var run = GeneratorRun.Start(TestCompilation.Create(Support), new[] { new InMemoryText(Path, flowText) });

            var error = Assert.Single(TestCompilation.Errors(run.Output));
            var mapped = error.Location.GetMappedLineSpan();

            Assert.Equal("CS0103", error.Id);
            Assert.True(mapped.HasMappedPath);
            Assert.Equal(Path, mapped.Path);
            var (line, column) = Position(flowText, "nothingHere");
            Assert.Equal((line, column), (mapped.StartLinePosition.Line, mapped.StartLinePosition.Character));
            Assert.Equal(column + "nothingHere".Length, mapped.EndLinePosition.Character);
        }

        [Fact]
        public void A_type_error_on_the_first_snippet_line_is_located_too()
        {
            const string flowText = """
                {
                  "id": "typed",
                  "inputs": { "name": "string" },
                  "steps": [ { "id": "count", "type": "code", "code": "int length = inputs.Name; return length;", "output": "int" } ]
                }
                """;
            var run = GeneratorRun.Start(TestCompilation.Create(Support), new[] { new InMemoryText(Path, flowText) });

            var error = Assert.Single(TestCompilation.Errors(run.Output));
            var mapped = error.Location.GetMappedLineSpan();

            Assert.Equal("CS0029", error.Id);
            Assert.Equal(Path, mapped.Path);
            Assert.Equal(Position(flowText, "inputs.Name"), (mapped.StartLinePosition.Line, mapped.StartLinePosition.Character));
        }

        [Fact]
        public Task A_snippet_reading_the_output_of_a_step_that_may_not_have_run_is_a_scope_error() => AnalyzeFlow(
            """
            {
              "id": "scoped",
              "inputs": { "price": "double" },
              "steps": [
                { "id": "check", "type": "condition", "when": "inputs.price > 1.0",
                  "endpoints": { "then": [ { "id": "doubled", "type": "code", "code": "return inputs.Price * 2;", "output": "double" } ] } },
                { "id": "use", "type": "code", "code": "return {|#0:doubled|} + 1;", "output": "double" }
              ]
            }
            """,
            FlowTestProject.Diagnostic("AUTO3006").WithLocation(0).WithMessage("Step 'use' (line 7) reads the output of 'doubled' (line 6), but 'doubled' runs only in 'then' of 'check' (line 5); read it only where 'doubled' has completed on every path, or give the value a variable with a default"));

        [Fact]
        public Task A_language_other_than_csharp_is_AUTO8002() => AnalyzeFlow(
            """
            { "id": "lang", "steps": [ { "id": "total", "type": "code", "language": {|#0:"python"|}, "code": "return 1", "output": "int" } ] }
            """,
            FlowTestProject.Diagnostic("AUTO8002").WithLocation(0).WithMessage("Code step 'total' is written in 'python'; code steps are compiled into the flow as C#, so write the snippet in C# and set \"language\": \"csharp\" (or leave 'language' out)"));

        [Theory]
        [InlineData("{ \"id\": \"empty\", \"steps\": [ { \"id\": {|#0:\"total\"|}, \"type\": \"code\", \"output\": \"int\" } ] }")]
        [InlineData("{ \"id\": \"empty\", \"steps\": [ { \"id\": \"total\", \"type\": \"code\", \"code\": {|#0:\"  \\n \"|} } ] }")]
        public Task A_code_step_without_code_is_AUTO8003(string flow) => AnalyzeFlow(flow, FlowTestProject.Diagnostic("AUTO8003").WithLocation(0).WithMessage("Code step 'total' has no code; write C# statements in 'code', such as \"return inputs.Amount * 2;\""));

        [Fact]
        public Task An_output_that_names_no_type_is_reported_on_it() => AnalyzeFlow(
            """
            { "id": "typo", "steps": [ { "id": "total", "type": "code", "code": "return 1;", "output": {|#0:"decimall"|} } ] }
            """,
            FlowTestProject.Diagnostic("AUTO1007").WithLocation(0).WithMessage("'output': not a type; use one of int, uint, double, bool, string, bytes, timestamp, duration, dyn, list(T), map(K, V), or the C# types decimal, float, long, short, byte, ulong, object; leave 'output' out (or write \"void\") for none"));

        [Fact]
        public async Task A_restricted_namespace_is_AUTO8001_at_the_name_in_the_json_string()
        {
            const string flowText = """
                {
                  "id": "reader",
                  "inputs": { "path": "string" },
                  "steps": [ { "id": "read", "type": "code", "code": "return System.IO.File.ReadAllText(inputs.Path)\n  + new System.Net.Http.HttpClient().ToString();", "output": "string" } ]
                }
                """;

            var diagnostics = await CodeStepDiagnostics(flowText, allow: null);

            Assert.Equal(2, diagnostics.Length);
            Assert.All(diagnostics, d => Assert.Equal("AUTO8001", d.Id));
            var io = diagnostics.Single(d => d.GetMessage().Contains("'File'", StringComparison.Ordinal));
            Assert.Equal(Path, io.Location.GetMappedLineSpan().Path);
            Assert.Equal(Position(flowText, "File.ReadAllText"), (io.Location.GetMappedLineSpan().StartLinePosition.Line, io.Location.GetMappedLineSpan().StartLinePosition.Character));
            Assert.Contains("from System.IO", io.GetMessage(), StringComparison.Ordinal);
            var net = diagnostics.Single(d => d.GetMessage().Contains("'HttpClient'", StringComparison.Ordinal));
            Assert.Equal(Position(flowText, "HttpClient()"), (net.Location.GetMappedLineSpan().StartLinePosition.Line, net.Location.GetMappedLineSpan().StartLinePosition.Character));
        }

        [Fact]
        public async Task Unqualified_names_from_a_global_using_and_var_of_a_restricted_type_are_reported_too()
        {
            const string flowText = """
                { "id": "hidden", "steps": [ { "id": "peek", "type": "code", "code": "var method = typeof(string).GetMethod(\"Trim\", Type.EmptyTypes);\nThread.Sleep(1);" } ] }
                """;

            var diagnostics = await CodeStepDiagnostics(flowText, allow: null, "global using System.Threading;");

            Assert.Equal(new[] { "Reflection", "Threading.Thread" }, diagnostics.Select(d => d.GetMessage().Contains("System.Reflection", StringComparison.Ordinal) ? "Reflection" : "Threading.Thread").OrderBy(x => x, StringComparer.Ordinal));
        }

        [Fact]
        public async Task The_project_property_allows_a_namespace_and_only_what_it_names()
        {
            const string flowText = """
                {
                  "id": "reader",
                  "steps": [ { "id": "read", "type": "code", "code": "var client = new System.Net.Http.HttpClient();\nvar text = System.IO.File.Exists(\"x\");\nvar socket = typeof(System.Net.Sockets.Socket);" } ]
                }
                """;

            var diagnostics = await CodeStepDiagnostics(flowText, allow: "System.IO; System.Net.Http");

            var only = Assert.Single(diagnostics);
            Assert.Contains("from System.Net,", only.GetMessage(), StringComparison.Ordinal);
            Assert.Equal(Position(flowText, "Socket)"), (only.Location.GetMappedLineSpan().StartLinePosition.Line, only.Location.GetMappedLineSpan().StartLinePosition.Character));
        }

        [Fact]
        public async Task Ordinary_snippets_and_csharp_flows_get_no_AUTO8001()
        {
            var diagnostics = await CodeStepDiagnostics(Pricing, allow: null);

            Assert.Empty(diagnostics);
        }

        [Theory]
        [InlineData("{ \"id\": \"x\", \"steps\": [ { \"id\": \"c\", \"type\": \"code\", \"code\": 42 } ] }")]
        [InlineData("{ \"id\": \"x\", \"steps\": [ { \"id\": \"c\", \"type\": \"code\", \"code\": \"return 1;\", \"output\": [] } ] }")]
        [InlineData("{ \"id\": \"x\", \"steps\": [ { \"id\": \"c\", \"type\": \"code\", \"language\": 1, \"code\": \"\" } ] }")]
        [InlineData("{ \"id\": \"x\", \"steps\": [ { \"id\": \"c\", \"type\": \"code\", \"code\": \"}\\n class Evil { void M() {\" } ] }")]
        [InlineData("{ \"id\": \"x\", \"steps\": [ { \"id\": \"c\", \"type\": \"code\", \"code\": \"\\\"unterminated /* \\\\\" } ] }")]
        [InlineData("{ \"id\": \"x\", \"steps\": [ { \"id\": \"c\", \"type\": \"code\", \"code\": \"return @\\\"a\\\"\\\"\" } ] }")]
        [InlineData("{ \"id\": \"x\", \"steps\": [ { \"id\": \"c\", \"type\": \"code\", \"code\": \"\\r\\n\\r\\nreturn;\\r\\n\" } ] }")]
        public async Task Malformed_code_steps_never_make_the_generator_or_the_analyzers_throw(string flowText)
        {
            var files = new[] { new InMemoryText(Path, flowText) };
            var run = GeneratorRun.Start(TestCompilation.Create(Support), files);

            Assert.Null(run.Generator.Exception);
            Assert.DoesNotContain(run.Diagnostics, d => d.Id == "CS8785" || d.Id == "AUTO9001");
            var options = new AnalyzerOptions(ImmutableArray.Create<AdditionalText>(files), BuildProperties.RootNamespace("TestFlows"));
            var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new FlowAnalyzer(), new CodeStepNamespaceAnalyzer());
            var analyzed = await run.Output.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
            Assert.DoesNotContain(analyzed, d => d.Id is "AD0001" or "AUTO9002");
        }

        /// <summary>The 0-based line and column of the first occurrence of <paramref name="token"/> in <paramref name="text"/>.</summary>
        private static (int Line, int Column) Position(string text, string token)
        {
            var offset = text.IndexOf(token, StringComparison.Ordinal);
            Assert.True(offset >= 0, token);
            var line = text.Take(offset).Count(c => c == '\n');
            var column = offset - (text.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1);
            return (line, column);
        }

        private static void AssertCompiles(GeneratorRun run)
        {
            Assert.Null(run.Generator.Exception);
            var errors = TestCompilation.Errors(run.Output).ToList();
            Assert.True(errors.Count == 0, "The generated code does not compile:\n" + string.Join("\n", errors));
        }

        private static (IFlowDefinition Flow, System.Reflection.Assembly Assembly) Load(GeneratorRun run, string typeName)
        {
            var assembly = run.Load("code-steps");
            return ((IFlowDefinition)Activator.CreateInstance(assembly.GetType(typeName, throwOnError: true)!)!, assembly);
        }

        /// <summary>The generator's output analyzed by <see cref="CodeStepNamespaceAnalyzer"/>, as a build with the project property would.</summary>
        private static async Task<ImmutableArray<Diagnostic>> CodeStepDiagnostics(string flowText, string? allow, params string[] sources)
        {
            var files = new[] { new InMemoryText(Path, flowText) };
            var run = GeneratorRun.Start(TestCompilation.Create(sources.Prepend(Support).ToArray()), files);
            AssertCompiles(run);
            var properties = new Dictionary<string, string> { ["build_property.RootNamespace"] = "TestFlows" };
            if (allow is not null)
            {
                properties["build_property." + CodeStepNamespaceAnalyzer.AllowProperty] = allow;
            }

            var options = new AnalyzerOptions(ImmutableArray.Create<AdditionalText>(files), new BuildProperties(properties));
            return await run.Output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new CodeStepNamespaceAnalyzer()), options).GetAnalyzerDiagnosticsAsync();
        }

        private static Task AnalyzeFlow(string flow, params DiagnosticResult[] expected)
        {
            var test = new FlowAnalyzerTest
            {
                RunGenerator = false,
                CompilerDiagnostics = CompilerDiagnostics.None,
                TestState = { Sources = { Support }, AdditionalFiles = { (Path, flow) } },
            };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }
    }
}
