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
    /// AUTO2002 in a <c>*.flow.json</c> file: a goto (<c>"next": {"goto": "id"}</c> under a step's <c>endpoints</c>) on a
    /// slot that already has a successor is removed, with its comma; when it was the only endpoint, the whole
    /// <c>"endpoints"</c> property goes. The reported span is the goto's target string.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, DocumentKinds = new[] { nameof(TextDocumentKind.AdditionalDocument) }, Name = nameof(RemoveGotoInJsonCodeFix))]
    [Shared]
    public sealed class RemoveGotoInJsonCodeFix : JsonFlowCodeFix
    {
        private const string Title = "Remove the goto";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("AUTO2002");

        /// <inheritdoc />
        private protected override (string Title, TextChange Change)? Fix(SourceText text, JsonNode root, Diagnostic diagnostic)
        {
            // ... "endpoints": {..., "next": {"goto": "<span>"}} : the last three properties on the way down.
            var path = FlowFileEdit.PathTo(root, diagnostic.Location.SourceSpan);
            if (path is not { Count: >= 3 } || path[path.Count - 1].Property.Name != "goto"
                || path[path.Count - 3].Property.Name != "endpoints" || !FlowFileEdit.Is<JsonString>(path[path.Count - 1].Property.Value, diagnostic.Location.SourceSpan))
            {
                return null;
            }

            var (endpoints, slot) = path[path.Count - 2];
            var (removedFrom, removed) = endpoints.Properties.Count == 1 ? path[path.Count - 3] : (endpoints, slot);
            return (Title, new TextChange(FlowFileEdit.RemovalOf(text, removedFrom, removed), ""));
        }
    }
}
