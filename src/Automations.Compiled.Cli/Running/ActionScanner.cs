using System.Collections.Generic;
using System.Threading;
using Automations.Compiled.Cel;
using Automations.Compiled.CSharp;
using Automations.Compiled.Model;
using Microsoft.CodeAnalysis;

namespace Automations.Compiled.Cli.Running
{
    /// <summary>
    /// Finds the <c>[FlowAction]</c> methods and classes of a compilation's source and of referenced assemblies, and reads
    /// them with the generator's own reader, so a JSON step binds in the tool as it would in a build.
    /// </summary>
    internal static class ActionScanner
    {
        public static ActionCatalog Catalog(Compilation compilation, IEnumerable<MetadataReference> assemblies, CancellationToken cancellationToken)
        {
            var attribute = compilation.GetTypeByMetadataName(KnownNames.FlowActionAttribute);
            var found = new List<(ActionModel? Action, EquatableArray<CelObjectShape> Shapes)>();
            if (attribute is null)
            {
                return ActionCatalog.Empty;
            }

            Visit(compilation.Assembly.GlobalNamespace, attribute, found, cancellationToken);
            foreach (var reference in assemblies)
            {
                if (compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly)
                {
                    Visit(assembly.GlobalNamespace, attribute, found, cancellationToken);
                }
            }

            return FlowActionReader.Catalog(found);
        }

        private static void Visit(INamespaceOrTypeSymbol container, INamedTypeSymbol attribute, List<(ActionModel?, EquatableArray<CelObjectShape>)> found, CancellationToken cancellationToken)
        {
            foreach (var member in container.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (member is INamespaceOrTypeSymbol nested)
                {
                    Read(member, attribute, found, cancellationToken);
                    Visit(nested, attribute, found, cancellationToken);
                }
                else if (member is IMethodSymbol)
                {
                    Read(member, attribute, found, cancellationToken);
                }
            }
        }

        private static void Read(ISymbol symbol, INamedTypeSymbol attribute, List<(ActionModel?, EquatableArray<CelObjectShape>)> found, CancellationToken cancellationToken)
        {
            foreach (var applied in symbol.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(applied.AttributeClass, attribute))
                {
                    found.Add(FlowActionReader.Read(symbol, applied, cancellationToken));
                }
            }
        }
    }
}
