using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Automations.Compiled.Cli.Running
{
    /// <summary>
    /// The flow tool's model for LLM steps (docs/ai-steps.md): it calls no network and answers by rule, from the schema the
    /// step asks for and the words of the prompt, so <c>flow run</c> and <c>flow test</c> are deterministic. An enum member
    /// takes the first choice the prompt mentions (else the last choice); a boolean member is true when the prompt mentions
    /// its name; <c>confidence</c> is 0.9 when every enum member matched a word of the prompt and 0.5 otherwise; other
    /// strings are the prompt's first words, numbers 0, arrays empty, objects answered member by member the same way. Usage: one token per word of the prompt and answer.
    /// </summary>
    internal sealed class FakeChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var prompt = string.Join("\n", messages.Select(m => m.Text));
            var answer = options?.ResponseFormat is ChatResponseFormatJson { Schema: { } schema } ? Answer(schema, prompt) : Words(prompt, 12);
            var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, answer))
            {
                ModelId = "fake",
                Usage = new UsageDetails { InputTokenCount = CountWords(prompt), OutputTokenCount = CountWords(answer), TotalTokenCount = CountWords(prompt) + CountWords(answer) },
            };
            return Task.FromResult(response);
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            foreach (var update in response.ToChatResponseUpdates())
            {
                yield return update;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose()
        {
        }

        private static string Answer(JsonElement schema, string prompt)
        {
            var words = new HashSet<string>(Tokens(prompt), StringComparer.OrdinalIgnoreCase);
            var allMatched = true;
            var answer = Object(schema, words, prompt, ref allMatched);
            if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
                && properties.TryGetProperty("confidence", out var confidence) && confidence.ValueKind == JsonValueKind.Object
                && !confidence.TryGetProperty("enum", out _)
                && confidence.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "number")
            {
                answer["confidence"] = allMatched ? 0.9 : 0.5; // known once every enum member, nested ones too, is answered
            }

            return answer.ToJsonString();
        }

        /// <summary>An object of <paramref name="schema"/>'s properties, answered by rule; nested objects the same way.</summary>
        private static JsonObject Object(JsonElement schema, HashSet<string> words, string prompt, ref bool allMatched)
        {
            var answer = new JsonObject();
            if (!schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
            {
                return answer;
            }

            foreach (var property in properties.EnumerateObject())
            {
                if (property.Value.TryGetProperty("enum", out var choices) && choices.ValueKind == JsonValueKind.Array)
                {
                    var options = choices.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()!).ToList();
                    var match = options.FirstOrDefault(words.Contains);
                    allMatched &= match is not null;
                    answer[property.Name] = match ?? options.LastOrDefault();
                    continue;
                }

                var type = property.Value.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                answer[property.Name] = type switch
                {
                    "boolean" => words.Contains(property.Name),
                    "number" or "integer" => 0,
                    "array" => new JsonArray(),
                    "object" => Object(property.Value, words, prompt, ref allMatched),
                    _ => Words(prompt, 8),
                };
            }

            return answer;
        }

        private static IEnumerable<string> Tokens(string text)
            => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('.', ',', ':', ';', '!', '?', '"', '\'', '(', ')'));

        private static string Words(string text, int count) => string.Join(" ", Tokens(text).Take(count));

        private static long CountWords(string text) => Tokens(text).LongCount();
    }
}
