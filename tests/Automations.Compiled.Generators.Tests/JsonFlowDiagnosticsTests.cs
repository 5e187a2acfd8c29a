using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>
    /// Problems in <c>*.flow.json</c> files: reported by the analyzer at the exact characters of the JSON (located in the
    /// file, so MSBuild prints <c>flows/order.flow.json(line,col)</c>), with what to do; the generator never throws.
    /// </summary>
    public sealed class JsonFlowDiagnosticsTests
    {
        private const string Path = "flows/order.flow.json";

        /// <summary>The actions the flows below bind to.</summary>
        private const string Actions = """
            using System.Threading;
            using System.Threading.Tasks;
            using Automations.Compiled;

            namespace Shop
            {
                public sealed record Charge(string Id, double Amount);

                public static class ShopActions
                {
                    [FlowAction("send_email")]
                    public static void SendEmail(string to, string body, string? cc = null) { }

                    [FlowAction("charge_card")]
                    public static ValueTask<Charge> ChargeAsync(string orderId, double amount, CancellationToken cancellationToken)
                        => new(new Charge(orderId, amount));

                    [FlowAction("refund")]
                    public static void Refund(string chargeId) { }

                    [FlowAction("count")]
                    public static int Count(int items) => items;
                }
            }
            """;

        [Fact]
        public async Task Malformed_json_is_reported_at_its_line_and_column()
        {
            var markup = SpanMarkup.Parse("""
                {
                  "id": "order",
                  "steps": []
                  [|"|]version": 2
                }
                """);

            var diagnostic = Assert.Single(await AnalyzeAsync(markup.Source));

            Assert.Equal("AUTO1001", diagnostic.Id);
            AssertAt(diagnostic, markup);
            var line = diagnostic.Location.GetLineSpan();
            Assert.Equal(Path, line.Path);
            Assert.Equal((3, 2), (line.StartLinePosition.Line, line.StartLinePosition.Character));
            Assert.Contains("','", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_file_that_is_not_json_gets_no_code_and_the_generator_does_not_throw()
        {
            var run = GeneratorRun.Start(TestCompilation.Create(Actions), new[] { new InMemoryText(Path, "{ \"id\": \"order\", ") });

            Assert.Empty(run.Generator.GeneratedSources);
            Assert.Null(run.Generator.Exception);
            Assert.Empty(run.Diagnostics);
        }

        [Fact]
        public async Task An_unknown_property_is_reported_on_its_name_with_a_suggestion()
        {
            var markup = SpanMarkup.Parse("""
                {
                  "id": "order",
                  "steps": [
                    { "id": "check", "type": "condition", [|"whn"|]: "true" }
                  ]
                }
                """);

            var diagnostics = await AnalyzeAsync(markup.Source);

            // The missing 'when' is reported too, on the step.
            Assert.Equal(new[] { "AUTO1004", "AUTO1002" }, diagnostics.Select(d => d.Id));
            var diagnostic = diagnostics[1];
            AssertAt(diagnostic, markup);
            Assert.Equal("A condition step has no property 'whn'; did you mean 'when'?", diagnostic.GetMessage());
        }

        [Fact]
        public async Task An_endpoint_written_as_a_step_property_says_where_endpoints_go()
        {
            var markup = SpanMarkup.Parse("""
                { "id": "order", "steps": [ { "id": "check", "type": "condition", "when": "true", [|"else"|]: [] } ] }
                """);

            var diagnostic = Assert.Single(await AnalyzeAsync(markup.Source));

            Assert.Equal("AUTO1002", diagnostic.Id);
            AssertAt(diagnostic, markup);
            Assert.Equal("A condition step has no property 'else'; endpoints go under \"endpoints\": {\"else\": [...]}", diagnostic.GetMessage());
        }

        [Fact]
        public async Task A_step_without_an_id_is_reported()
        {
            var markup = SpanMarkup.Parse("""
                {
                  "id": "order",
                  "steps": [
                    [|{|] "type": "action", "action": "send_email", "inputs": { "to": "a@b.c", "body": "hi" } }
                  ]
                }
                """);

            var diagnostic = Assert.Single(await AnalyzeAsync(markup.Source));

            Assert.Equal("AUTO1004", diagnostic.Id);
            AssertAt(diagnostic, markup);
            Assert.Equal("A step needs the property 'id'", diagnostic.GetMessage());
        }

        [Fact]
        public async Task A_duplicate_step_id_is_reported_at_the_second_one()
        {
            var markup = SpanMarkup.Parse("""
                {
                  "id": "order",
                  "steps": [
                    { "id": "notify", "type": "action", "action": "send_email", "inputs": { "to": "a@b.c", "body": "one" } },
                    { "id": [|"notify"|], "type": "action", "action": "send_email", "inputs": { "to": "a@b.c", "body": "two" } }
                  ]
                }
                """);

            var diagnostic = Assert.Single(await AnalyzeAsync(markup.Source));

            Assert.Equal("AUTO3001", diagnostic.Id);
            AssertAt(diagnostic, markup);
        }

        [Fact]
        public async Task An_unknown_step_type_suggests_the_closest()
        {
            var markup = SpanMarkup.Parse("""
                { "id": "order", "steps": [ { "id": "a", "type": [|"acton"|] } ] }
                """);

            var diagnostic = Assert.Single(await AnalyzeAsync(markup.Source));

            Assert.Equal("AUTO1006", diagnostic.Id);
            AssertAt(diagnostic, markup);
            Assert.StartsWith("'acton' is not a step type, did you mean 'action'?; use one of: action, condition,", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        }

        [Fact]
        public async Task An_unknown_action_suggests_the_closest()
        {
            var markup = SpanMarkup.Parse("""
                { "id": "order", "steps": [ { "id": "mail", "type": "action", "action": [|"send_emial"|], "inputs": {} } ] }
                """);

            var diagnostic = Assert.Single(await AnalyzeAsync(markup.Source));

            Assert.Equal("AUTO1101", diagnostic.Id);
            AssertAt(diagnostic, markup);
            Assert.Equal("No [FlowAction(\"send_emial\")] in this project; did you mean 'send_email'?", diagnostic.GetMessage());
        }

        [Theory]
        [InlineData("null")]
        [InlineData("{}")]
        [InlineData("{ \"description\": \"The order to charge.\" }")]
        public async Task An_input_without_a_type_is_reported_on_its_name(string declaration)
        {
            var markup = SpanMarkup.Parse($$"""
                { "id": "order", "inputs": { [|"orderId"|]: {{declaration}} },
                  "steps": [ { "id": "mail", "type": "action", "action": "send_email", "inputs": { "to": "a@b.c", "body": "{!inputs.orderId}" } } ] }
                """);

            // Only the missing type: the input still exists (as dyn), so expressions that read it raise nothing more.
            var diagnostic = Assert.Single(await AnalyzeAsync(markup.Source));

            Assert.Equal("AUTO5004", diagnostic.Id);
            AssertAt(diagnostic, markup);
            Assert.Equal(
                "Input 'orderId' has no type, so a manual start cannot validate it; add \"type\": \"string\" (or another type: int, uint, double, bool, string, bytes, timestamp, duration, dyn, list(T), map(K, V))",
                diagnostic.GetMessage());
        }

        [Fact]
        public async Task An_input_may_be_declared_with_a_type_and_a_description()
        {
            const string flow = """
                { "id": "order", "inputs": { "orderId": { "type": "string", "description": "The order to charge." }, "amount": "double" },
                  "steps": [ { "id": "mail", "type": "action", "action": "send_email", "inputs": { "to": "a@b.c", "body": "{!inputs.orderId}" } } ] }
                """;

            Assert.Empty(await AnalyzeAsync(flow));
            var run = GeneratorRun.Start(TestCompilation.Create(Actions), new[] { new InMemoryText(Path, flow) });
            Assert.Empty(TestCompilation.Errors(run.Output));
            var source = run.Generator.GeneratedSources.Single().SourceText.ToString();
            Assert.Contains("/// <summary><c>inputs.orderId</c> (string): The order to charge.</summary>", source, System.StringComparison.Ordinal);
            Assert.Contains("public string OrderId { get; init; }", source, System.StringComparison.Ordinal);
        }

        [Fact]
        public async Task An_input_object_takes_only_a_type_and_a_description()
        {
            var markup = SpanMarkup.Parse("""
                { "id": "order", "inputs": { "orderId": { "type": "string", [|"default"|]: "o-1" } },
                  "steps": [ { "id": "mail", "type": "action", "action": "send_email", "inputs": { "to": "a@b.c", "body": "{!inputs.orderId}" } } ] }
                """);

            var diagnostic = Assert.Single(await AnalyzeAsync(markup.Source));

            Assert.Equal("AUTO1002", diagnostic.Id);
            AssertAt(diagnostic, markup);
            Assert.StartsWith("Input 'orderId' has no property 'default'", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        }

        [Fact]
        public async Task An_unknown_input_names_the_inputs_there_are()
        {
            var markup = SpanMarkup.Parse("""
                { "id": "order", "steps": [ { "id": "mail", "type": "action", "action": "send_email",
                  "inputs": { "to": "a@b.c", "body": "hi", [|"bcc"|]: "x" } } ] }
                """);

            var diagnostic = Assert.Single(await AnalyzeAsync(markup.Source));

            Assert.Equal("AUTO1102", diagnostic.Id);
            AssertAt(diagnostic, markup);
            Assert.Equal("Action 'send_email' has no input 'bcc'; did you mean 'cc'?; its inputs are: to, body, cc", diagnostic.GetMessage());
        }

        [Fact]
        public async Task A_missing_input_is_reported_on_the_action_name_and_optional_ones_may_be_left_out()
        {
            var markup = SpanMarkup.Parse("""
                { "id": "order", "steps": [ { "id": "mail", "type": "action", "action": [|"send_email"|], "inputs": { "to": "a@b.c" } } ] }
                """);

            var diagnostic = Assert.Single(await AnalyzeAsync(markup.Source));

            Assert.Equal("AUTO1103", diagnostic.Id);
            AssertAt(diagnostic, markup);
            Assert.Equal("Step 'mail' does not give action 'send_email' its input 'body' (string); add it to \"inputs\"", diagnostic.GetMessage());
        }

        [Fact]
        public async Task A_constant_of_the_wrong_type_is_reported_on_the_value()
        {
            var markup = SpanMarkup.Parse("""
                { "id": "order", "steps": [ { "id": "n", "type": "action", "action": "count", "inputs": { "items": [|"three"|] } } ] }
                """);

            var diagnostic = Assert.Single(await AnalyzeAsync(markup.Source));

            Assert.Equal("AUTO1104", diagnostic.Id);
            AssertAt(diagnostic, markup);
            Assert.StartsWith("Input 'items' of action 'count' is int (C# int): a string does not convert to it", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        }

        [Fact]
        public async Task An_expression_error_is_reported_at_its_characters_inside_the_json_string()
        {
            // The escaped quotes shift every column after them: the span must still land on "amout".
            var markup = SpanMarkup.Parse("""
                {
                  "id": "order",
                  "inputs": { "name": "string", "amount": "double" },
                  "steps": [
                    { "id": "check", "type": "condition", "when": "inputs.name == \"x\" && inputs.[|amout|] > 1.0" }
                  ]
                }
                """);

            var diagnostic = Assert.Single(await AnalyzeAsync(markup.Source));

            Assert.Equal("AUTO1202", diagnostic.Id);
            AssertAt(diagnostic, markup);
            Assert.Contains("amount", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        }

        [Fact]
        public async Task An_expression_syntax_error_is_reported_at_its_character()
        {
            var markup = SpanMarkup.Parse("""
                { "id": "order", "variables": { "n": "int" }, "steps": [ { "id": "check", "type": "condition", "when": "vars.n > [|)|]" } ] }
                """);

            var diagnostic = Assert.Single(await AnalyzeAsync(markup.Source));

            Assert.Equal("AUTO1201", diagnostic.Id);
            AssertAt(diagnostic, markup);
        }

        [Fact]
        public async Task A_condition_that_is_not_bool_is_a_type_error()
        {
            var markup = SpanMarkup.Parse("""
                { "id": "order", "variables": { "n": "int" }, "steps": [ { "id": "check", "type": "condition", "when": "[|vars.n + 1|]" } ] }
                """);

            var diagnostic = Assert.Single(await AnalyzeAsync(markup.Source));

            Assert.Equal("AUTO1202", diagnostic.Id);
            AssertAt(diagnostic, markup);
        }

        [Fact]
        public async Task Item_outside_a_foreach_is_an_error_that_says_where_item_exists()
        {
            var markup = SpanMarkup.Parse("""
                { "id": "order", "steps": [
                  { "id": "mail", "type": "action", "action": "send_email", "inputs": { "to": { "$expr": "[|item|]" }, "body": "hi" } } ] }
                """);

            var diagnostic = Assert.Single(await AnalyzeAsync(markup.Source));

            Assert.Equal("AUTO3002", diagnostic.Id);
            AssertAt(diagnostic, markup);
            Assert.Equal("'item' is not defined: 'mail' (line 2) is not inside a foreach; use it only in the 'each' steps of a foreach, or keep what you need in a variable", diagnostic.GetMessage());
        }

        [Fact]
        public async Task A_valid_flow_has_no_diagnostics_and_its_generated_code_compiles()
        {
            const string flow = """
                {
                  // comments and trailing commas are fine
                  "id": "order",
                  "inputs": { "orderId": "string", "amount": "double", "email": "string" },
                  "variables": { "output": "string", "attempts": { "type": "int", "default": 1 } },
                  "steps": [
                    { "id": "check", "type": "condition", "when": "inputs.amount > 0.0",
                      "endpoints": { "else": [ { "id": "reject", "type": "stop", "status": "failed", "message": "Order {!inputs.orderId} has no amount" } ] } },
                    { "id": "charge", "type": "action", "action": "charge_card",
                      "inputs": { "orderId": "{!inputs.orderId}", "amount": { "$expr": "inputs.amount" } },
                      "retry": { "attempts": 3, "backoff": "10ms" },
                      "compensation": { "action": "refund", "inputs": { "chargeId": { "$expr": "steps.charge.output.id" } } },
                      "endpoints": { "error": [ { "id": "notify", "type": "action", "action": "send_email", "inputs": { "to": { "$secret": "OPS_EMAIL" }, "body": "failed" } },
                                                { "id": "give-up", "type": "stop", "status": "failed", "message": "the card was declined" } ] } },
                    { "id": "receipt", "type": "set", "variable": "output", "value": "'charged ' + steps.charge.output.id" },
                  ],
                }
                """;
            var compilation = TestCompilation.Create(Actions);

            Assert.Empty(await FlowAnalysis.AnalyzeAsync(compilation, ImmutableArray.Create<AdditionalText>(new InMemoryText(Path, flow))));
            var run = GeneratorRun.Start(compilation, new[] { new InMemoryText(Path, flow) });
            Assert.Empty(run.Diagnostics);
            Assert.Empty(TestCompilation.Errors(run.Output));
            var source = run.Generator.GeneratedSources.Single().SourceText.ToString();
            Assert.Contains("public sealed partial class OrderFlow : global::Automations.Compiled.IFlowDefinition", source, System.StringComparison.Ordinal);
            Assert.True(source.Contains("global::Shop.ShopActions.ChargeAsync(@orderId: ", System.StringComparison.Ordinal), source);
        }

        private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string flow)
        {
            var compilation = TestCompilation.Create(Actions);
            var diagnostics = await FlowAnalysis.AnalyzeAsync(compilation, ImmutableArray.Create<AdditionalText>(new InMemoryText(Path, flow)));

            // Whatever the analyzer says, the generator must not throw on the same file.
            var run = GeneratorRun.Start(compilation, new[] { new InMemoryText(Path, flow) });
            Assert.Null(run.Generator.Exception);
            Assert.DoesNotContain(run.Diagnostics, d => d.Id == "AUTO9001");
            return diagnostics;
        }

        private static void AssertAt(Diagnostic diagnostic, SpanMarkup markup)
        {
            Assert.Equal(Path, diagnostic.Location.GetLineSpan().Path);
            Assert.Equal(markup.Span, diagnostic.Location.SourceSpan);
        }
    }
}
