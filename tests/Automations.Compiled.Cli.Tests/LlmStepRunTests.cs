using System;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace Automations.Compiled.Cli.Tests
{
    /// <summary>
    /// <c>flow run</c> on the support-ticket sample (src/Samples/SupportTickets): its LLM step gets the tool's rule-based
    /// fake model, so the answer, the route and the recorded usage are the same on every run, with no network.
    /// </summary>
    public sealed class LlmStepRunTests
    {
        private static readonly string Sample = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Samples", "SupportTickets", "classify-ticket.flow.json"));

        [Fact]
        public async Task The_sample_classifies_an_urgent_billing_ticket_with_the_fake_model_and_routes_it()
        {
            using var work = new Workspace();

            var result = await FlowTool.RunAsync(work.Path, "run", Sample, "--input", """{"subject": "Refund", "body": "urgent: billing charged me twice"}""", "--trace");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Matches(@"trace classify #1 succeeded -> success", result.Out);
            Assert.Contains("trace page #1 succeeded", result.Out);
            Assert.Contains("output: \"page the billing on-call\"", result.Out);
        }

        [Fact]
        public async Task The_fake_model_answers_a_nested_object_member_by_member_so_a_nested_schema_runs()
        {
            using var work = new Workspace();
            var flow = System.IO.Path.Combine(work.Path, "route-order.flow.json");
            File.WriteAllText(flow, """
                {
                  "id": "route-order",
                  "inputs": { "text": "string" },
                  "variables": { "output": "string" },
                  "steps": [
                    { "id": "read", "type": "llm", "prompt": "Read this order: {!inputs.text}",
                      "output": { "type": "object", "required": ["customer", "confidence"], "properties": {
                        "customer": { "type": "object", "required": ["tier", "vip"], "properties": {
                          "tier": { "type": "string", "enum": ["gold", "silver"] },
                          "vip": { "type": "boolean" } } },
                        "confidence": { "type": "number" } } },
                      "minConfidence": 0.8 },
                    { "id": "say", "type": "set", "variable": "output",
                      "value": "steps.read.output.customer.tier + (steps.read.output.customer.vip ? ' vip' : '')" }
                  ]
                }
                """);

            var result = await FlowTool.RunAsync(work.Path, "run", flow, "--input", """{"text": "a gold customer, vip, two chairs"}""");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("output: \"gold vip\"", result.Out);
        }

        [Fact]
        public async Task An_unsure_answer_takes_the_invalid_endpoint_after_the_retry()
        {
            using var work = new Workspace();

            var result = await FlowTool.RunAsync(work.Path, "run", Sample, "--input", """{"subject": "Hello", "body": "a question about my account"}""", "--trace");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("trace classify #1 failed", result.Out);
            Assert.Contains("trace classify #2 failed -> invalid", result.Out);
            Assert.Contains("its confidence 0.5 is below the step's minConfidence 0.8", result.Out);
            Assert.Contains("output: \"manual triage\"", result.Out);
        }
    }
}
