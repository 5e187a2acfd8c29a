using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Automations.Compiled.Cli.Running;
using Automations.Compiled.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Automations.Compiled.Cli.Checking
{
    /// <summary>
    /// Reads the <c>[FlowAction]</c>s of a built assembly (<c>--actions</c>, or a project's) with the same reader the
    /// generator uses on source, so the CLI binds JSON flows exactly as a build would. The assembly is read as metadata,
    /// never loaded; the assemblies beside it resolve the types its actions take and return.
    /// </summary>
    internal static class ActionAssemblyReader
    {
        /// <summary>The actions of the assembly at <paramref name="path"/>.</summary>
        /// <exception cref="UsageException">The file is missing or is not a .NET assembly.</exception>
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

            // The walk `flow run` makes over its actions assembly, so check and run bind alike.
            return ActionScanner.Catalog(compilation, new[] { target }, CancellationToken.None);
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
