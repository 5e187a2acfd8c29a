using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace Automations.Compiled.CodeFixes.Json
{
    /// <summary>
    /// What the fixes of <c>*.flow.json</c> and <c>*.lifecycle.json</c> files share: reading the file with the front
    /// end's own JSON reader (so spans agree with the diagnostics), small text edits that keep the JSON valid, and a code
    /// action that changes the additional document.
    /// </summary>
    internal static class FlowFileEdit
    {
        /// <summary>
        /// The text and JSON tree of a flow or lifecycle file, or null when the document is neither or does not read as JSON.
        /// </summary>
        public static async Task<(SourceText Text, JsonNode Root)?> ReadAsync(TextDocument document, CancellationToken cancellationToken)
        {
            var path = document.FilePath ?? document.Name;
            if (!JsonFlowCompiler.IsFlowFile(path) && !LifecycleJsonReader.IsLifecycleFile(path))
            {
                return null;
            }

            var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            var (root, error) = JsonReader.Read(text.ToString());
            return error is null && root is not null ? (text, root) : null;
        }

        /// <summary>
        /// Registers a fix that applies <paramref name="change"/> to the flow file, unless the result would no longer
        /// read as JSON (then there is no obvious fix to offer).
        /// </summary>
        public static void Register(CodeFixContext context, Diagnostic diagnostic, string title, string equivalenceKey, SourceText text, TextChange change)
        {
            var changed = text.WithChanges(change);
            if (JsonReader.Read(changed.ToString()).Error is not null)
            {
                return;
            }

            var document = context.TextDocument;
            context.RegisterCodeFix(
                CodeAction.Create(title, _ => Task.FromResult(document.Project.Solution.WithAdditionalDocumentText(document.Id, changed)), equivalenceKey),
                diagnostic);
        }

        /// <summary>The chain of properties from the root down to the node whose span is <paramref name="span"/>, or null.</summary>
        public static List<(JsonObject Owner, JsonProperty Property)>? PathTo(JsonNode root, TextSpan span)
        {
            var path = new List<(JsonObject, JsonProperty)>();
            return Find(root, span, path) ? path : null;
        }

        private static bool Find(JsonNode node, TextSpan span, List<(JsonObject, JsonProperty)> path)
        {
            if (node.Span.Start == span.Start && node.Span.End == span.End)
            {
                return true;
            }

            if (node.Span.Start > span.Start || node.Span.End < span.End)
            {
                return false;
            }

            switch (node)
            {
                case JsonObject obj:
                    foreach (var property in obj.Properties)
                    {
                        path.Add((obj, property));
                        if ((property.NameSpan.Start == span.Start && property.NameSpan.End == span.End) || Find(property.Value, span, path))
                        {
                            return true;
                        }

                        path.RemoveAt(path.Count - 1);
                    }

                    return false;
                case JsonArray array:
                    foreach (var item in array.Items)
                    {
                        if (Find(item, span, path))
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }

        /// <summary>Whether <paramref name="node"/> is a <typeparamref name="T"/> read from exactly <paramref name="span"/>.</summary>
        public static bool Is<T>(JsonNode node, TextSpan span)
            where T : JsonNode
            => node is T && node.Span.Start == span.Start && node.Span.End == span.End;

        /// <summary>
        /// The text to delete to remove <paramref name="property"/> from <paramref name="owner"/> with its comma: the comma
        /// after it, or the one before it when it is the last property; a line that would be left blank goes too.
        /// </summary>
        public static TextSpan RemovalOf(SourceText text, JsonObject owner, JsonProperty property)
        {
            var start = property.NameSpan.Start;
            var end = property.Value.Span.End;
            var after = SkipSpaces(text, end);
            if (after < text.Length && text[after] == ',')
            {
                end = after + 1;
            }
            else
            {
                var index = IndexOf(owner, property);
                if (index > 0)
                {
                    // The last property: the comma that separated it from the one before goes with it.
                    var comma = SkipSpaces(text, owner.Properties[index - 1].Value.Span.End);
                    if (comma < start && text[comma] == ',')
                    {
                        return TextSpan.FromBounds(comma, end);
                    }
                }
            }

            return WholeLines(text, TextSpan.FromBounds(start, end));
        }

        /// <summary>A JSON string literal holding <paramref name="value"/>.</summary>
        public static string Quote(string value)
        {
            var builder = new StringBuilder(value.Length + 2).Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"':
                        builder.Append("\\\"");
                        break;
                    case '\\':
                        builder.Append("\\\\");
                        break;
                    case < ' ':
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        break;
                    default:
                        builder.Append(c);
                        break;
                }
            }

            return builder.Append('"').ToString();
        }

        /// <summary>The line break of the line holding <paramref name="position"/> (<c>\n</c> when it has none).</summary>
        public static string LineBreakAt(SourceText text, int position)
        {
            var line = text.Lines.GetLineFromPosition(position);
            return line.EndIncludingLineBreak > line.End ? text.ToString(TextSpan.FromBounds(line.End, line.EndIncludingLineBreak)) : "\n";
        }

        /// <summary>The spaces and tabs that start the line holding <paramref name="position"/>.</summary>
        public static string IndentationAt(SourceText text, int position)
        {
            var start = text.Lines.GetLineFromPosition(position).Start;
            var end = start;
            while (end < text.Length && text[end] is ' ' or '\t')
            {
                end++;
            }

            return text.ToString(TextSpan.FromBounds(start, end));
        }

        /// <summary>Extends <paramref name="span"/> to whole lines when nothing else but spaces shares its lines.</summary>
        private static TextSpan WholeLines(SourceText text, TextSpan span)
        {
            var first = text.Lines.GetLineFromPosition(span.Start);
            var last = text.Lines.GetLineFromPosition(span.End);
            return IsBlank(text, first.Start, span.Start) && IsBlank(text, span.End, last.End)
                ? TextSpan.FromBounds(first.Start, last.EndIncludingLineBreak)
                : span;
        }

        private static bool IsBlank(SourceText text, int start, int end)
        {
            for (var i = start; i < end; i++)
            {
                if (text[i] is not (' ' or '\t'))
                {
                    return false;
                }
            }

            return true;
        }

        private static int SkipSpaces(SourceText text, int position)
        {
            while (position < text.Length && text[position] is ' ' or '\t' or '\r' or '\n')
            {
                position++;
            }

            return position;
        }

        private static int IndexOf(JsonObject owner, JsonProperty property)
        {
            for (var i = 0; i < owner.Properties.Count; i++)
            {
                if (ReferenceEquals(owner.Properties[i], property))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
