using System.Linq;
using System.Text;

namespace Automations.Compiled.Graphs
{
    /// <summary>A Mermaid flowchart: scopes as subgraphs, gotos and runs as dotted arrows, standalone steps dashed.</summary>
    internal static class MermaidWriter
    {
        public static string Write(FlowPicture picture)
        {
            var text = new StringBuilder("flowchart TD\n");
            Cluster(picture.Root, text, "  ");
            foreach (var edge in picture.Edges)
            {
                var arrow = edge.Dashed ? "-.->" : "-->";
                text.Append("  ").Append(edge.From).Append(' ').Append(arrow)
                    .Append(edge.Label is null ? "" : "|" + Escape(edge.Label) + "|")
                    .Append(' ').Append(edge.To).Append('\n');
            }

            var standalone = picture.Nodes.Where(n => n.Standalone).Select(n => n.Key).ToList();
            text.Append("  classDef standalone stroke-dasharray: 5 5\n");
            if (standalone.Count > 0)
            {
                text.Append("  class ").Append(string.Join(",", standalone)).Append(" standalone\n");
            }

            return text.ToString();
        }

        private static void Cluster(PictureCluster cluster, StringBuilder text, string indent)
        {
            foreach (var item in cluster.Items)
            {
                if (item is PictureNode node)
                {
                    var label = "\"" + Escape(node.Label) + (node.Kind is { } kind ? "<br/><i>" + kind + "</i>" : "") + "\"";
                    var shape = node.Kind switch
                    {
                        null => "((" + label + "))",
                        "condition" => "{" + label + "}",
                        "stop" => "([" + label + "])",
                        _ => "[" + label + "]",
                    };
                    text.Append(indent).Append(node.Key).Append(shape).Append('\n');
                }
                else if (item is PictureCluster inner)
                {
                    text.Append(indent).Append("subgraph ").Append(inner.Key).Append(" [\"").Append(Escape(inner.Label ?? "")).Append("\"]\n");
                    Cluster(inner, text, indent + "  ");
                    text.Append(indent).Append("end\n");
                }
            }
        }

        private static string Escape(string text) => text.Replace("\"", "#quot;").Replace("|", "#124;");
    }
}
