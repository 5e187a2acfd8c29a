using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Testing;
using Microsoft.Extensions.AI;
using Xunit;

namespace Automations.Compiled.Tests.Json
{
    /// <summary>
    /// LLM steps (docs/ai-steps.md) through the generated flow's public API, with a scripted chat client: the typed answer
    /// reaches a later condition, an answer that fails validation or confidence takes <c>invalid</c> after the retries,
    /// the tokens are recorded on the step and charged to the cost budget.
    /// </summary>
    public sealed class LlmStepTests
    {
        private static JsonClassifyTicketFlow.Input Ticket => new() { Subject = "Refund", Body = "I was charged twice" };

        [Fact]
        public async Task The_typed_answer_flows_to_a_later_condition()
        {
            var chat = new ScriptedChatClient().Respond("""{"category": "billing", "urgent": true, "confidence": 0.93}""", inputTokens: 40, outputTokens: 12);
            var trace = new FlowTrace();

            var result = await new JsonClassifyTicketFlow(chat).RunAsync(Ticket, new FlowRunOptions { Observer = trace });

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal("billing, urgent", result.Output);
            Assert.Equal(new[] { "classify", "route", "to-billing" }, trace.StepIds.ToArray());
            var request = Assert.Single(chat.Requests);
            Assert.Equal("Classify this ticket: Refund I was charged twice", request.Text);
            var format = Assert.IsType<ChatResponseFormatJson>(request.Options!.ResponseFormat);
            Assert.Equal("classify", format.SchemaName);
            Assert.Contains("\"enum\":[\"billing\",\"bug\",\"other\"]", format.Schema!.Value.GetRawText());
        }

        [Fact]
        public async Task Another_category_takes_the_else_branch_and_reads_the_member_typed()
        {
            var chat = new ScriptedChatClient().Respond("""{"category": "bug", "urgent": false, "confidence": 0.9}""");

            var result = await new JsonClassifyTicketFlow(chat).RunAsync(Ticket);

            Assert.Equal("queue: bug", result.Output);
        }

        [Fact]
        public async Task Usage_is_recorded_on_the_step_with_the_prompt_and_answer()
        {
            var fenced = "```json\n{\"category\": \"bug\", \"urgent\": false, \"confidence\": 0.9}\n```";
            var chat = new ScriptedChatClient().Respond(fenced, inputTokens: 40, outputTokens: 12);
            var trace = new FlowTrace();

            await new JsonClassifyTicketFlow(chat).RunAsync(Ticket, new FlowRunOptions { Observer = trace });

            var record = trace.Records.Single(r => r.StepId == "classify");
            Assert.Equal("success", record.Endpoint);
            var output = Assert.IsType<JsonClassifyTicketFlow.ClassifyOutput>(record.Output);
            Assert.Equal("bug", output.Category);
            Assert.Equal(0.9, output.Confidence);
            Assert.Equal(40, output.Llm!.InputTokens);
            Assert.Equal(12, output.Llm.OutputTokens);
            Assert.Equal(52, output.Llm.TotalTokens);
            Assert.Equal("scripted", output.Llm.ModelId);
            Assert.Equal("Classify this ticket: Refund I was charged twice", output.Llm.Prompt);
            Assert.StartsWith("{\"category\": \"bug\"", output.Llm.Response); // the code fence is dropped
        }

        [Theory]
        [InlineData("""not json""", "it is not JSON")]
        [InlineData("""{"category": "billing", "confidence": 0.9}""", "'urgent' is required but missing")]
        [InlineData("""{"category": "refund", "urgent": true, "confidence": 0.9}""", "'category' is not one of \"billing\", \"bug\", \"other\"")]
        [InlineData("""{"category": "bug", "urgent": "yes", "confidence": 0.9}""", "'urgent' should be a boolean but is a string")]
        [InlineData("""{"category": "bug", "urgent": true, "confidence": 0.5}""", "its confidence 0.5 is below the step's minConfidence 0.8")]
        public async Task An_invalid_answer_takes_the_invalid_endpoint_after_the_retries(string answer, string reason)
        {
            var chat = new ScriptedChatClient().Respond(answer).Respond(answer);
            var trace = new FlowTrace();

            var result = await new JsonClassifyTicketFlow(chat).RunAsync(Ticket, new FlowRunOptions { Observer = trace });

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal("manual triage", result.Output);
            Assert.Equal(2, chat.Requests.Count); // both tries of "retry": {"attempts": 2}
            Assert.Equal(new[] { "classify", "classify", "triage", "end-triage" }, trace.StepIds.ToArray());
            var tries = trace.Records.Where(r => r.StepId == "classify").ToArray();
            Assert.Null(tries[0].Endpoint);
            Assert.Equal("invalid", tries[1].Endpoint);
            Assert.Equal($"The answer of LLM step 'classify' is not valid: {reason}.", tries[1].Error);
        }

        [Fact]
        public async Task A_valid_answer_on_the_retry_succeeds()
        {
            var chat = new ScriptedChatClient()
                .Respond("""{"category": "billing", "urgent": true, "confidence": 0.2}""")
                .Respond("""{"category": "billing", "urgent": true, "confidence": 0.95}""");

            var result = await new JsonClassifyTicketFlow(chat).RunAsync(Ticket);

            Assert.Equal("billing, urgent", result.Output);
            Assert.Equal(0, chat.Remaining);
        }

        [Fact]
        public async Task Tokens_over_the_cost_budget_fail_the_run()
        {
            // limits.cost is 1,000: one token is one unit, so 1,200 tokens take the run over at its next step.
            var chat = new ScriptedChatClient().Respond("""{"category": "billing", "urgent": true, "confidence": 0.95}""", inputTokens: 1000, outputTokens: 200);
            var trace = new FlowTrace();

            var result = await new JsonClassifyTicketFlow(chat).RunAsync(Ticket, new FlowRunOptions { Observer = trace });

            Assert.Equal(FlowStatus.Failed, result.Status);
            Assert.Contains("1,200, over its cost budget of 1,000", result.Error!.Message);
            Assert.DoesNotContain("to-billing", trace.StepIds);
        }
    }
}
