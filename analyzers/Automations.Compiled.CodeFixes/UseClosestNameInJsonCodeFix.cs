using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
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
    /// <c>*.flow.json</c> file: replaces the reported JSON string with the closest existing name, quoted. Offered only
    /// when the diagnostic carries one (<see cref="Descriptors.FixProperty"/>). Flow files are additional documents, so
    /// the fix is exported for that document kind and changes the solution's additional document text.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, DocumentKinds = new[] { nameof(TextDocumentKind.AdditionalDocument) }, Name = nameof(UseClosestNameInJsonCodeFix))]
    [Shared]
    public sealed class UseClosestNameInJsonCodeFix : CodeFixProvider
    {
        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("AUTO2001", "AUTO2005", "AUTO1101");

        /// <summary>None: Roslyn's batch fixer does not merge changes to additional documents yet (dotnet/roslyn#77016).</summary>
        public override FixAllProvider? GetFixAllProvider() => null;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            if (await FlowFileEdit.ReadAsync(context.TextDocument, context.CancellationToken).ConfigureAwait(false) is not { } file)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                // The front end reports the JSON string that names the missing step or action, quotes included.
                var span = diagnostic.Location.SourceSpan;
                if (diagnostic.Properties.TryGetValue(Descriptors.FixProperty, out var closest) && !string.IsNullOrEmpty(closest)
                    && FlowFileEdit.PathTo(file.Root, span) is { Count: > 0 } path && FlowFileEdit.Is<JsonString>(path[path.Count - 1].Property.Value, span))
                {
                    FlowFileEdit.Register(context, diagnostic, $"Use '{closest}'", nameof(UseClosestNameInJsonCodeFix), file.Text, new TextChange(span, FlowFileEdit.Quote(closest!)));
                }
            }
        }
    }
}
