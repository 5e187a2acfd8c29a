using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Testing;
using Microsoft.Extensions.AI;
using Xunit;

namespace Automations.Compiled.Tests.Json
{
    /// <summary>
    /// An LLM step whose output is an [LlmSchema] class (docs/ai-steps.md, "An output type"): the schema written at build
    /// time is sent and enforced, the answer deserialises into the class (enums by member name, camelCase members), and a
    /// later condition reads it typed.
    /// </summary>
    public sealed class LlmOutputTypeTests
    {
        private static JsonLlmTypedFlow.Input Ticket => new() { Subject = "Charged twice" };

        [Fact]
        public async Task The_answer_deserialises_into_the_class_and_a_condition_reads_its_enum()
        {
            var chat = new ScriptedChatClient().Respond("""{"category": "Billing", "urgent": true, "confidence": 0.9, "customer": {"name": "Ada", "tier": 2}, "tags": ["refund"]}""", inputTokens: 10, outputTokens: 5);
            var trace = new FlowTrace();

            var result = await new JsonLlmTypedFlow(chat).RunAsync(Ticket, new FlowRunOptions { Observer = trace });

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal("billing for Ada", result.Output);
            var answer = Assert.IsType<TicketAnswer>(trace.Records.Single(r => r.StepId == "classify").Output);
            Assert.Equal(TicketCategory.Billing, answer.Category);
            Assert.Equal(2, answer.Customer.Tier);
            Assert.Null(answer.Note);
            Assert.Equal(new[] { "refund" }, answer.Tags);
            Assert.Equal(15, answer.Llm!.TotalTokens);
        }

        [Fact]
        public async Task Another_member_name_takes_the_else_branch()
        {
            var chat = new ScriptedChatClient().Respond("""{"category": "Bug", "urgent": true, "confidence": 0.9, "customer": {"name": "Ada"}, "tags": []}""");

            var result = await new JsonLlmTypedFlow(chat).RunAsync(Ticket);

            Assert.Equal("queue: Bug 0", result.Output);
        }

        [Fact]
        public async Task The_schema_written_at_build_time_is_sent()
        {
            var chat = new ScriptedChatClient().Respond("""{"category": "Bug", "urgent": false, "confidence": 0.9, "customer": {"name": "Ada"}, "tags": []}""");

            await new JsonLlmTypedFlow(chat).RunAsync(Ticket);

            var format = Assert.IsType<ChatResponseFormatJson>(chat.Requests[0].Options!.ResponseFormat);
            var schema = format.Schema!.Value.GetRawText();
            Assert.Contains("\"category\":{\"type\":\"string\",\"enum\":[\"Billing\",\"Bug\",\"Other\"]}", schema);
            Assert.Contains("\"required\":[\"category\",\"urgent\",\"confidence\",\"customer\",\"tags\"]", schema);
            Assert.Contains("\"tier\":{\"type\":\"integer\"}", schema);
        }

        [Theory]
        [InlineData("""{"category": "billing", "urgent": true, "confidence": 0.9, "customer": {"name": "Ada"}, "tags": []}""", "'category' is not one of \"Billing\", \"Bug\", \"Other\"")]
        [InlineData("""{"category": "Bug", "urgent": true, "confidence": 0.9, "customer": {}, "tags": []}""", "'customer.name' is required but missing")]
        [InlineData("""{"category": "Bug", "urgent": true, "confidence": 0.9, "customer": {"name": "Ada"}}""", "'tags' is required but missing")]
        [InlineData("""{"category": "Bug", "urgent": true, "confidence": 0.5, "customer": {"name": "Ada"}, "tags": []}""", "its confidence 0.5 is below the step's minConfidence 0.8")]
        public async Task An_answer_outside_the_class_schema_takes_the_invalid_endpoint(string answer, string reason)
        {
            var chat = new ScriptedChatClient().Respond(answer);
            var trace = new FlowTrace();

            var result = await new JsonLlmTypedFlow(chat).RunAsync(Ticket, new FlowRunOptions { Observer = trace });

            Assert.Equal("invalid", result.Output);
            Assert.Equal($"The answer of LLM step 'classify' is not valid: {reason}.", trace.Records.Single(r => r.StepId == "classify").Error);
        }
    }
}
