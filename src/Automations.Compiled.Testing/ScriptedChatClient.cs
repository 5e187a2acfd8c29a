using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Automations.Compiled.Testing
{
    /// <summary>
    /// A fake <see cref="IChatClient"/> for tests of flows with LLM steps: it answers each call with the next queued
    /// response (its text and token usage), records every request, and never touches a network. A call with nothing
    /// queued fails, so a test states exactly how many calls it expects.
    /// </summary>
    public sealed class ScriptedChatClient : IChatClient
    {
        private readonly Script<ChatResponse, ScriptedChatRequest> _script = new(nameof(ScriptedChatClient), "answer");

        /// <summary>Queues an answer: <paramref name="text"/> (the JSON the step expects), with the tokens it reports.</summary>
        /// <param name="text">The answer's text.</param>
        /// <param name="inputTokens">The prompt's tokens, reported as usage.</param>
        /// <param name="outputTokens">The answer's tokens, reported as usage.</param>
        /// <returns>This client, to queue more.</returns>
        public ScriptedChatClient Respond(string text, long inputTokens = 0, long outputTokens = 0)
        {
            var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
            {
                ModelId = "scripted",
                Usage = new UsageDetails { InputTokenCount = inputTokens, OutputTokenCount = outputTokens, TotalTokenCount = inputTokens + outputTokens },
            };
            _script.Enqueue(response);
            return this;
        }

        /// <summary>The requests so far, in order.</summary>
        public IReadOnlyList<ScriptedChatRequest> Requests => _script.Requests;

        /// <summary>How many queued answers no call has taken yet.</summary>
        public int Remaining => _script.Remaining;

        /// <inheritdoc />
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(_script.Take(new ScriptedChatRequest(messages.ToArray(), options)));
        }

        /// <inheritdoc />
        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            foreach (var update in response.ToChatResponseUpdates())
            {
                yield return update;
            }
        }

        /// <inheritdoc />
        public object? GetService(Type serviceType, object? serviceKey = null)
            => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

        /// <inheritdoc />
        public void Dispose()
        {
        }
    }

    /// <summary>One call a <see cref="ScriptedChatClient"/> received.</summary>
    /// <param name="Messages">The messages sent (an LLM step sends one user message: its prompt).</param>
    /// <param name="Options">The options sent (an LLM step asks for JSON of its schema in <see cref="ChatOptions.ResponseFormat"/>).</param>
    public sealed record ScriptedChatRequest(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)
    {
        /// <summary>The text of all messages, one per line.</summary>
        public string Text => string.Join("\n", Messages.Select(m => m.Text));
    }
}
