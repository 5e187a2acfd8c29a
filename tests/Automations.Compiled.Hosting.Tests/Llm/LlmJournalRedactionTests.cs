using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Host;
using Automations.Compiled.Hosting.Tests.Support;
using Automations.Compiled.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Llm
{
    /// <summary>The action the test flow signs with: it takes the secret, so the run's redaction scope knows its value.</summary>
    public static class SigningActions
    {
        [FlowAction("tests.sign")]
        public static string Sign(string key) => key.Length > 0 ? "signed" : "unsigned";
    }

    /// <summary>
    /// An LLM step run by the durable host (docs/ai-steps.md): the host builds the flow with the app's IChatClient from DI,
    /// and journals the step's answer, its call record (prompt, response, usage) redacted like every step output, so a
    /// secret value the run resolved never reaches the journal, not even when the ticket and the model's answer echo it.
    /// </summary>
    public sealed class LlmJournalRedactionTests : IDisposable
    {
        private const string SecretValue = "tk-live-3c9e81f0a2b44d17";

        private readonly TempFolder _folder = new();

        private sealed class FixedSecrets : ISecretResolver
        {
            public ValueTask<string?> ResolveAsync(string name, CancellationToken cancellationToken)
                => new(name == "TICKET_API_KEY" ? SecretValue : null);
        }

        [Fact]
        public async Task The_prompt_and_the_answer_are_journaled_with_their_usage_and_without_the_secret()
        {
            var chat = new ScriptedChatClient().Respond($$"""{"category": "billing", "note": "customer pasted {{SecretValue}}"}""", inputTokens: 30, outputTokens: 9);
            await using var host = await TestHost.StartAsync(
                o => o.UseSqlite(_folder.File("journal.db")),
                new Effects(),
                o => o.AddFlow<HostedLlmTicketFlow>(),
                s => s.AddSingleton<ISecretResolver, FixedSecrets>().AddSingleton<IChatClient>(chat));

            var run = await host.Client.StartAsync<HostedLlmTicketFlow>(new HostedLlmTicketFlow.Input { Body = "my key " + SecretValue + " stopped working" });

            Assert.Equal(FlowStatus.Completed, await host.Client.UntilAsync(run.RunId, FlowStatus.Completed));
            Assert.Contains(SecretValue, Assert.Single(chat.Requests).Text); // the model saw the ticket as written
            var details = (await host.Client.GetRunAsync(run.RunId))!;
            var output = Encoding.UTF8.GetString(details.Steps[1].Output!);
            Assert.Equal("classify", details.Steps[1].StepId);
            Assert.DoesNotContain(SecretValue, output, StringComparison.Ordinal);
            Assert.Contains("\"category\":\"billing\"", output, StringComparison.Ordinal);
            // A JSON string holding a secret goes whole (docs/secrets.md): the answer's member, the prompt and the response.
            Assert.Contains("\"note\":\"***\"", output, StringComparison.Ordinal);
            Assert.Contains("\"Prompt\":\"***\"", output, StringComparison.Ordinal);
            Assert.Contains("\"Response\":\"***\"", output, StringComparison.Ordinal);
            Assert.Contains("\"ModelId\":\"scripted\",\"InputTokens\":30,\"OutputTokens\":9,\"TotalTokens\":39", output, StringComparison.Ordinal);
        }

        public void Dispose() => _folder.Dispose();
    }
}
