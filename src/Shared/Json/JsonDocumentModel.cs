using Automations.Compiled.Model;

namespace Automations.Compiled.Json
{
    /// <summary>A character range of the JSON text: [Start, End).</summary>
    internal readonly record struct JsonSpan(int Start, int End)
    {
        public int Length => End - Start;
    }

    /// <summary>A JSON value with the span it was read from, so every diagnostic can point at it.</summary>
    internal abstract record JsonNode(JsonSpan Span);

    internal sealed record JsonObject(JsonSpan Span, EquatableArray<JsonProperty> Properties) : JsonNode(Span)
    {
        /// <summary>The first property with this name, or null.</summary>
        public JsonProperty? Find(string name)
        {
            foreach (var property in Properties)
            {
                if (property.Name == name)
                {
                    return property;
                }
            }

            return null;
        }
    }

    /// <summary>A property; duplicates are kept, in order, for the front end to report.</summary>
    internal sealed record JsonProperty(string Name, JsonSpan NameSpan, JsonNode Value);

    internal sealed record JsonArray(JsonSpan Span, EquatableArray<JsonNode> Items) : JsonNode(Span);

    /// <summary>
    /// A string: its decoded <see cref="Value"/> and, when escapes made the two differ, the source offset of
    /// every character of the value (so an error inside an expression string lands on the right column).
    /// </summary>
    internal sealed record JsonString(JsonSpan Span, string Value, EquatableArray<int> Offsets) : JsonNode(Span)
    {
        /// <summary>The source offset of character <paramref name="index"/> of the value (the closing quote for the end).</summary>
        public int SourceOffset(int index)
        {
            if (Offsets.IsEmpty)
            {
                return Span.Start + 1 + index;
            }

            return index < Offsets.Count ? Offsets[index] : Span.End - 1;
        }
    }

    /// <summary>A number, kept as written so the front end decides between integer and double.</summary>
    internal sealed record JsonNumber(JsonSpan Span, string Text) : JsonNode(Span);

    internal sealed record JsonBool(JsonSpan Span, bool Value) : JsonNode(Span);

    internal sealed record JsonNull(JsonSpan Span) : JsonNode(Span);

    /// <summary>A syntax error: where, and what to do.</summary>
    internal sealed record JsonError(JsonSpan Span, string Message);
}
