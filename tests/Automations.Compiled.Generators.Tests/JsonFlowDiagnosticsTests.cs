using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>
    /// Problems in <c>*.flow.json</c> files: reported by the analyzer at the exact characters of the JSON (located in the
    /// file, so MSBuild prints <c>flows/order.flow.json(line,col)</c>), with what to do; the generator never throws, and
    /// what it emits for the file compiles.
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
        public Task Malformed_json_is_reported_at_its_line_and_column() => Analyze(
            """
            {
              "id": "order",
              "steps": []
              "version": 2
            }
            """,
            // Spelt out rather than marked: line 4, column 3 is what MSBuild prints.
            FlowTestProject.Diagnostic("AUTO1001").WithSpan(Path, 4, 3, 4, 4).WithMessage("expected ',' or '}' after a property"));

        [Fact]
        public void A_file_that_is_not_json_gets_no_code_and_the_generator_does_not_throw()
        {
            var run = GeneratorRun.Start(TestCompilation.Create(Actions), new[] { new InMemoryText(Path, "{ \"id\": \"order\", ") });

            Assert.Empty(run.Generator.GeneratedSources);
            Assert.Null(run.Generator.Exception);
            Assert.Empty(run.Diagnostics);
        }

        [Fact]
        public Task An_unknown_property_is_reported_on_its_name_with_a_suggestion() => Analyze(
            // The missing 'when' is reported too, on the step.
            """
            {
              "id": "order",
              "steps": [
                { "id": {|AUTO1004:"check"|}, "type": "condition", {|#0:"whn"|}: "true" }
              ]
            }
            """,
            FlowTestProject.Diagnostic("AUTO1002").WithLocation(0).WithMessage("A condition step has no property 'whn'; did you mean 'when'?"));

        [Fact]
        public Task An_endpoint_written_as_a_step_property_says_where_endpoints_go() => Analyze(
            """
            { "id": "order", "steps": [ { "id": "check", "type": "condition", "when": "true", {|#0:"else"|}: [] } ] }
            """,
            FlowTestProject.Diagnostic("AUTO1002").WithLocation(0).WithMessage("A condition step has no property 'else'; endpoints go under \"endpoints\": {\"else\": [...]}"));

        [Fact]
        public Task A_step_without_an_id_is_reported() => Analyze(
            """
            {
              "id": "order",
              "steps": [
                {|#0:{|} "type": "action", "action": "send_email", "inputs": { "to": "a@b.c", "body": "hi" } }
              ]
            }
            """,
            FlowTestProject.Diagnostic("AUTO1004").WithLocation(0).WithMessage("A step needs the property 'id'"));

        [Fact]
        public Task A_duplicate_step_id_is_reported_at_the_second_one() => Analyze(
            """
            {
              "id": "order",
              "steps": [
                { "id": "notify", "type": "action", "action": "send_email", "inputs": { "to": "a@b.c", "body": "one" } },
                { "id": {|AUTO3001:"notify"|}, "type": "action", "action": "send_email", "inputs": { "to": "a@b.c", "body": "two" } }
              ]
            }
            """);

        [Fact]
        public Task An_unknown_step_type_suggests_the_closest() => Analyze(
            """
            { "id": "order", "steps": [ { "id": "a", "type": {|#0:"acton"|} } ] }
            """,
            FlowTestProject.Diagnostic("AUTO1006").WithLocation(0).WithMessage("'acton' is not a step type, did you mean 'action'?; use one of: action, condition, foreach, parallel, wait, approval, subflow, query, create, update, delete, set, stop, run, code, llm"));

        [Fact]
        public Task An_unknown_action_suggests_the_closest() => Analyze(
            """
            { "id": "order", "steps": [ { "id": "mail", "type": "action", "action": {|#0:"send_emial"|}, "inputs": {} } ] }
            """,
            FlowTestProject.Diagnostic("AUTO1101").WithLocation(0).WithMessage("No [FlowAction(\"send_emial\")] in this project; did you mean 'send_email'?"));

        [Theory]
        [InlineData("null")]
        [InlineData("{}")]
        [InlineData("{ \"description\": \"The order to charge.\" }")]
        public Task An_input_without_a_type_is_reported_on_its_name(string declaration) => Analyze(
            // Only the missing type: the input still exists (as dyn), so expressions that read it raise nothing more.
            $$"""
            { "id": "order", "inputs": { {|#0:"orderId"|}: {{declaration}} },
              "steps": [ { "id": "mail", "type": "action", "action": "send_email", "inputs": { "to": "a@b.c", "body": "{!inputs.orderId}" } } ] }
            """,
            FlowTestProject.Diagnostic("AUTO5004").WithLocation(0).WithMessage(
                "Input 'orderId' has no type, so a manual start cannot validate it; add \"type\": \"string\" (or another type: int, uint, double, bool, string, bytes, timestamp, duration, dyn, list(T), map(K, V))"));

        [Fact]
        public async Task An_input_may_be_declared_with_a_type_and_a_description()
        {
            const string flow = """
                { "id": "order", "inputs": { "orderId": { "type": "string", "description": "The order to charge." }, "amount": "double" },
                  "steps": [ { "id": "mail", "type": "action", "action": "send_email", "inputs": { "to": "a@b.c", "body": "{!inputs.orderId}" } } ] }
                """;

            await Analyze(flow);
            var run = GeneratorRun.Start(TestCompilation.Create(Actions), new[] { new InMemoryText(Path, flow) });
            var source = run.Generator.GeneratedSources.Single().SourceText.ToString();
            Assert.Contains("/// <summary><c>inputs.orderId</c> (string): The order to charge.</summary>", source, System.StringComparison.Ordinal);
            Assert.Contains("public string OrderId { get; init; }", source, System.StringComparison.Ordinal);
        }

        [Fact]
        public Task An_input_object_takes_only_a_type_and_a_description() => Analyze(
            """
            { "id": "order", "inputs": { "orderId": { "type": "string", {|#0:"default"|}: "o-1" } },
              "steps": [ { "id": "mail", "type": "action", "action": "send_email", "inputs": { "to": "a@b.c", "body": "{!inputs.orderId}" } } ] }
            """,
            FlowTestProject.Diagnostic("AUTO1002").WithLocation(0).WithMessage("Input 'orderId' has no property 'default'"));

        [Fact]
        public Task An_unknown_input_names_the_inputs_there_are() => Analyze(
            """
            { "id": "order", "steps": [ { "id": "mail", "type": "action", "action": "send_email",
              "inputs": { "to": "a@b.c", "body": "hi", {|#0:"bcc"|}: "x" } } ] }
            """,
            FlowTestProject.Diagnostic("AUTO1102").WithLocation(0).WithMessage("Action 'send_email' has no input 'bcc'; did you mean 'cc'?; its inputs are: to, body, cc"));

        [Fact]
        public Task A_missing_input_is_reported_on_the_action_name_and_optional_ones_may_be_left_out() => Analyze(
            """
            { "id": "order", "steps": [ { "id": "mail", "type": "action", "action": {|#0:"send_email"|}, "inputs": { "to": "a@b.c" } } ] }
            """,
            FlowTestProject.Diagnostic("AUTO1103").WithLocation(0).WithMessage("Step 'mail' does not give action 'send_email' its input 'body' (string); add it to \"inputs\""));

        [Fact]
        public Task A_constant_of_the_wrong_type_is_reported_on_the_value() => Analyze(
            """
            { "id": "order", "steps": [ { "id": "n", "type": "action", "action": "count", "inputs": { "items": {|#0:"three"|} } } ] }
            """,
            FlowTestProject.Diagnostic("AUTO1104").WithLocation(0).WithMessage(
                "Input 'items' of action 'count' is int (C# int): a string does not convert to it (cannot convert string to int; convert the value in the expression (int(), string(), ...) or change the target type); write a value of that type, or {\"$expr\": ...}"));

        [Fact]
        public Task An_expression_error_is_reported_at_its_characters_inside_the_json_string() => Analyze(
            // The escaped quotes shift every column after them: the span must still land on "amout".
            """
            {
              "id": "order",
              "inputs": { "name": "string", "amount": "double" },
              "steps": [
                { "id": "check", "type": "condition", "when": "inputs.name == \"x\" && inputs.{|#0:amout|} > 1.0" }
              ]
            }
            """,
            FlowTestProject.Diagnostic("AUTO1202").WithLocation(0).WithMessage("no field 'amout' on TestFlows.OrderFlow.Input; did you mean 'amount'?"));

        [Fact]
        public Task An_expression_syntax_error_is_reported_at_its_character() => Analyze(
            """
            { "id": "order", "variables": { "n": "int" }, "steps": [ { "id": "check", "type": "condition", "when": "vars.n > {|AUTO1201:)|}" } ] }
            """);

        [Fact]
        public Task A_condition_that_is_not_bool_is_a_type_error() => Analyze(
            """
            { "id": "order", "variables": { "n": "int" }, "steps": [ { "id": "check", "type": "condition", "when": "{|AUTO1202:vars.n + 1|}" } ] }
            """);

        [Fact]
        public Task Item_outside_a_foreach_is_an_error_that_says_where_item_exists() => Analyze(
            """
            { "id": "order", "steps": [
              { "id": "mail", "type": "action", "action": "send_email", "inputs": { "to": { "$expr": "{|#0:item|}" }, "body": "hi" } } ] }
            """,
            FlowTestProject.Diagnostic("AUTO3002").WithLocation(0).WithMessage(
                "'item' is not defined: 'mail' (line 2) is not inside a foreach; use it only in the 'each' steps of a foreach, or keep what you need in a variable"));

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

            await Analyze(flow);
            var run = GeneratorRun.Start(TestCompilation.Create(Actions), new[] { new InMemoryText(Path, flow) });
            var source = run.Generator.GeneratedSources.Single().SourceText.ToString();
            Assert.Contains("public sealed partial class OrderFlow : global::Automations.Compiled.IFlowDefinition", source, System.StringComparison.Ordinal);
            Assert.True(source.Contains("global::Shop.ShopActions.ChargeAsync(@orderId: ", System.StringComparison.Ordinal), source);
        }

        /// <summary>
        /// The analyzer reports what <paramref name="flow"/> marks and <paramref name="expected"/> says, and nothing else.
        /// The generator runs on the same file, as in a build: it must not throw (CS8785) nor report anything (AUTO9001),
        /// and what it emits must compile.
        /// </summary>
        private static Task Analyze(string flow, params DiagnosticResult[] expected)
        {
            var test = new FlowAnalyzerTest
            {
                RunGenerator = true,
                TestState = { Sources = { Actions }, AdditionalFiles = { (Path, flow) } },
            };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }
    }
}
