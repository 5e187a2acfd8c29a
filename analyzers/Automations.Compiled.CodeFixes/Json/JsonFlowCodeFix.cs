using System.Threading.Tasks;
using Automations.Compiled.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace Automations.Compiled.CodeFixes.Json
{
    /// <summary>
    /// A code fix in a <c>*.flow.json</c> or <c>*.lifecycle.json</c> additional document: the file is read and parsed
    /// once, and each diagnostic that <see cref="Fix"/> can mend gets one text change.
    /// </summary>
    public abstract class JsonFlowCodeFix : CodeFixProvider
    {
        /// <summary>None: Roslyn's batch fixer does not merge changes to additional documents yet (dotnet/roslyn#77016).</summary>
        public sealed override FixAllProvider? GetFixAllProvider() => null;

        /// <inheritdoc />
        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            if (await FlowFileEdit.ReadAsync(context.TextDocument, context.CancellationToken).ConfigureAwait(false) is not { } file)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (Fix(file.Text, file.Root, diagnostic) is { } fix)
                {
                    FlowFileEdit.Register(context, diagnostic, fix.Title, GetType().Name, file.Text, fix.Change);
                }
            }
        }

        /// <summary>The fix for <paramref name="diagnostic"/> in the file, or null when it cannot be mended here.</summary>
        private protected abstract (string Title, TextChange Change)? Fix(SourceText text, JsonNode root, Diagnostic diagnostic);
    }
}
