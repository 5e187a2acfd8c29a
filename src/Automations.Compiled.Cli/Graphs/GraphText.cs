using Automations.Compiled.Model;

namespace Automations.Compiled.Cli.Graphs
{
    internal static class GraphText
    {
        /// <summary>A step kind as flows write it (<c>foreach</c>, <c>condition</c>).</summary>
        public static string Kind(StepKind kind) => kind.ToString().ToLowerInvariant();
    }
}
