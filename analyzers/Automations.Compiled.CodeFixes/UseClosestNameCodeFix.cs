using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Analyzers;
using Automations.Compiled.CSharp;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Automations.Compiled.CodeFixes
{
    /// <summary>
    /// AUTO2001 (goto target missing) and AUTO2005 (run target missing) in C#: puts the closest existing step in place
    /// of the attribute argument the front end reported. A string literal becomes the closest step id; <c>nameof(X)</c>
    /// becomes <c>nameof(Method)</c> of the step with that id (or of a member with that name), else the id as a string.
    /// AUTO6003 (a lifecycle action names an undeclared state): the <c>From</c>, <c>Transit</c>, <c>To</c> or
    /// <c>Error</c> string becomes the closest declared state.
    /// Offered only when the diagnostic carries a closest name (<see cref="Descriptors.FixProperty"/>).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseClosestNameCodeFix))]
    [Shared]
    public sealed class UseClosestNameCodeFix : CodeFixProvider
    {
        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("AUTO2001", "AUTO2005", "AUTO6003");

        /// <inheritdoc />
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(Descriptors.FixProperty, out var closest) || string.IsNullOrEmpty(closest))
                {
                    continue;
                }

                // The front end reports the argument expression of [Goto(...)], [Run(n, ...)] or [LifecycleAction(..., To = ...)].
                var span = diagnostic.Location.SourceSpan;
                var expression = root?.FindNode(span).FirstAncestorOrSelf<AttributeArgumentSyntax>()?.Expression;
                if (expression is null || expression.Span != span || !(IsStringLiteral(expression) || IsNameof(expression)))
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create($"Use '{closest}'", token => ReplaceAsync(context.Document, expression, closest!, token), nameof(UseClosestNameCodeFix)),
                    diagnostic);
            }
        }

        private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax expression, string closest, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            ExpressionSyntax replacement = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(closest));
            if (IsNameof(expression) && await MemberNamedAsync(document, expression, closest, cancellationToken).ConfigureAwait(false) is { } member)
            {
                replacement = SyntaxFactory.ParseExpression($"nameof({member})");
            }

            return document.WithSyntaxRoot(root.ReplaceNode(expression, replacement.WithTriviaFrom(expression)));
        }

        /// <summary>The flow class's method whose step id is <paramref name="stepId"/>, or a member of that very name.</summary>
        private static async Task<string?> MemberNamedAsync(Document document, SyntaxNode node, string stepId, CancellationToken cancellationToken)
        {
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var declaration = node.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (model is null || declaration is null || model.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol flow)
            {
                return null;
            }

            var step = flow.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(m => CSharpFlowReader.StepIdOf(m) == stepId);
            return step?.Name ?? (flow.GetMembers(stepId).IsEmpty ? null : stepId);
        }

        private static bool IsStringLiteral(ExpressionSyntax expression) => expression.IsKind(SyntaxKind.StringLiteralExpression);

        private static bool IsNameof(ExpressionSyntax expression)
            => expression is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" }, ArgumentList.Arguments.Count: 1 };
    }
}
