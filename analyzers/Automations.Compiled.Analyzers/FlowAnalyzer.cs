using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Automations.Compiled.CSharp;
using Automations.Compiled.Model;
using Automations.Compiled.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Automations.Compiled.Analyzers
{
    /// <summary>
    /// Reports every rule of the shared validator on C# flows, at the narrowest span the front end knows,
    /// plus duplicate (id, version) pairs across the compilation.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class FlowAnalyzer : DiagnosticAnalyzer
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
                start.RegisterCompilationEndAction(end => ReportDuplicates(end, flows));
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

        /// <summary>Every declaration of an (id, version) after the first, in source order, is a duplicate.</summary>
        private static void ReportDuplicates(CompilationAnalysisContext context, ConcurrentBag<(string Id, int Version, Location Location, FlowModel Model)> flows)
        {
            var groups = flows
                .GroupBy(f => (f.Id, f.Version))
                .Where(g => g.Count() > 1);
            foreach (var group in groups)
            {
                var ordered = group
                    .OrderBy(f => f.Location.SourceTree?.FilePath ?? "", StringComparer.Ordinal)
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

        public static Diagnostic ToDiagnostic(FlowDiagnostic diagnostic, Compilation compilation, Location? fallback)
            => Diagnostic.Create(ById[diagnostic.Id], ToLocation(diagnostic.Location, compilation) ?? fallback ?? Location.None, diagnostic.Message);

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

            return null;
        }
    }
}
