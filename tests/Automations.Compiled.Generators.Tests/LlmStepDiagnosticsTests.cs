using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>
    /// What the build says about LLM steps (docs/ai-steps.md): a later expression reading a member the output schema does not
    /// have (nested objects included), a step without a prompt, a minConfidence without a confidence member, a member of a shape
    /// the step cannot type, objects nested too deep, a required name the properties lack.
    /// A valid flow compiles with no diagnostic at all.
    /// </summary>
    public sealed class LlmStepDiagnosticsTests
    {
        private const string Path = "flows/ticket.flow.json";

        private const string Schema = """{ "type": "object", "properties": { "category": { "type": "string" }, "confidence": { "type": "number" } }, "required": ["category"] }""";

        [Fact]
        public Task A_valid_llm_step_and_a_condition_on_its_typed_output_compile_clean() => Analyze(
            $$"""
            {
              "id": "ticket", "inputs": { "text": "string" },
              "steps": [
                { "id": "classify", "type": "llm", "prompt": "Classify: {!inputs.text}", "output": {{Schema}}, "minConfidence": 0.8,
                  "endpoints": { "invalid": [ { "id": "give-up", "type": "stop", "status": "failed" } ] } },
                { "id": "route", "type": "condition", "when": "steps.classify.output.category == 'billing' && steps.classify.output.confidence > 0.9" }
              ]
            }
            """);

        [Fact]
        public Task A_member_the_schema_does_not_have_is_a_type_error_with_a_suggestion() => Analyze(
            $$"""
            {
              "id": "ticket",
              "steps": [
                { "id": "classify", "type": "llm", "prompt": "Classify", "output": {{Schema}} },
                { "id": "route", "type": "condition", "when": "steps.classify.output.{|#0:categry|} == 'billing'" }
              ]
            }
            """,
            FlowTestProject.Diagnostic("AUTO1202").WithLocation(0).WithMessage("no field 'categry' on TestFlows.TicketFlow.ClassifyOutput; did you mean 'category'?"));

        [Fact]
        public Task A_step_without_a_prompt_is_reported_at_its_id() => Analyze(
            $$"""
            { "id": "ticket", "steps": [ { "id": {|#0:"classify"|}, "type": "llm", "output": {{Schema}} } ] }
            """,
            FlowTestProject.Diagnostic("AUTO1004").WithLocation(0).WithMessage("llm step 'classify' needs the property 'prompt': the text sent to the model; {!path} parts are interpolated"));

        [Fact]
        public Task A_min_confidence_needs_a_confidence_member() => Analyze(
            """
            { "id": "ticket", "steps": [ { "id": "classify", "type": "llm", "prompt": "Classify",
              "output": { "type": "object", "properties": { "category": { "type": "string" } } }, "minConfidence": {|#0:0.8|} } ] }
            """,
            FlowTestProject.Diagnostic("AUTO1007").WithLocation(0).WithMessage("'minConfidence': the output schema needs a \"confidence\" member of type \"number\" for the step to check it"));

        private const string Nested = """
            { "type": "object",
              "properties": {
                "customer": { "type": "object", "properties": { "name": { "type": "string" }, "tier": { "type": "string", "enum": ["free", "pro"] } }, "required": ["name"] },
                "lines": { "type": "array", "items": { "type": "object", "properties": { "sku": { "type": "string" }, "quantity": { "type": "integer" } } } }
              },
              "required": ["customer"] }
            """;

        [Fact]
        public Task Nested_objects_and_arrays_of_objects_are_typed() => Analyze(
            $$"""
            {
              "id": "ticket",
              "steps": [
                { "id": "classify", "type": "llm", "prompt": "Classify", "output": {{Nested}} },
                { "id": "route", "type": "condition",
                  "when": "steps.classify.output.customer.name == 'Ada' && steps.classify.output.customer.tier == 'pro' && steps.classify.output.lines.all(l, l.quantity > 0 && l.sku != '')" }
              ]
            }
            """);

        [Fact]
        public Task A_member_a_nested_object_does_not_have_is_a_type_error_with_a_suggestion() => Analyze(
            $$"""
            {
              "id": "ticket",
              "steps": [
                { "id": "classify", "type": "llm", "prompt": "Classify", "output": {{Nested}} },
                { "id": "route", "type": "condition", "when": "steps.classify.output.customer.{|#0:nam|} == 'Ada'" }
              ]
            }
            """,
            FlowTestProject.Diagnostic("AUTO1202").WithLocation(0).WithMessage("no field 'nam' on TestFlows.TicketFlow.ClassifyOutput.CustomerOutput; did you mean 'name'?"));

        [Fact]
        public Task A_member_of_an_array_item_is_typed_too() => Analyze(
            $$"""
            {
              "id": "ticket",
              "steps": [
                { "id": "classify", "type": "llm", "prompt": "Classify", "output": {{Nested}} },
                { "id": "route", "type": "condition", "when": "steps.classify.output.lines[0].{|#0:qty|} > 1" }
              ]
            }
            """,
            FlowTestProject.Diagnostic("AUTO1202").WithLocation(0).WithMessage("no field 'qty' on TestFlows.TicketFlow.ClassifyOutput.LinesItem"));

        [Fact]
        public Task A_nested_object_without_properties_is_reported_at_its_schema() => Analyze(
            """
            { "id": "ticket", "steps": [ { "id": "classify", "type": "llm", "prompt": "Classify",
              "output": { "type": "object", "properties": { "customer": {|#0:{ "type": "object" }|} } } } ] }
            """,
            FlowTestProject.Diagnostic("AUTO1007").WithLocation(0).WithMessage("'customer': an object member needs \"properties\": one member at least, such as {\"category\": {\"type\": \"string\"}}"));

        [Fact]
        public Task A_member_of_an_unsupported_shape_is_reported_at_its_schema() => Analyze(
            """
            { "id": "ticket", "steps": [ { "id": "classify", "type": "llm", "prompt": "Classify",
              "output": { "type": "object", "properties": { "customer": { "type": "object", "properties": { "tags": {|#0:{ "type": "array", "items": { "type": "array", "items": { "type": "string" } } }|} } } } } } ] }
            """,
            FlowTestProject.Diagnostic("AUTO1007").WithLocation(0).WithMessage("'tags': an answer member is {\"type\": \"string\" | \"integer\" | \"number\" | \"boolean\" | \"object\"} (an \"enum\" of strings allowed) or an \"array\" of those"));

        [Fact]
        public Task Objects_nested_too_deep_are_reported_at_the_member_that_goes_too_deep() => Analyze(
            """
            { "id": "ticket", "steps": [ { "id": "classify", "type": "llm", "prompt": "Classify",
              "output": { "type": "object", "properties": {
                "a": { "type": "object", "properties": {
                  "b": { "type": "object", "properties": {
                    "c": { "type": "object", "properties": {
                      "d": { "type": "object", "properties": {
                        "e": {|#0:{ "type": "object", "properties": { "f": { "type": "string" } } }|} } } } } } } } } } } } ] }
            """,
            FlowTestProject.Diagnostic("AUTO1007").WithLocation(0).WithMessage("'e': answer objects nest at most 4 levels below the answer; flatten this member or make it a string"));

        [Fact]
        public Task A_required_name_the_properties_lack_is_reported_with_a_suggestion() => Analyze(
            """
            { "id": "ticket", "steps": [ { "id": "classify", "type": "llm", "prompt": "Classify",
              "output": { "type": "object", "properties": { "customer": { "type": "object", "properties": { "name": { "type": "string" } }, "required": [{|#0:"nmae"|}] } } } } ] }
            """,
            FlowTestProject.Diagnostic("AUTO1007").WithLocation(0).WithMessage("'required': 'nmae' is not one of the members in \"properties\" (name); did you mean 'name'?"));

        private static Task Analyze(string flow, params DiagnosticResult[] expected)
        {
            var test = new FlowAnalyzerTest
            {
                RunGenerator = true,
                TestState = { Sources = { "namespace TestFlows { }" }, AdditionalFiles = { (Path, flow) } },
            };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }
    }
}
