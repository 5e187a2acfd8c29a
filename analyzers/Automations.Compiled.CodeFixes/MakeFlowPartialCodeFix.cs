using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Automations.Compiled.CodeFixes
{
    /// <summary>AUTO0001: adds <c>partial</c> to a flow class and to the classes that contain it.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeFlowPartialCodeFix))]
    [Shared]
    public sealed class MakeFlowPartialCodeFix : CodeFixProvider
    {
        private const string Title = "Make the flow class partial";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("AUTO0001");

        /// <inheritdoc />
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var declaration = root?.FindToken(context.Span.Start).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();
            if (declaration is null)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, token => MakePartialAsync(context.Document, declaration, token), equivalenceKey: Title),
                context.Diagnostics);
        }

        private static async Task<Document> MakePartialAsync(Document document, TypeDeclarationSyntax declaration, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var types = declaration.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword));
            var updated = root.ReplaceNodes(types, (original, rewritten) => AddPartial(rewritten));
            return document.WithSyntaxRoot(updated);
        }

        private static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax type)
        {
            // 'partial' goes last among the modifiers, right before the keyword (C# requires that order).
            var partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            if (type.Modifiers.Count == 0)
            {
                return type
                    .WithModifiers(SyntaxFactory.TokenList(partial.WithLeadingTrivia(type.Keyword.LeadingTrivia)))
                    .WithKeyword(type.Keyword.WithLeadingTrivia());
            }

            return type.WithModifiers(type.Modifiers.Add(partial));
        }
    }
}
