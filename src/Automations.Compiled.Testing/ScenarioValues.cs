using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace Automations.Compiled.Testing
{
    /// <summary>
    /// How a scenario compares what it expects with what a run produced, and prints both: every value is looked at as
    /// JSON (the shape the journal keeps and a scenario file is written in), so a C# anonymous object, a record, a
    /// <see cref="FlowRecord"/> and a <see cref="JsonElement"/> with the same fields compare equal.
    /// </summary>
    internal static class ScenarioValues
    {
        private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

        /// <summary>A value as JSON (null for null).</summary>
        public static JsonElement ToJson(object? value)
            => value switch
            {
                JsonElement element => element,
                null => JsonSerializer.SerializeToElement<object?>(null, Web),
                _ => JsonSerializer.SerializeToElement(value, value.GetType(), Web),
            };

        /// <summary>
        /// An event's or webhook's payload as the host passes it to a run (<c>IFlowClient.RaiseEventAsync</c>, a resume
        /// signal): JSON as it is, any other object serialised with <see cref="Runtime.FlowStateSerializer.Options"/>.
        /// </summary>
        public static JsonElement? Payload(object? payload)
            => payload switch
            {
                null => null,
                JsonElement element => element,
                _ => JsonSerializer.SerializeToElement(payload, payload.GetType(), Runtime.FlowStateSerializer.Options),
            };

        /// <summary>
        /// Whether <paramref name="observed"/> matches <paramref name="expected"/>: numbers by value, strings exactly,
        /// arrays item by item, and objects by the properties the expectation names (the run may produce more; names
        /// compare without regard to case, as inputs do).
        /// </summary>
        public static bool Matches(object? expected, object? observed) => Matches(ToJson(expected), ToJson(observed));

        private static bool Matches(JsonElement expected, JsonElement observed)
        {
            switch (expected.ValueKind)
            {
                case JsonValueKind.Object:
                    if (observed.ValueKind != JsonValueKind.Object)
                    {
                        return false;
                    }

                    foreach (var property in expected.EnumerateObject())
                    {
                        if (!TryGetProperty(observed, property.Name, out var value) || !Matches(property.Value, value))
                        {
                            return false;
                        }
                    }

                    return true;
                case JsonValueKind.Array:
                    return observed.ValueKind == JsonValueKind.Array
                        && expected.GetArrayLength() == observed.GetArrayLength()
                        && expected.EnumerateArray().Zip(observed.EnumerateArray()).All(pair => Matches(pair.First, pair.Second));
                case JsonValueKind.Number:
                    return observed.ValueKind == JsonValueKind.Number && SameNumber(expected, observed);
                case JsonValueKind.String:
                    return observed.ValueKind == JsonValueKind.String && expected.GetString() == observed.GetString();
                case JsonValueKind.Undefined:
                    return true;
                default:
                    return expected.ValueKind == observed.ValueKind
                        || (expected.ValueKind == JsonValueKind.Null && observed.ValueKind == JsonValueKind.Undefined);
            }
        }

        private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    return true;
                }
            }

            value = default;
            return false;
        }

        private static bool SameNumber(JsonElement a, JsonElement b)
            => a.TryGetDecimal(out var x) && b.TryGetDecimal(out var y) ? x == y : a.GetDouble().Equals(b.GetDouble());

        /// <summary>A value printed on one line as compact JSON, for reports.</summary>
        public static string Print(object? value)
        {
            var json = ToJson(value);
            return json.ValueKind == JsonValueKind.Undefined ? "(nothing)" : json.GetRawText() is var text && text.Length <= 200
                ? text
                : text[..197] + "...";
        }

        /// <summary>A value of a scenario file read as the C# type a flow expects, with the host's JSON rules.</summary>
        public static T Convert<T>(JsonElement value)
        {
            if (typeof(T) == typeof(JsonElement))
            {
                return (T)(object)value;
            }

            if (typeof(T) == typeof(object))
            {
                return (T)(object)value.Clone();
            }

            return value.Deserialize<T>(Web)!;
        }

        /// <summary>A value given in C# as the type a flow expects: as it is when it has that type, else through JSON.</summary>
        public static T Convert<T>(object? value)
            => value switch
            {
                T typed => typed,
                null => default!,
                JsonElement element => Convert<T>(element),
                _ => Convert<T>(ToJson(value)),
            };

        /// <summary>A duration written as ISO 8601 (<c>PT1H30M</c>, <c>P2D</c>) or as .NET writes one (<c>01:30:00</c>).</summary>
        public static TimeSpan Duration(string text)
        {
            if (text.StartsWith('P') || text.StartsWith("-P", StringComparison.Ordinal))
            {
                return System.Xml.XmlConvert.ToTimeSpan(text);
            }

            return TimeSpan.Parse(text, CultureInfo.InvariantCulture);
        }
    }
}
