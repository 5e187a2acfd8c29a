using System.Collections.Immutable;
using System.Composition;
using Automations.Compiled.Analyzers;
using Automations.Compiled.CodeFixes.Json;
using Automations.Compiled.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace Automations.Compiled.CodeFixes
{
    /// <summary>
    /// AUTO2001 (goto target missing), AUTO2005 (run target missing) and AUTO1101 (unknown action) in a
    /// <c>*.flow.json</c> file, and AUTO6003 (undeclared state), AUTO6008 (unknown flow id) and AUTO6011 (unknown entity
    /// type) in a <c>*.lifecycle.json</c> file: replaces the reported JSON string with the closest existing name, quoted.
    /// Offered only when the diagnostic carries one (<see cref="Descriptors.FixProperty"/>). These files are additional
    /// documents, so the fix is exported for that document kind and changes the solution's additional document text.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, DocumentKinds = new[] { nameof(TextDocumentKind.AdditionalDocument) }, Name = nameof(UseClosestNameInJsonCodeFix))]
    [Shared]
    public sealed class UseClosestNameInJsonCodeFix : JsonFlowCodeFix
    {
        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("AUTO2001", "AUTO2005", "AUTO1101", "AUTO6003", "AUTO6008", "AUTO6011");

        /// <inheritdoc />
        private protected override (string Title, TextChange Change)? Fix(SourceText text, JsonNode root, Diagnostic diagnostic)
        {
            // The front end reports the JSON string that names the missing step, action, state, flow or type, quotes included.
            var span = diagnostic.Location.SourceSpan;
            if (diagnostic.Properties.TryGetValue(Descriptors.FixProperty, out var closest) && !string.IsNullOrEmpty(closest)
                && FlowFileEdit.PathTo(root, span) is { Count: > 0 } path && FlowFileEdit.Is<JsonString>(path[path.Count - 1].Property.Value, span))
            {
                return ($"Use '{closest}'", new TextChange(span, FlowFileEdit.Quote(closest!)));
            }

            return null;
        }
    }
}
