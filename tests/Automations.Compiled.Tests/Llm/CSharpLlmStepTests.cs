using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Testing;
using Automations.Compiled.Tests.Json;
using Microsoft.Extensions.AI;
using Xunit;

namespace Automations.Compiled.Tests.Llm
{
    /// <summary>
    /// An [Llm] step of a C# flow (docs/ai-steps.md, "In a C# flow"): the method returns the prompt, the flow's IChatClient
    /// answers with the schema written from the output type, a later step takes the typed answer with [FromStep], and an
    /// answer that fails validation on its last try takes the Invalid endpoint.
    /// </summary>
    public sealed partial class CSharpLlmStepTests
    {
        public sealed record Ticket(string Subject);

        [Flow("csharp-classify")]
        private sealed partial class ClassifyFlow : IFlow<Ticket>
        {
            private readonly IChatClient _chat;

            public ClassifyFlow(IChatClient chat) => _chat = chat;

            public ConcurrentQueue<string> Log { get; } = new();

            [Llm(1, typeof(TicketAnswer), MinConfidence = 0.8)]
            [Retry(2, InitialDelayMs = 1)]
            private static string Classify(Ticket ticket) => $"Classify: {ticket.Subject}";

            [Action(1, Parent = nameof(Classify), On = Endpoints.Invalid)]
            private void Triage() => Log.Enqueue("triage");

            [Action(1, Parent = nameof(Classify), On = Endpoints.Success)]
            private void Route([FromStep(nameof(Classify))] TicketAnswer answer)
                => Log.Enqueue($"{answer.Category} for {answer.Customer.Name} ({answer.Llm!.TotalTokens} tokens)");
        }

        private const string Valid = """{"category": "Billing", "urgent": true, "confidence": 0.9, "customer": {"name": "Ada"}, "tags": []}""";

        [Fact]
        public async Task The_typed_answer_reaches_a_later_step()
        {
            var chat = new ScriptedChatClient().Respond(Valid, inputTokens: 7, outputTokens: 3);
            var flow = new ClassifyFlow(chat);

            var result = await flow.RunAsync(new Ticket("Charged twice"));

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal(new[] { "Billing for Ada (10 tokens)" }, flow.Log.ToArray());
            var request = Assert.Single(chat.Requests);
            Assert.Equal("Classify: Charged twice", request.Text);
            var format = Assert.IsType<ChatResponseFormatJson>(request.Options!.ResponseFormat);
            Assert.Equal("classify", format.SchemaName);
            Assert.Contains("\"enum\":[\"Billing\",\"Bug\",\"Other\"]", format.Schema!.Value.GetRawText());
        }

        [Fact]
        public async Task An_invalid_answer_takes_the_invalid_endpoint_after_the_retries()
        {
            const string Unsure = """{"category": "Billing", "urgent": true, "confidence": 0.3, "customer": {"name": "Ada"}, "tags": []}""";
            var chat = new ScriptedChatClient().Respond(Unsure).Respond(Unsure);
            var flow = new ClassifyFlow(chat);
            var trace = new FlowTrace();

            var result = await flow.RunAsync(new Ticket("Charged twice"), new FlowRunOptions { Observer = trace });

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal(2, chat.Requests.Count);
            Assert.Equal(new[] { "triage" }, flow.Log.ToArray());
            var last = trace.Records.Where(r => r.StepId == "classify").Last();
            Assert.Equal("invalid", last.Endpoint);
            Assert.Equal("The answer of LLM step 'classify' is not valid: its confidence 0.3 is below the step's minConfidence 0.8.", last.Error);
        }
    }
}
