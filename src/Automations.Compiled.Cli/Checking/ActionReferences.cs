using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Automations.Compiled.Cli.Checking
{
    /// <summary>The actions a flow file names (steps and compensations), with the inputs it gives each.</summary>
    internal static class ActionReferences
    {
        private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

        /// <summary>Action name → input names; empty when the text is not JSON (the flow compiler reports that).</summary>
        public static IReadOnlyDictionary<string, HashSet<string>> In(string text)
        {
            var found = new SortedDictionary<string, HashSet<string>>(StringComparer.Ordinal);
            try
            {
                using var document = JsonDocument.Parse(text, Lenient);
                Walk(document.RootElement, found);
            }
            catch (JsonException)
            {
            }

            return found;
        }

        private static void Walk(JsonElement element, SortedDictionary<string, HashSet<string>> found)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    if (element.TryGetProperty("action", out var name) && name.ValueKind == JsonValueKind.String)
                    {
                        if (!found.TryGetValue(name.GetString()!, out var inputs))
                        {
                            found[name.GetString()!] = inputs = new HashSet<string>(StringComparer.Ordinal);
                        }

                        if (element.TryGetProperty("inputs", out var given) && given.ValueKind == JsonValueKind.Object)
                        {
                            foreach (var input in given.EnumerateObject())
                            {
                                inputs.Add(input.Name);
                            }
                        }
                    }

                    foreach (var property in element.EnumerateObject())
                    {
                        Walk(property.Value, found);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Walk(item, found);
                    }

                    break;
            }
        }
    }
}
