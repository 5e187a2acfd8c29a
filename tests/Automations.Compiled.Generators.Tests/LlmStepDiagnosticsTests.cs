using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>
    /// What the build says about LLM steps (docs/ai-steps.md): a later expression reading a member the output schema does not
    /// have, a step without a prompt, a minConfidence without a confidence member, a member of a shape the step cannot type.
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

        [Fact]
        public Task A_nested_object_member_is_reported_at_its_schema() => Analyze(
            """
            { "id": "ticket", "steps": [ { "id": "classify", "type": "llm", "prompt": "Classify",
              "output": { "type": "object", "properties": { "customer": {|#0:{ "type": "object" }|} } } } ] }
            """,
            FlowTestProject.Diagnostic("AUTO1007").WithLocation(0).WithMessage("'customer': an answer member is {\"type\": \"string\" | \"integer\" | \"number\" | \"boolean\"} (an \"enum\" of strings allowed) or an \"array\" of those"));

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
