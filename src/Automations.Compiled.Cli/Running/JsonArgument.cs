using System.IO;
using System.Text.Json;

namespace Automations.Compiled.Cli.Running
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
                if (!File.Exists(file))
                {
                    throw new UsageException($"{option}: the file '{file}' does not exist.");
                }

                text = File.ReadAllText(file);
                source = file;
            }

            try
            {
                using var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
                return document.RootElement.Clone();
            }
            catch (JsonException error)
            {
                var where = error.LineNumber is { } line ? $"({line + 1},{(error.BytePositionInLine ?? 0) + 1})" : "";
                throw new UsageException($"{source}{where}: not valid JSON: {FirstSentence(error.Message)}");
            }
        }

        private static string FirstSentence(string message)
        {
            var end = message.IndexOf(" LineNumber", System.StringComparison.Ordinal);
            return (end > 0 ? message.Substring(0, end) : message).TrimEnd();
        }
    }
}
