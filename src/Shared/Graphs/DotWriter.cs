using System.Text;

namespace Automations.Compiled.Graphs
{
    /// <summary>Graphviz DOT: scopes as nested clusters, gotos and runs dashed, standalone steps with a dashed border.</summary>
    internal static class DotWriter
    {
        public static string Write(FlowPicture picture)
        {
            var text = new StringBuilder();
            text.Append("digraph ").Append(Quote(picture.Title)).Append(" {\n");
            text.Append("  rankdir=TB;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n");
            Cluster(picture.Root, text, "  ");
            foreach (var edge in picture.Edges)
            {
                text.Append("  ").Append(edge.From).Append(" -> ").Append(edge.To);
                var attributes = (edge.Label is null ? "" : "label=" + Quote(edge.Label)) + (edge.Dashed ? (edge.Label is null ? "" : ", ") + "style=dashed" : "");
                text.Append(attributes.Length == 0 ? "" : " [" + attributes + "]").Append(";\n");
            }

            return text.Append("}\n").ToString();
        }

        private static void Cluster(PictureCluster cluster, StringBuilder text, string indent)
        {
            foreach (var item in cluster.Items)
            {
                if (item is PictureNode node)
                {
                    var label = node.Kind is { } kind ? node.Label + "\n" + kind : node.Label;
                    var shape = node.Kind switch
                    {
                        null => "shape=circle",
                        "condition" => "shape=diamond",
                        _ => "shape=box",
                    };
                    var style = node.Standalone ? "style=\"rounded,dashed\"" : "style=rounded";
                    text.Append(indent).Append(node.Key).Append(" [label=").Append(Quote(label)).Append(", ").Append(shape).Append(", ").Append(style).Append("];\n");
                }
                else if (item is PictureCluster inner)
                {
                    text.Append(indent).Append("subgraph ").Append(inner.Key).Append(" {\n");
                    text.Append(indent).Append("  label=").Append(Quote(inner.Label ?? "")).Append(";\n").Append(indent).Append("  style=rounded;\n");
                    Cluster(inner, text, indent + "  ");
                    text.Append(indent).Append("}\n");
                }
            }
        }

        private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
    }
}
