using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Automations.Compiled.Analyzers
{
    /// <summary>
    /// AUTO8001: the C# snippet of a JSON flow's code step uses a namespace or type the project does not allow (files,
    /// network, processes, reflection, native interop, the registry, threads). Snippets are compiled into the generated flow
    /// class with <c>#line</c> directives pointing at the flow file, so the diagnostic lands on the JSON string. The
    /// MSBuild property <c>AutomationsCodeStepAllow</c> (<c>System.IO;System.Net.Http</c>) allows names again.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CodeStepNamespaceAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>The MSBuild property listing what code steps may use besides the default set.</summary>
        public const string AllowProperty = "AutomationsCodeStepAllow";

        /// <summary>What a code step may not use unless allowed: a namespace (and those below it) or a type (and its members).</summary>
        internal static readonly ImmutableArray<string> Restricted = ImmutableArray.Create(
            "System.IO",
            "System.Net",
            "System.Diagnostics.Process",
            "System.Reflection",
            "System.Runtime.InteropServices",
            "Microsoft.Win32",
            "System.Threading.Thread");

        /// <summary>The prefix of the methods the JSON front end writes for code steps (JsonFlowBinder.Code.cs).</summary>
        private const string MethodPrefix = "__code";

        internal static readonly DiagnosticDescriptor NamespaceNotAllowed = new(
            "AUTO8001",
            "A code step uses a namespace its project does not allow",
            "A code step uses '{0}' from {1}, which code steps may not use unless the project allows it; do this work in a [FlowAction] method, or allow it with <{2}>{1}</{2}> in the project file",
            "Automations.CodeSteps",
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: Validation.DiagnosticCatalog.HelpLinkBase + "AUTO8001.md");

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(NamespaceNotAllowed);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            // The snippets live in generated code: that is exactly what this analyzer reads.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var flowDefinition = start.Compilation.GetTypeByMetadataName("Automations.Compiled.IFlowDefinition");
                if (flowDefinition is null)
                {
                    return; // the package is not referenced
                }

                start.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property." + AllowProperty, out var allowText);
                var allowed = (allowText ?? "").Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(a => a.Trim()).Where(a => a.Length > 0).ToImmutableArray();
                start.RegisterSyntaxNodeAction(node => AnalyzeMethod(node, flowDefinition, allowed), SyntaxKind.MethodDeclaration);
            });
        }

        private static void AnalyzeMethod(SyntaxNodeAnalysisContext context, INamedTypeSymbol flowDefinition, ImmutableArray<string> allowed)
        {
            var method = (MethodDeclarationSyntax)context.Node;
            if (!method.Identifier.ValueText.StartsWith(MethodPrefix, StringComparison.Ordinal) || method.Body is null
                || context.SemanticModel.GetDeclaredSymbol(method, context.CancellationToken) is not { DeclaredAccessibility: Accessibility.Private } symbol
                || !symbol.ContainingType.AllInterfaces.Contains(flowDefinition, SymbolEqualityComparer.Default))
            {
                return;
            }

            foreach (var name in method.Body.DescendantNodes().OfType<SimpleNameSyntax>())
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (RestrictedBy(name, context, allowed) is not { } restriction)
                {
                    continue;
                }

                // One report per use: System.IO.File.ReadAllText is reported at File, not again at ReadAllText.
                var left = name.Parent switch
                {
                    MemberAccessExpressionSyntax access when access.Name == name => access.Expression,
                    QualifiedNameSyntax qualified when qualified.Right == name => qualified.Left,
                    _ => null,
                };
                if (left is not null && RestrictedBy(left, context, allowed) is not null)
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(NamespaceNotAllowed, name.GetLocation(), name.Identifier.ValueText, restriction.Entry, AllowProperty));
            }
        }

        private static (string Entry, string Name)? RestrictedBy(SyntaxNode node, SyntaxNodeAnalysisContext context, ImmutableArray<string> allowed)
        {
            var info = context.SemanticModel.GetSymbolInfo(node, context.CancellationToken);
            var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
            var name = symbol is null ? null : QualifiedName(symbol);
            if (name is null)
            {
                return null;
            }

            var entry = Restricted.FirstOrDefault(r => Covers(r, name));
            return entry is null || allowed.Any(a => Covers(a, name)) ? null : (entry, name);
        }

        private static bool Covers(string entry, string name)
            => name.Length >= entry.Length && name.StartsWith(entry, StringComparison.Ordinal) && (name.Length == entry.Length || name[entry.Length] == '.');

        /// <summary>The dotted name a namespace, type or member is matched by; null for locals, parameters and the like.</summary>
        private static string? QualifiedName(ISymbol symbol)
        {
            switch (symbol)
            {
                case INamespaceSymbol:
                    // A namespace is only a prefix (System.Net in System.Net.Http.HttpClient): the type or member it leads to is judged.
                    return null;
                case ITypeSymbol type:
                    if (type is IArrayTypeSymbol array)
                    {
                        return QualifiedName(array.ElementType);
                    }

                    if (type.ContainingType is { } outer)
                    {
                        return QualifiedName(outer) + "." + type.Name;
                    }

                    return type.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString() + "." + type.Name : type.Name;
                case IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol:
                    var owner = (symbol as IMethodSymbol)?.ReducedFrom?.ContainingType ?? symbol.ContainingType;
                    return owner is null ? null : QualifiedName(owner) + "." + symbol.Name;
                default:
                    return null;
            }
        }
    }
}
