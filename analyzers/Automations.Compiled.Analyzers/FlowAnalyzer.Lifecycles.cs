using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Automations.Compiled.CSharp;
using Automations.Compiled.Json;
using Automations.Compiled.Model;
using Automations.Compiled.Text;
using Automations.Compiled.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Automations.Compiled.Analyzers
{
    /// <summary>
    /// Lifecycle templates (SPEC §7): <c>[Lifecycle]</c> classes and <c>*.lifecycle.json</c> files get the shared
    /// validator's rules where they are read; the rules that need the whole project (the flows actions run, the JSON
    /// entity type, duplicate template ids) are reported at compilation end, with the flows this analyzer collected.
    /// </summary>
    public sealed partial class FlowAnalyzer
    {
        // Rules whose descriptor is tagged CompilationEnd are reported only from the compilation-end action, even when a
        // front end finds one early (an open generic entity type): the IDE trusts the tag.
        private static void RegisterLifecycles(
            CompilationStartAnalysisContext start,
            string? rootNamespace,
            ConcurrentBag<(string Id, int Version, Location Location, FlowModel Model)> flows)
        {
            var lifecycleAttribute = start.Compilation.GetTypeByMetadataName(KnownNames.LifecycleAttribute);
            if (lifecycleAttribute is null)
            {
                return; // a runtime package without lifecycle templates
            }

            var templates = new ConcurrentBag<(LifecycleModel Model, Location Location, FlowDiagnostic[] Deferred)>();
            start.RegisterSymbolAction(symbolContext => AnalyzeLifecycle(symbolContext, lifecycleAttribute, templates), SymbolKind.NamedType);
            start.RegisterAdditionalFileAction(fileContext => AnalyzeLifecycleJson(fileContext, rootNamespace, templates));
            start.RegisterCompilationEndAction(end => ReportLifecyclesAtEnd(end, templates, flows));
        }

        private static void AnalyzeLifecycle(SymbolAnalysisContext context, INamedTypeSymbol lifecycleAttribute, ConcurrentBag<(LifecycleModel, Location, FlowDiagnostic[])> templates)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            var attribute = type.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, lifecycleAttribute));
            if (attribute is null)
            {
                return;
            }

            LifecycleModel model;
            IReadOnlyList<FlowDiagnostic> diagnostics;
            try
            {
                model = CSharpLifecycleReader.Read(type, attribute, context.CancellationToken);
                diagnostics = LifecycleValidator.Validate(model);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return; // never throw from an analyzer; the reader reports its own failures as AUTO9002
            }

            var fallback = type.Locations.FirstOrDefault();
            foreach (var diagnostic in diagnostics.Where(d => !Descriptors.AtCompilationEnd(d)))
            {
                context.ReportDiagnostic(Descriptors.ToDiagnostic(diagnostic, context.Compilation, fallback));
            }

            templates.Add((model, Descriptors.ToLocation(model.IdLocation, context.Compilation) ?? fallback ?? Location.None, diagnostics.Where(Descriptors.AtCompilationEnd).ToArray()));
        }

        private static void AnalyzeLifecycleJson(AdditionalFileAnalysisContext context, string? rootNamespace, ConcurrentBag<(LifecycleModel, Location, FlowDiagnostic[])> templates)
        {
            var file = context.AdditionalFile;
            if (!LifecycleJsonReader.IsLifecycleFile(file.Path) || file.GetText(context.CancellationToken) is not { } text)
            {
                return;
            }

            LifecycleModel model;
            IReadOnlyList<FlowDiagnostic> diagnostics;
            bool unreadable;
            try
            {
                model = LifecycleJsonReader.Compile(file.Path, text.ToString(), rootNamespace, context.CancellationToken);

                // A file that is not JSON gets its syntax error only: the rules about templates would just repeat it.
                unreadable = model.FrontEndDiagnostics.Any(d => d.Id == DiagnosticCatalog.JsonSyntax.Id || d.Id == DiagnosticCatalog.FrontEndFailure.Id);
                diagnostics = unreadable ? model.FrontEndDiagnostics : LifecycleValidator.Validate(model);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return; // never throw from an analyzer; the front end reports its own failures
            }

            var fallback = Descriptors.ToLocation(model.Location, context.Compilation);
            foreach (var diagnostic in diagnostics.Where(d => !Descriptors.AtCompilationEnd(d)))
            {
                context.ReportDiagnostic(Descriptors.ToDiagnostic(diagnostic, context.Compilation, fallback));
            }

            if (!unreadable)
            {
                templates.Add((model, Descriptors.ToLocation(model.IdLocation ?? model.Location, context.Compilation) ?? Location.None, diagnostics.Where(Descriptors.AtCompilationEnd).ToArray()));
            }
        }

        /// <summary>
        /// The rules that need the whole project: each action's flow among the project's flows (C# classes and
        /// <c>*.flow.json</c> files), each JSON template's entity type among the compilation's types, and one template per id.
        /// </summary>
        private static void ReportLifecyclesAtEnd(
            CompilationAnalysisContext context,
            ConcurrentBag<(LifecycleModel Model, Location Location, FlowDiagnostic[] Deferred)> templates,
            ConcurrentBag<(string Id, int Version, Location Location, FlowModel Model)> flows)
        {
            if (templates.IsEmpty)
            {
                return;
            }

            var compilation = context.Compilation;
            var cancellationToken = context.CancellationToken;
            var directory = flows.Select(f => new LifecycleFlowEntry(f.Model.Id, FullName(f.Model), f.Model.InputType)).ToList();
            var ordered = templates
                .OrderBy(t => t.Location.GetLineSpan().Path ?? "", StringComparer.Ordinal)
                .ThenBy(t => t.Location.SourceSpan.Start)
                .ToList();
            var found = new List<FlowDiagnostic>();
            try
            {
                foreach (var (model, _, deferred) in ordered)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    found.AddRange(deferred);
                    var entity = LifecycleValidator.ValidateEntity(model, name => TypeExists(compilation, name), name => ClosestType(compilation, name, cancellationToken));
                    var flowRules = LifecycleValidator.ValidateFlows(model, directory, (entityType, inputType) => TakesEntity(compilation, entityType, inputType));

                    // With an entity type that does not exist, every flow "takes another input": say what is wrong once.
                    found.AddRange(entity is null ? flowRules : flowRules.Where(d => d.Id != DiagnosticCatalog.ActionFlowInputMismatch.Id));
                    if (entity is not null)
                    {
                        found.Add(entity);
                    }
                }

                found.AddRange(LifecycleValidator.ValidateIds(ordered.Select(t => t.Model).ToList()));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return; // never throw from an analyzer
            }

            foreach (var diagnostic in found)
            {
                context.ReportDiagnostic(Descriptors.ToDiagnostic(diagnostic, compilation, null));
            }
        }

        /// <summary>The type a flow's class gets, as <c>typeof</c> in a <c>[LifecycleAction]</c> names it: <c>global::Ns.Outer.Flow</c>.</summary>
        private static string FullName(FlowModel flow)
        {
            var name = "global::" + (flow.Namespace is null ? "" : flow.Namespace + ".");
            foreach (var outer in flow.ContainingTypes)
            {
                // "partial class Outer" → "Outer"; flows are never nested in generic types (AUTO0011).
                name += outer.Split(' ').Last() + ".";
            }

            return name + flow.TypeName;
        }

        /// <summary>
        /// Whether an entity can be a flow's input as the host passes it (<c>Type.IsAssignableFrom</c>): the same type, a
        /// base class or interface of it, or <c>object</c>. False when either type cannot be found by name (a generic, say).
        /// </summary>
        private static bool TakesEntity(Compilation compilation, string entityType, string inputType)
        {
            var entity = FindType(compilation, Bare(entityType));
            var input = FindType(compilation, Bare(inputType));
            if (entity is null || input is null || compilation is not CSharpCompilation csharp)
            {
                return false;
            }

            var conversion = csharp.ClassifyConversion(entity, input);
            return conversion.IsIdentity || (conversion.IsImplicit && (conversion.IsReference || conversion.IsBoxing));
        }

        private static string Bare(string type) => type.Replace("global::", "").TrimEnd('?');

        private static bool TypeExists(Compilation compilation, string name) => FindType(compilation, name) is not null;

        /// <summary>
        /// The compilation's type <paramref name="name"/> (C# spelling, <c>Shop.Order</c>), or null: nested types are
        /// written with dots in C# and with <c>+</c> in metadata names, so each split is tried, the outermost type first.
        /// </summary>
        private static INamedTypeSymbol? FindType(Compilation compilation, string name)
        {
            var parts = name.Split('.');
            for (var typeParts = 1; typeParts <= parts.Length; typeParts++)
            {
                var namespaceParts = parts.Length - typeParts;
                var metadataName = string.Join(".", parts.Take(namespaceParts))
                    + (namespaceParts > 0 ? "." : "")
                    + string.Join("+", parts.Skip(namespaceParts));
                // Several assemblies may define the name (GetTypeByMetadataName then gives null): any of them will do.
                if ((compilation.GetTypeByMetadataName(metadataName) ?? compilation.GetTypesByMetadataName(metadataName).FirstOrDefault()) is { } type)
                {
                    return type;
                }
            }

            return null;
        }

        /// <summary>
        /// The full name of the project's type that <paramref name="written"/> probably meant: a type of that simple name
        /// (the namespace was left out or is wrong), else one whose name is a small edit away; null when none is.
        /// </summary>
        private static string? ClosestType(Compilation compilation, string written, CancellationToken cancellationToken)
        {
            var simple = written.Substring(written.LastIndexOf('.') + 1);
            var candidates = compilation
                .GetSymbolsWithName(n => string.Equals(n, simple, StringComparison.OrdinalIgnoreCase) || Suggestions.Closest(simple, new[] { n }) is not null, SymbolFilter.Type, cancellationToken)
                .OfType<INamedTypeSymbol>()
                .Where(t => !t.IsImplicitlyDeclared && t.CanBeReferencedByName)
                .Select(t => (Simple: t.Name, Full: t.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "")))
                .OrderBy(t => t.Full, StringComparer.Ordinal)
                .ToList();
            var closest = Suggestions.Closest(simple, candidates.Select(c => c.Simple).Distinct(StringComparer.Ordinal));
            var matches = candidates.Where(c => string.Equals(c.Simple, closest, StringComparison.Ordinal)).Select(c => c.Full).ToList();

            // Two types of that name in different namespaces: suggest one only when the written name is close to it.
            return matches.Count == 1 ? matches[0] : Suggestions.Closest(written, matches);
        }
    }
}
