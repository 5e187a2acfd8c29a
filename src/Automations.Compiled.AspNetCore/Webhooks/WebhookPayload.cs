using System;
using System.IO;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Automations.Compiled.AspNetCore.Webhooks
{
    /// <summary>What a call carries as <c>trigger.payload</c>: a POST's JSON body, a GET's query string as an object.</summary>
    internal static class WebhookPayload
    {
        /// <summary>The body as JSON; null for an empty body. A <see cref="JsonException"/> says where it is not JSON.</summary>
        public static JsonElement? FromBody(byte[] body)
        {
            if (body.Length == 0)
            {
                return null;
            }

            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }

        /// <summary>The query as an object of strings; a name given more than once is an array of its values, in order.</summary>
        public static JsonElement FromQuery(IQueryCollection query)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                foreach (var (name, values) in query)
                {
                    if (values.Count == 1)
                    {
                        writer.WriteString(name, values[0]);
                        continue;
                    }

                    writer.WriteStartArray(name);
                    foreach (var value in values)
                    {
                        writer.WriteStringValue(value);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            using var document = JsonDocument.Parse(buffer.ToArray());
            return document.RootElement.Clone();
        }

        /// <summary>Where the body stops being JSON, for the 400: "line 2, position 5: ...", counted from 1.</summary>
        public static string Describe(JsonException error, out long? line, out long? position)
        {
            line = error.LineNumber + 1;
            position = error.BytePositionInLine + 1;
            var message = error.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            message = cut > 0 ? message.Substring(0, cut) : message;
            return line is null
                ? $"The body is not JSON: {message}"
                : $"The body is not JSON at line {line}, position {position}: {message}";
        }
    }
}
