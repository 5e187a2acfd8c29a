using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Automations.Compiled.CSharp;
using Automations.Compiled.Cel;
using Automations.Compiled.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Automations.Compiled.Cli.Checking
{
    /// <summary>
    /// Reads the <c>[FlowAction]</c>s of a built assembly (<c>--actions</c>) with the same reader the generator uses on
    /// source, so the CLI binds JSON flows exactly as a build would. The assembly is read as metadata, never loaded.
    /// </summary>
    internal static class ActionAssemblyReader
    {
        public static ActionCatalog Read(string path)
        {
            InputFile.RequireAssembly(path, "The actions assembly");

            var full = Path.GetFullPath(path);
            var target = MetadataReference.CreateFromFile(full);
            var compilation = CSharpCompilation.Create("FlowActions", references: References(full).Append(target));
            if (compilation.GetAssemblyOrModuleSymbol(target) is not IAssemblySymbol assembly || assembly.Name.Length == 0)
            {
                throw new UsageException($"'{path}' is not a .NET assembly.");
            }

            var attribute = compilation.GetTypeByMetadataName(KnownNames.FlowActionAttribute);
            var found = new List<(ActionModel?, EquatableArray<CelObjectShape>)>();
            if (attribute is not null)
            {
                var pending = new Stack<INamespaceOrTypeSymbol>();
                pending.Push(assembly.GlobalNamespace);
                while (pending.Count > 0)
                {
                    foreach (var member in pending.Pop().GetMembers())
                    {
                        if (member is INamespaceOrTypeSymbol nested)
                        {
                            pending.Push(nested);
                        }

                        if (member is INamedTypeSymbol or IMethodSymbol
                            && member.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute)) is { } applied)
                        {
                            found.Add(FlowActionReader.Read(member, applied, default));
                        }
                    }
                }
            }

            return FlowActionReader.Catalog(found);
        }

        /// <summary>The platform, the runtime library, and the assemblies beside the target (its dependencies).</summary>
        private static IEnumerable<MetadataReference> References(string target)
        {
            var paths = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Path.GetFileName(target) };
            foreach (var beside in Directory.GetFiles(Path.GetDirectoryName(target)!, "*.dll"))
            {
                if (names.Add(Path.GetFileName(beside)))
                {
                    paths.Add(beside);
                }
            }

            var platform = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
            foreach (var assembly in platform.Append(typeof(FlowActionAttribute).Assembly.Location))
            {
                if (names.Add(Path.GetFileName(assembly)))
                {
                    paths.Add(assembly);
                }
            }

            return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        }
    }
}
