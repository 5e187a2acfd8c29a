using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.CSharp;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Automations.Compiled.CodeFixes
{
    /// <summary>
    /// AUTO2002 in C#: a goto on a slot that already has a successor (nested steps, or a following sibling for the
    /// <c>next</c> slot) is removed. The reported span is the goto's target argument; its <c>[Goto(...)]</c> attribute
    /// goes, with its comma when the list holds other attributes, or the whole list (and its line) when it held only that.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveGotoCodeFix))]
    [Shared]
    public sealed class RemoveGotoCodeFix : CodeFixProvider
    {
        private const string Title = "Remove the goto";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("AUTO2002");

        /// <inheritdoc />
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                var attribute = root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<AttributeSyntax>();
                if (attribute is null || model?.GetSymbolInfo(attribute, context.CancellationToken).Symbol?.ContainingType is not { } type
                    || type.ToDisplayString() != KnownNames.GotoAttribute)
                {
                    continue;
                }

                context.RegisterCodeFix(CodeAction.Create(Title, token => RemoveAsync(context.Document, attribute, token), nameof(RemoveGotoCodeFix)), diagnostic);
            }
        }

        private static async Task<Document> RemoveAsync(Document document, AttributeSyntax attribute, CancellationToken cancellationToken)
        {
            var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            return document.WithText(text.WithChanges(new TextChange(RemovalOf(text, attribute), "")));
        }

        private static TextSpan RemovalOf(SourceText text, AttributeSyntax attribute)
        {
            var list = (AttributeListSyntax)attribute.Parent!;
            var attributes = list.Attributes;
            if (attributes.Count > 1)
            {
                // "[Action(1), Goto(x)]" → "[Action(1)]": the comma before it, or after it when it comes first.
                var index = attributes.IndexOf(attribute);
                return index == 0
                    ? TextSpan.FromBounds(attribute.SpanStart, attributes[1].SpanStart)
                    : TextSpan.FromBounds(attributes[index - 1].Span.End, attribute.Span.End);
            }

            // The whole list: its line when it stands alone there, else the list and the spaces that part it from its neighbours.
            var span = list.Span;
            var line = text.Lines.GetLineFromPosition(span.Start);
            var lastLine = text.Lines.GetLineFromPosition(span.End);
            var start = SkipBack(text, span.Start, line.Start);
            var end = Skip(text, span.End, lastLine.End);
            if (start == line.Start && end == lastLine.End)
            {
                return TextSpan.FromBounds(line.Start, lastLine.EndIncludingLineBreak);
            }

            return end == lastLine.End ? TextSpan.FromBounds(start, span.End) : TextSpan.FromBounds(span.Start, end);
        }

        private static int Skip(SourceText text, int position, int limit)
        {
            while (position < limit && text[position] is ' ' or '\t')
            {
                position++;
            }

            return position;
        }

        private static int SkipBack(SourceText text, int position, int limit)
        {
            while (position > limit && text[position - 1] is ' ' or '\t')
            {
                position--;
            }

            return position;
        }
    }
}
