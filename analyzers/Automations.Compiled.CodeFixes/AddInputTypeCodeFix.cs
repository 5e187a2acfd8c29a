using System.Collections.Immutable;
using System.Composition;
using Automations.Compiled.CodeFixes.Json;
using Automations.Compiled.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace Automations.Compiled.CodeFixes
{
    /// <summary>
    /// AUTO5004 in a <c>*.flow.json</c> file: an input without a type gets <c>string</c>. <c>"name": null</c> becomes
    /// <c>"name": "string"</c>; an object without <c>"type"</c> gets <c>"type": "string"</c> as its first property, on
    /// its own line when the object spans lines. The reported span is the input's name.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, DocumentKinds = new[] { nameof(TextDocumentKind.AdditionalDocument) }, Name = nameof(AddInputTypeCodeFix))]
    [Shared]
    public sealed class AddInputTypeCodeFix : JsonFlowCodeFix
    {
        private const string Type = "\"type\": \"string\"";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("AUTO5004");

        /// <inheritdoc />
        private protected override (string Title, TextChange Change)? Fix(SourceText text, JsonNode root, Diagnostic diagnostic)
        {
            var path = FlowFileEdit.PathTo(root, diagnostic.Location.SourceSpan);
            if (path is not { Count: 2 } || path[0].Property.Name != "inputs" || Change(text, path[1].Property.Value) is not { } change)
            {
                return null;
            }

            return ($"Make input '{path[1].Property.Name}' a string", change);
        }

        private static TextChange? Change(SourceText text, JsonNode value)
        {
            switch (value)
            {
                case JsonNull:
                    return new TextChange(Span(value), "\"string\"");
                case JsonObject { Properties.Count: 0 }:
                    return new TextChange(Span(value), "{ " + Type + " }");
                case JsonObject declaration when declaration.Find("type") is null:
                    // Before the first property, parted from it as that property is parted from '{'.
                    var first = declaration.Properties[0].NameSpan.Start;
                    var between = text.ToString(TextSpan.FromBounds(declaration.Span.Start + 1, first));
                    var separator = between.IndexOf('\n') >= 0
                        ? FlowFileEdit.LineBreakAt(text, declaration.Span.Start) + FlowFileEdit.IndentationAt(text, first)
                        : " ";
                    return new TextChange(new TextSpan(first, 0), Type + "," + separator);
                default:
                    return null;
            }
        }

        private static TextSpan Span(JsonNode node) => TextSpan.FromBounds(node.Span.Start, node.Span.End);
    }
}
