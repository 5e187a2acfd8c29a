using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Analyzers;
using Automations.Compiled.CSharp;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace Automations.Compiled.CodeFixes
{
    /// <summary>
    /// AUTO0007 on an async step method whose awaitable cannot carry what the step needs. The C# front end reports
    /// these at the return type and says which type to write (<see cref="Descriptors.FixProperty"/>); this fix writes
    /// it, simplified and with a <c>using</c> added when needed:
    /// <list type="bullet">
    /// <item><c>async void</c> on an action, a subflow or a compensation → <c>async ValueTask</c>;</item>
    /// <item><c>async void</c>, <c>async Task</c> or <c>async ValueTask</c> on a step that must produce a value of a known
    /// type (condition: <c>bool</c>; wait, approval: <c>WaitSpec</c>; query: <c>RecordQuery</c>; update:
    /// <c>RecordChange</c>; delete: <c>string</c>; set: the variable's declared type) → <c>Task&lt;T&gt;</c> or
    /// <c>ValueTask&lt;T&gt;</c>, keeping the awaitable that was written.</item>
    /// </list>
    /// Other AUTO0007 shapes carry no fix: what to write there is the author's choice.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseAwaitableReturnTypeCodeFix))]
    [Shared]
    public sealed class UseAwaitableReturnTypeCodeFix : CodeFixProvider
    {
        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("AUTO0007");

        /// <inheritdoc />
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(Descriptors.FixProperty, out var returnType) || string.IsNullOrEmpty(returnType))
                {
                    continue;
                }

                var span = diagnostic.Location.SourceSpan;
                var method = root?.FindNode(span).FirstAncestorOrSelf<MethodDeclarationSyntax>();
                if (method is null || method.ReturnType.Span != span || !method.Modifiers.Any(SyntaxKind.AsyncKeyword))
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Return '{CSharpFlowReader.ShortName(returnType!)}'",
                        token => ReplaceAsync(context.Document, method.ReturnType, returnType!, token),
                        nameof(UseAwaitableReturnTypeCodeFix)),
                    diagnostic);
            }
        }

        private static async Task<Document> ReplaceAsync(Document document, TypeSyntax written, string returnType, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            // Written fully qualified; the code action's clean-up shortens it and adds 'using System.Threading.Tasks;' if missing.
            var replacement = SyntaxFactory.ParseTypeName(returnType)
                .WithTriviaFrom(written)
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
            var changed = document.WithSyntaxRoot(root.ReplaceNode(written, replacement));
            return await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
