using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Automations.Compiled.CSharp;
using Automations.Compiled.Json;
using Automations.Compiled.Model;
using Automations.Compiled.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Automations.Compiled.Analyzers
{
    /// <summary>
    /// Reports every rule of the shared validator on C# and JSON flows, at the narrowest span the front end knows,
    /// plus duplicate (id, version) pairs across the compilation; lifecycle templates in FlowAnalyzer.Lifecycles.cs.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed partial class FlowAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = Descriptors.All;

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var flowAttribute = start.Compilation.GetTypeByMetadataName(KnownNames.FlowAttribute);
                if (flowAttribute is null)
                {
                    return; // the package is not referenced
                }

                var flows = new ConcurrentBag<(string Id, int Version, Location Location, FlowModel Model)>();
                start.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, flowAttribute, flows), SymbolKind.NamedType);

                // JSON flows: the same front end and validator as the generator, bound to the project's actions.
                var compilation = start.Compilation;
                var catalog = new Lazy<ActionCatalog>(() => ReadActions(compilation, start.CancellationToken), isThreadSafe: true);
                var additionalFiles = start.Options.AdditionalFiles;
                var policies = new Lazy<IReadOnlyList<ActionPolicyFile>>(() => ReadPolicies(additionalFiles, start.CancellationToken), isThreadSafe: true);
                start.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property.RootNamespace", out var rootNamespace);
                start.RegisterAdditionalFileAction(fileContext => AnalyzeJson(fileContext, catalog, policies, rootNamespace, flows));
                start.RegisterAdditionalFileAction(fileContext => AnalyzePolicy(fileContext, policies));
                start.RegisterCompilationEndAction(end => ReportDuplicates(end, flows));

                // Lifecycle templates: checked where they are written, and against the project's flows at the end.
                RegisterLifecycles(start, rootNamespace, flows);

                // [FlowAction] declarations are checked where they are written, whether or not a flow uses them yet.
                var actionAttribute = start.Compilation.GetTypeByMetadataName(KnownNames.FlowActionAttribute);
                if (actionAttribute is not null)
                {
                    var actions = new ConcurrentBag<(ActionModel Action, Location Name)>();
                    start.RegisterSymbolAction(symbolContext => AnalyzeAction(symbolContext, actionAttribute, actions), SymbolKind.Method, SymbolKind.NamedType);
                    start.RegisterCompilationEndAction(end => ReportDuplicateActions(end, actions));
                }
            });
        }

        private static void AnalyzeType(SymbolAnalysisContext context, INamedTypeSymbol flowAttribute, ConcurrentBag<(string, int, Location, FlowModel)> flows)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            var attribute = type.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, flowAttribute));
            if (attribute is null)
            {
                return;
            }

            FlowModel model;
            try
            {
                model = CSharpFlowReader.Read(type, attribute, context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception)
            {
                return; // never throw from an analyzer; the generator reports AUTO9001 if emitting fails
            }

            var compilation = context.Compilation;
            foreach (var diagnostic in FlowValidator.Validate(model))
            {
                context.ReportDiagnostic(Descriptors.ToDiagnostic(diagnostic, compilation, type.Locations.FirstOrDefault()));
            }

            flows.Add((model.Id, model.Version, type.Locations.FirstOrDefault() ?? Location.None, model));
        }

        /// <summary>Every action policy file (<c>flow-policy.json</c>) among the additional files, read once per compilation.</summary>
        private static IReadOnlyList<ActionPolicyFile> ReadPolicies(ImmutableArray<AdditionalText> files, System.Threading.CancellationToken cancellationToken)
        {
            var policies = new List<ActionPolicyFile>();
            foreach (var file in files)
            {
                if (ActionPolicyFile.IsPolicyFile(file.Path) && file.GetText(cancellationToken) is { } text)
                {
                    policies.Add(ActionPolicyFile.Read(file.Path, text.ToString()));
                }
            }

            return policies;
        }

        /// <summary>A malformed policy file is reported once, at the offending value of the file itself.</summary>
        private static void AnalyzePolicy(AdditionalFileAnalysisContext context, Lazy<IReadOnlyList<ActionPolicyFile>> policies)
        {
            if (!ActionPolicyFile.IsPolicyFile(context.AdditionalFile.Path))
            {
                return;
            }

            foreach (var policy in policies.Value)
            {
                if (string.Equals(policy.Path, context.AdditionalFile.Path, StringComparison.Ordinal))
                {
                    foreach (var diagnostic in policy.Diagnostics)
                    {
                        context.ReportDiagnostic(Descriptors.ToDiagnostic(diagnostic, context.Compilation, null));
                    }
                }
            }
        }

        private static void AnalyzeJson(AdditionalFileAnalysisContext context, Lazy<ActionCatalog> catalog, Lazy<IReadOnlyList<ActionPolicyFile>> policies, string? rootNamespace, ConcurrentBag<(string, int, Location, FlowModel)> flows)
        {
            var file = context.AdditionalFile;
            if (!JsonFlowCompiler.IsFlowFile(file.Path) || file.GetText(context.CancellationToken) is not { } text)
            {
                return;
            }

            FlowModel model;
            try
            {
                model = JsonFlowCompiler.Compile(file.Path, text.ToString(), rootNamespace, catalog.Value, context.CancellationToken, policies.Value);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception)
            {
                return; // never throw from an analyzer; the front end reports its own failures
            }

            // A file that is not JSON gets its syntax error only: the rules about flows would just repeat it.
            var unreadable = model.FrontEndDiagnostics.Any(d => d.Id == DiagnosticCatalog.JsonSyntax.Id);
            IEnumerable<FlowDiagnostic> diagnostics = unreadable ? model.FrontEndDiagnostics : FlowValidator.Validate(model);
            if (!model.FrontEndDiagnostics.IsEmpty)
            {
                // Steps that could not be read are already reported; "the flow has no steps" would only repeat it.
                diagnostics = diagnostics.Where(d => d.Id != DiagnosticCatalog.EmptyFlow.Id).ToList();
            }
            foreach (var diagnostic in diagnostics)
            {
                context.ReportDiagnostic(Descriptors.ToDiagnostic(diagnostic, context.Compilation, null));
            }

            if (!unreadable && model.Id.Length > 0)
            {
                flows.Add((model.Id, model.Version, Descriptors.ToLocation(model.Location, context.Compilation) ?? Location.None, model));
            }
        }

        private static void AnalyzeAction(SymbolAnalysisContext context, INamedTypeSymbol actionAttribute, ConcurrentBag<(ActionModel, Location)> actions)
        {
            var symbol = context.Symbol;
            var applied = symbol.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, actionAttribute));
            if (applied is null || applied.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is not Microsoft.CodeAnalysis.CSharp.Syntax.AttributeSyntax syntax)
            {
                return;
            }

            (ActionModel? Action, EquatableArray<Cel.CelObjectShape> Shapes) read;
            try
            {
                read = FlowActionReader.Read(symbol, applied, context.CancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return; // never throw from an analyzer
            }

            if (read.Action is not { } action)
            {
                return;
            }

            if (action.Problem is { } problem)
            {
                context.ReportDiagnostic(Descriptors.ToDiagnostic(
                    DiagnosticCatalog.Create(DiagnosticCatalog.ActionCannotBeBound, null, action.Name, problem), context.Compilation, symbol.Locations.FirstOrDefault()));
            }

            if (action.Cost < 0)
            {
                context.ReportDiagnostic(Descriptors.ToDiagnostic(
                    DiagnosticCatalog.Create(DiagnosticCatalog.NegativeActionCost, action.CostLocation, action.Name, action.Cost), context.Compilation, syntax.GetLocation()));
            }

            var name = syntax.ArgumentList?.Arguments.FirstOrDefault()?.Expression.GetLocation() ?? syntax.GetLocation();
            actions.Add((action, name));
        }

        /// <summary>Two [FlowAction]s with one name: every declaration after the first, in source order, is reported at its name.</summary>
        private static void ReportDuplicateActions(CompilationAnalysisContext context, ConcurrentBag<(ActionModel Action, Location Name)> actions)
        {
            foreach (var group in actions.GroupBy(a => a.Action.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                var ordered = group
                    .OrderBy(a => a.Name.GetLineSpan().Path ?? "", StringComparer.Ordinal)
                    .ThenBy(a => a.Name.SourceSpan.Start)
                    .ToList();
                foreach (var duplicate in ordered.Skip(1))
                {
                    context.ReportDiagnostic(Descriptors.ToDiagnostic(
                        DiagnosticCatalog.Create(DiagnosticCatalog.DuplicateActionName, null, group.Key, Describe(ordered[0].Action), Describe(duplicate.Action)),
                        context.Compilation,
                        duplicate.Name));
                }
            }
        }

        private static string Describe(ActionModel action) => action.ContainingType.Replace("global::", "") + "." + action.MethodName;

        /// <summary>Every [FlowAction] and [LlmSchema] class declared in the project's source, as the generator sees them.</summary>
        private static ActionCatalog ReadActions(Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            var attribute = compilation.GetTypeByMetadataName(KnownNames.FlowActionAttribute);
            if (attribute is null)
            {
                return ActionCatalog.Empty;
            }

            var llmSchema = compilation.GetTypeByMetadataName(KnownNames.LlmSchemaAttribute);
            var llmOutputs = new List<LlmOutputType>();
            var found = new List<(ActionModel?, EquatableArray<Cel.CelObjectShape>)>();
            var pending = new Stack<INamespaceOrTypeSymbol>();
            pending.Push(compilation.SourceModule.GlobalNamespace);
            while (pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var container = pending.Pop();
                foreach (var member in container.GetMembers())
                {
                    if (member is INamespaceOrTypeSymbol nested && member.Locations.Any(l => l.IsInSource))
                    {
                        pending.Push(nested);
                    }

                    if (member is INamedTypeSymbol or IMethodSymbol
                        && member.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute)) is { } applied)
                    {
                        found.Add(FlowActionReader.Read(member, applied, cancellationToken));
                    }

                    if (llmSchema is not null && member is INamedTypeSymbol type
                        && type.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, llmSchema)))
                    {
                        llmOutputs.Add(LlmOutputReader.Read(type, cancellationToken));
                    }
                }
            }

            return FlowActionReader.Catalog(found) with { LlmOutputs = LlmOutputReader.Catalog(llmOutputs) };
        }

        /// <summary>Every declaration of an (id, version) after the first, in source order, is a duplicate.</summary>
        private static void ReportDuplicates(CompilationAnalysisContext context, ConcurrentBag<(string Id, int Version, Location Location, FlowModel Model)> flows)
        {
            var groups = flows
                .GroupBy(f => (f.Id, f.Version))
                .Where(g => g.Count() > 1);
            foreach (var group in groups)
            {
                var ordered = group
                    .OrderBy(f => f.Location.GetLineSpan().Path ?? "", StringComparer.Ordinal)
                    .ThenBy(f => f.Location.SourceSpan.Start)
                    .ToList();
                foreach (var duplicate in ordered.Skip(1))
                {
                    context.ReportDiagnostic(Descriptors.ToDiagnostic(
                        DiagnosticCatalog.Create(DiagnosticCatalog.DuplicateFlow, duplicate.Model.Location, duplicate.Id, duplicate.Version),
                        context.Compilation,
                        duplicate.Location));
                }
            }
        }
    }

    /// <summary>Roslyn descriptors for the shared catalog.</summary>
    internal static partial class Descriptors
    {
        private static readonly Dictionary<string, DiagnosticDescriptor> ById = Declared.ToDictionary(d => d.Id, StringComparer.Ordinal);

        public static ImmutableArray<DiagnosticDescriptor> All { get; } = Declared.ToImmutableArray();

        /// <summary>The diagnostic property holding <see cref="FlowDiagnostic.Fix"/>, read by the code fixes.</summary>
        public const string FixProperty = "Fix";

        /// <summary>Whether the rule of <paramref name="diagnostic"/> is reported at compilation end (its descriptor says so).</summary>
        public static bool AtCompilationEnd(FlowDiagnostic diagnostic)
            => ById.TryGetValue(diagnostic.Id, out var descriptor) && descriptor.CustomTags.Contains(WellKnownDiagnosticTags.CompilationEnd);

        public static Diagnostic ToDiagnostic(FlowDiagnostic diagnostic, Compilation compilation, Location? fallback)
            => Diagnostic.Create(
                ById[diagnostic.Id],
                ToLocation(diagnostic.Location, compilation) ?? fallback ?? Location.None,
                diagnostic.Fix is null ? null : ImmutableDictionary<string, string?>.Empty.Add(FixProperty, diagnostic.Fix),
                diagnostic.Message);

        public static Location? ToLocation(SourceSpan? span, Compilation compilation)
        {
            if (span is null)
            {
                return null;
            }

            foreach (var tree in compilation.SyntaxTrees)
            {
                if (string.Equals(tree.FilePath, span.Path, StringComparison.Ordinal))
                {
                    return Location.Create(tree, new TextSpan(span.Start, span.Length));
                }
            }

            // Not C#: a flow file, located by path with its line span, so MSBuild prints "order.flow.json(12,17)".
            return Location.Create(
                span.Path,
                new TextSpan(span.Start, span.Length),
                new LinePositionSpan(new LinePosition(span.StartLine, span.StartColumn), new LinePosition(span.EndLine, span.EndColumn)));
        }
    }
}
