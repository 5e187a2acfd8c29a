using System.Linq;
using System.Text;

namespace Automations.Compiled.Cli.Graphs
{
    /// <summary>
    /// A Mermaid <c>stateDiagram-v2</c>: the markers as <c>[*]</c>, transit states dashed (class <c>transit</c>), final
    /// states with a thick border (class <c>final</c>). Mermaid cannot style one arrow of a state diagram, so a failure
    /// arrow is told apart by its label, which ends in "failed".
    /// </summary>
    internal static class MermaidStateWriter
    {
        public static string Write(StatePicture picture)
        {
            var text = new StringBuilder("stateDiagram-v2\n");
            foreach (var node in picture.Nodes.Where(n => n.Kind is not (StateNodeKind.Start or StateNodeKind.End)))
            {
                text.Append("  state \"").Append(Escape(node.Label)).Append("\" as ").Append(node.Key).Append('\n');
                if (node.Description is { Length: > 0 } description)
                {
                    text.Append("  ").Append(node.Key).Append(" : ").Append(Escape(description)).Append('\n');
                }
            }

            foreach (var edge in picture.Edges)
            {
                text.Append("  ").Append(Marker(edge.From)).Append(" --> ").Append(Marker(edge.To))
                    .Append(" : ").Append(Escape(edge.Label)).Append('\n');
            }

            text.Append("  classDef transit stroke-dasharray: 5 5\n");
            text.Append("  classDef final stroke-width: 3px\n");
            Class(StateNodeKind.Transit, "transit");
            Class(StateNodeKind.Final, "final");
            return text.ToString();

            void Class(StateNodeKind kind, string name)
            {
                var keys = picture.Nodes.Where(n => n.Kind == kind).Select(n => n.Key).ToList();
                if (keys.Count > 0)
                {
                    text.Append("  class ").Append(string.Join(", ", keys)).Append(' ').Append(name).Append('\n');
                }
            }
        }

        private static string Marker(string key) => key is StatePicture.StartKey or StatePicture.EndKey ? "[*]" : key;

        /// <summary>Mermaid's entity codes for what would end a label or a statement.</summary>
        private static string Escape(string text)
            => text.Replace(";", "#59;").Replace(":", "#58;").Replace("\"", "#quot;").Replace("\n", " ");
    }
}
