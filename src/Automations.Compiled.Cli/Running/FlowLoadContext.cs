using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace Automations.Compiled.Cli.Running
{
    /// <summary>
    /// A collectible context for one flow compiled in memory and the <c>--actions</c> assembly it binds to. The runtime
    /// (and everything else the tool loads) comes from the default context, so the flow's <see cref="IFlowDefinition"/>
    /// is the host's.
    /// </summary>
    internal sealed class FlowLoadContext : AssemblyLoadContext
    {
        private readonly string? _actionsDirectory;

        public FlowLoadContext(string? actionsAssembly)
            : base("flow", isCollectible: true)
            => _actionsDirectory = actionsAssembly is null ? null : Path.GetDirectoryName(Path.GetFullPath(actionsAssembly));

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // The tool's own assemblies win (one Automations.Compiled); the actions' private dependencies come from beside them.
            foreach (var loaded in Default.Assemblies)
            {
                if (AssemblyName.ReferenceMatchesDefinition(assemblyName, loaded.GetName()))
                {
                    return null;
                }
            }

            if (_actionsDirectory is not null)
            {
                var candidate = Path.Combine(_actionsDirectory, assemblyName.Name + ".dll");
                if (File.Exists(candidate) && !IsTpa(assemblyName))
                {
                    return LoadFromAssemblyPath(candidate);
                }
            }

            return null;
        }

        private static bool IsTpa(AssemblyName name)
            => ((string?)System.AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Contains(Path.DirectorySeparatorChar + name.Name + ".dll", System.StringComparison.OrdinalIgnoreCase);
    }
}
