using System;
using System.Text.Json;

namespace Automations.Compiled.Cli
{
    /// <summary>An option value that is JSON, written inline or as <c>@file</c>.</summary>
    internal static class JsonArgument
    {
        /// <summary>The parsed value, or null when the option was not given; a mistake is a <see cref="UsageException"/> saying where.</summary>
        public static JsonElement? Parse(string? value, string option)
        {
            if (value is null)
            {
                return null;
            }

            var text = value;
            var source = option;
            if (value.StartsWith('@'))
            {
                var file = value.Substring(1);
                text = InputFile.ReadText(file, $"{option}: the file");
                source = file;
            }

            try
            {
                using var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
                RequireUnicode(document.RootElement, source);
                return document.RootElement.Clone();
            }
            catch (JsonException error)
            {
                var where = error.LineNumber is { } line ? $"({line + 1},{(error.BytePositionInLine ?? 0) + 1})" : "";
                throw new UsageException($"{source}{where}: not valid JSON: {FirstSentence(error.Message)}");
            }
        }

        /// <summary>
        /// JSON may escape half of a surrogate pair ("\ud800"), which no .NET string can hold: every reader of the value would
        /// throw, so such text is refused here, as JSON that is not Unicode.
        /// </summary>
        private static void RequireUnicode(JsonElement element, string source)
        {
            try
            {
                switch (element.ValueKind)
                {
                    case JsonValueKind.String:
                        _ = element.GetString();
                        break;
                    case JsonValueKind.Array:
                        foreach (var item in element.EnumerateArray())
                        {
                            RequireUnicode(item, source);
                        }

                        break;
                    case JsonValueKind.Object:
                        foreach (var property in element.EnumerateObject())
                        {
                            _ = property.Name;
                            RequireUnicode(property.Value, source);
                        }

                        break;
                }
            }
            catch (InvalidOperationException)
            {
                throw new UsageException($"{source}: not valid JSON: a string escapes half of a surrogate pair (such as \\ud800), which is not Unicode text.");
            }
        }

        private static string FirstSentence(string message)
        {
            var end = message.IndexOf(" LineNumber", StringComparison.Ordinal);
            return (end > 0 ? message.Substring(0, end) : message).TrimEnd();
        }
    }
}
