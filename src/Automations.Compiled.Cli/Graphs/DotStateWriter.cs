using System.Text;

namespace Automations.Compiled.Cli.Graphs
{
    /// <summary>
    /// Graphviz DOT of a lifecycle: a filled dot to start, a ringed dot to end, transit states dashed, final states with
    /// a double border, failure arrows dashed and red.
    /// </summary>
    internal static class DotStateWriter
    {
        public static string Write(StatePicture picture)
        {
            var text = new StringBuilder();
            text.Append("digraph ").Append(Quote(picture.Title)).Append(" {\n");
            text.Append("  rankdir=TB;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n");
            foreach (var node in picture.Nodes)
            {
                text.Append("  ").Append(node.Key).Append(" [").Append(node.Kind switch
                {
                    StateNodeKind.Start => "label=\"\", shape=circle, style=filled, fillcolor=black, width=0.25",
                    StateNodeKind.End => "label=\"\", shape=doublecircle, style=filled, fillcolor=black, width=0.15",
                    StateNodeKind.Transit => "label=" + Quote(node.Label + "\ntransit") + ", style=\"rounded,dashed\"",
                    StateNodeKind.Final => "label=" + Quote(node.Label + "\nfinal") + ", peripheries=2",
                    _ => "label=" + Quote(node.Label),
                });
                if (node.Description is { Length: > 0 } description)
                {
                    text.Append(", tooltip=").Append(Quote(description));
                }

                text.Append("];\n");
            }

            foreach (var edge in picture.Edges)
            {
                text.Append("  ").Append(edge.From).Append(" -> ").Append(edge.To).Append(" [label=").Append(Quote(edge.Label));
                text.Append(edge.Kind switch
                {
                    StateEdgeKind.Failure => ", style=dashed, color=firebrick, fontcolor=firebrick",
                    StateEdgeKind.Success => ", color=gray30",
                    _ => "",
                });
                text.Append("];\n");
            }

            return text.Append("}\n").ToString();
        }

        private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
    }
}
