using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Automations.Compiled
{
    /// <summary>
    /// What a flow's <c>llm</c> step runs (docs/ai-steps.md): sends the prompt to the app's <see cref="IChatClient"/>
    /// asking for JSON of the step's schema, charges the tokens used against the run's cost budget, validates the answer
    /// and returns it typed. Generated code calls it; an action that extracts or transcribes may call it too.
    /// </summary>
    public static partial class LlmStep
    {
        /// <summary>
        /// Generated answer classes name every member with <c>[JsonPropertyName]</c>; an <c>[LlmSchema]</c> type's schema
        /// uses camelCase names and its enums' member names, as these options read them.
        /// </summary>
        private static readonly JsonSerializerOptions ReadOptions = new()
        {
            PropertyNameCaseInsensitive = false,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Converters = { new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false) },
        };

        /// <summary>
        /// Asks <paramref name="client"/> for an answer to <paramref name="prompt"/> of schema <paramref name="schema"/> and
        /// returns it as <typeparamref name="TOutput"/>.
        /// </summary>
        /// <typeparam name="TOutput">The answer's type: one property per schema member.</typeparam>
        /// <param name="client">The app's chat client.</param>
        /// <param name="context">The step: its id names the schema; its run's cost budget is charged one unit per token.</param>
        /// <param name="prompt">The prompt, already interpolated.</param>
        /// <param name="schema">The JSON schema of the answer (an object with <c>properties</c>, optional <c>required</c>).</param>
        /// <param name="minConfidence">When set, the answer's <c>confidence</c> member must be at least this.</param>
        /// <param name="cancellationToken">The run's token.</param>
        /// <returns>The validated answer, with <see cref="LlmOutput.Llm"/> recording the call.</returns>
        /// <exception cref="LlmOutputInvalidException">The answer is not JSON of the schema, or its confidence is too low.</exception>
        public static async Task<TOutput> InvokeAsync<TOutput>(IChatClient client, StepContext context, string prompt, string schema, double? minConfidence, CancellationToken cancellationToken)
            where TOutput : LlmOutput
        {
            var answer = await InvokeJsonAsync(client, context, prompt, schema, minConfidence, cancellationToken).ConfigureAwait(false);
            TOutput result;
            try
            {
                result = answer.Value.Deserialize<TOutput>(ReadOptions) ?? throw Invalid(context, "it is null");
            }
            catch (JsonException e)
            {
                throw Invalid(context, e.Message);
            }

            result.Llm = answer.Call;
            return result;
        }

        /// <summary>
        /// As <see cref="InvokeAsync{TOutput}"/>, for an answer whose type is not known at build time (an action that extracts
        /// from a document): the validated answer as JSON, with the call record.
        /// </summary>
        /// <param name="client">The app's chat client.</param>
        /// <param name="context">The step: its id names the schema; its run's cost budget is charged one unit per token.</param>
        /// <param name="prompt">The prompt, already interpolated.</param>
        /// <param name="schema">The JSON schema of the answer.</param>
        /// <param name="minConfidence">When set, the answer's <c>confidence</c> member must be at least this.</param>
        /// <param name="cancellationToken">The run's token.</param>
        /// <returns>The validated answer and the call that produced it.</returns>
        /// <exception cref="LlmOutputInvalidException">The answer is not JSON of the schema, or its confidence is too low.</exception>
        public static async Task<LlmAnswer> InvokeJsonAsync(IChatClient client, StepContext context, string prompt, string schema, double? minConfidence, CancellationToken cancellationToken)
        {
            if (client is null)
            {
                throw new ArgumentNullException(nameof(client));
            }

            using var schemaDocument = JsonDocument.Parse(schema);
            var options = new ChatOptions
            {
                ResponseFormat = ChatResponseFormat.ForJsonSchema(schemaDocument.RootElement.Clone(), SchemaName(context.StepId)),
            };
            var response = await client.GetResponseAsync(new[] { new ChatMessage(ChatRole.User, prompt) }, options, cancellationToken).ConfigureAwait(false);

            var (input, output, total) = Charge(context, response.Usage);
            var text = StripFence(response.Text ?? "");
            var call = new LlmCall { Prompt = prompt, Response = text, ModelId = response.ModelId, InputTokens = input, OutputTokens = output, TotalTokens = total };
            JsonElement answer;
            try
            {
                using var document = JsonDocument.Parse(text);
                answer = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                throw Invalid(context, "it is not JSON");
            }

            if (Validate(schemaDocument.RootElement, answer, "") is { } problem)
            {
                throw Invalid(context, problem);
            }

            if (minConfidence is { } minimum)
            {
                var confidence = answer.TryGetProperty("confidence", out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;
                if (!(confidence >= minimum))
                {
                    throw Invalid(context, double.IsNaN(confidence)
                        ? $"it has no confidence, and the step needs at least {minimum.ToString(CultureInfo.InvariantCulture)}"
                        : $"its confidence {confidence.ToString(CultureInfo.InvariantCulture)} is below the step's minConfidence {minimum.ToString(CultureInfo.InvariantCulture)}");
                }
            }

            return new LlmAnswer(answer, call);
        }

        /// <summary>
        /// Charges the run's cost budget one unit per token the client reported (the total, else input + output; nothing
        /// when it reported no usage) and returns the counts for the call record.
        /// </summary>
        private static (long Input, long Output, long Total) Charge(StepContext context, UsageDetails? usage)
        {
            var input = usage?.InputTokenCount ?? 0;
            var output = usage?.OutputTokenCount ?? 0;
            var total = usage?.TotalTokenCount ?? input + output;
            context.ReportCost(total); // the run fails at its next step when this takes it over its budget (docs/safeguards.md)
            return (input, output, total);
        }

        private static LlmOutputInvalidException Invalid(StepContext context, string reason)
            => new($"The answer of LLM step '{context.StepId}' is not valid: {reason}.");

        /// <summary>A schema name providers accept (letters, digits, '_' and '-').</summary>
        private static string SchemaName(string stepId)
        {
            var chars = stepId.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (!(char.IsAsciiLetterOrDigit(chars[i]) || chars[i] is '_' or '-'))
                {
                    chars[i] = '_';
                }
            }

            return chars.Length == 0 ? "answer" : new string(chars);
        }

        /// <summary>Models asked for JSON sometimes wrap it in a Markdown code fence anyway.</summary>
        private static string StripFence(string text)
        {
            var trimmed = text.Trim();
            if (!trimmed.StartsWith("```", StringComparison.Ordinal) || !trimmed.EndsWith("```", StringComparison.Ordinal) || trimmed.Length < 6)
            {
                return trimmed;
            }

            var firstLine = trimmed.IndexOf('\n');
            return firstLine < 0 ? trimmed : trimmed.Substring(firstLine + 1, trimmed.Length - firstLine - 4).Trim();
        }

        /// <summary>
        /// The subset of JSON Schema an LLM step's output uses: <c>type</c> (object, string, integer, number, boolean,
        /// array), <c>properties</c>, <c>required</c>, <c>items</c>, <c>enum</c>. Returns the first problem, or null.
        /// </summary>
        internal static string? Validate(JsonElement schema, JsonElement value, string path)
        {
            var where = path.Length == 0 ? "the answer" : $"'{path}'";
            if (schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String)
            {
                var ok = type.GetString() switch
                {
                    "object" => value.ValueKind == JsonValueKind.Object,
                    "array" => value.ValueKind == JsonValueKind.Array,
                    "string" => value.ValueKind == JsonValueKind.String,
                    "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
                    "number" => value.ValueKind == JsonValueKind.Number,
                    "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
                    _ => true,
                };
                if (!ok)
                {
                    return $"{where} should be {Article(type.GetString()!)} but is {Describe(value)}";
                }
            }

            if (schema.TryGetProperty("enum", out var choices) && choices.ValueKind == JsonValueKind.Array)
            {
                var found = false;
                var names = new List<string>();
                foreach (var choice in choices.EnumerateArray())
                {
                    names.Add(choice.GetRawText());
                    found |= JsonElement.DeepEquals(choice, value);
                }

                if (!found)
                {
                    return $"{where} is not one of {string.Join(", ", names)}";
                }
            }

            if (value.ValueKind == JsonValueKind.Object)
            {
                if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
                {
                    foreach (var name in required.EnumerateArray())
                    {
                        var member = name.GetString() ?? "";
                        if (!value.TryGetProperty(member, out var present) || present.ValueKind == JsonValueKind.Null)
                        {
                            return $"'{Join(path, member)}' is required but missing";
                        }
                    }
                }

                if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in properties.EnumerateObject())
                    {
                        if (value.TryGetProperty(property.Name, out var member) && member.ValueKind != JsonValueKind.Null
                            && Validate(property.Value, member, Join(path, property.Name)) is { } problem)
                        {
                            return problem;
                        }
                    }
                }
            }
            else if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
            {
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (Validate(items, item, $"{path}[{index++}]") is { } problem)
                    {
                        return problem;
                    }
                }
            }

            return null;
        }

        private static string Join(string path, string member) => path.Length == 0 ? member : path + "." + member;

        private static string Article(string type) => type is "object" or "array" or "integer" ? "an " + type : "a " + type;

        private static string Describe(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        };
    }
}
