using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Automations.Compiled.Cli.Graphs
{
    /// <summary>
    /// SVG of a lifecycle without external tools: one node per row (start, the states in declaration order, end), each
    /// arrow leaving its node's right side at a port of its own, labelled there, and routed down or up a lane on the
    /// right to a port of the node it enters. Lanes are shared by arrows whose rows do not overlap.
    /// </summary>
    internal static class SvgStateWriter
    {
        private const int Margin = 20;
        private const int NodeWidth = 170;
        private const int MinHeight = 40;
        private const int PortGap = 16;
        private const int RowGap = 22;
        private const int LabelColumn = 230;
        private const int LaneGap = 12;
        private const string Ink = "#1f2933";
        private const string Muted = "#52606d";
        private const string Failure = "#c81e1e";

        private sealed record Row(StateNode Node, int Y, int Height, List<(int Edge, bool Out)> Ports)
        {
            public int PortY(int edge, bool outgoing)
            {
                var index = Ports.IndexOf((edge, outgoing));
                return Y + ((Height - ((Ports.Count - 1) * PortGap)) / 2) + (index * PortGap);
            }
        }

        public static string Write(StatePicture picture)
        {
            var ports = picture.Nodes.ToDictionary(n => n.Key, _ => new List<(int Edge, bool Out)>(), StringComparer.Ordinal);
            for (var i = 0; i < picture.Edges.Count; i++)
            {
                ports[picture.Edges[i].From].Add((i, true));
                ports[picture.Edges[i].To].Add((i, false));
            }

            // Ports in the order of the rows they lead to: an arrow to a row above leaves above one to a row below.
            var order = picture.Nodes.Select((n, i) => (n.Key, i)).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);
            foreach (var list in ports.Values)
            {
                list.Sort((a, b) =>
                {
                    var other = order[Other(a)].CompareTo(order[Other(b)]);
                    return other != 0 ? other : a.Edge != b.Edge ? a.Edge.CompareTo(b.Edge) : b.Out.CompareTo(a.Out);
                });
            }

            var rows = new Dictionary<string, Row>(StringComparer.Ordinal);
            var y = Margin;
            foreach (var node in picture.Nodes)
            {
                var height = Math.Max(MinHeight, (ports[node.Key].Count * PortGap) + 12);
                rows.Add(node.Key, new Row(node, y, height, ports[node.Key]));
                y += height + RowGap;
            }

            // A lane per arrow, reused by a later arrow once the rows it spans are past (first fit, top to bottom).
            var spans = picture.Edges
                .Select((edge, i) =>
                {
                    var from = rows[edge.From].PortY(i, true);
                    var to = rows[edge.To].PortY(i, false);
                    return (Edge: i, From: from, To: to, Top: Math.Min(from, to), Bottom: Math.Max(from, to));
                })
                .OrderBy(s => s.Top)
                .ThenBy(s => s.Edge)
                .ToList();
            var laneBottoms = new List<int>();
            var lanes = new Dictionary<int, int>();
            foreach (var span in spans)
            {
                var lane = laneBottoms.FindIndex(bottom => bottom + PortGap <= span.Top);
                if (lane < 0)
                {
                    lane = laneBottoms.Count;
                    laneBottoms.Add(0);
                }

                laneBottoms[lane] = span.Bottom;
                lanes[span.Edge] = lane;
            }

            var boxRight = Margin + NodeWidth;
            var firstLane = boxRight + LabelColumn;
            var body = new StringBuilder();
            foreach (var span in spans.OrderBy(s => s.Edge))
            {
                var edge = picture.Edges[span.Edge];
                var x = firstLane + (lanes[span.Edge] * LaneGap);
                var colour = edge.Kind switch { StateEdgeKind.Failure => Failure, StateEdgeKind.Success => Muted, _ => Ink };
                var dash = edge.Kind == StateEdgeKind.Failure ? " stroke-dasharray=\"6 4\"" : "";
                var marker = edge.Kind == StateEdgeKind.Failure ? "arrow-failure" : "arrow";
                var kind = edge.Kind.ToString().ToLowerInvariant();
                body.Append(Invariant($"  <path class=\"{kind}\" d=\"M{boxRight},{span.From} L{x},{span.From} L{x},{span.To} L{boxRight + 2},{span.To}\" fill=\"none\" stroke=\"{colour}\"{dash} marker-end=\"url(#{marker})\"/>\n"));
                body.Append(Invariant($"  <text x=\"{boxRight + 6}\" y=\"{span.From - 4}\" font-size=\"10\" fill=\"{colour}\">{Escape(edge.Label)}</text>\n"));
            }

            foreach (var row in rows.Values)
            {
                body.Append(Invariant($"  <g id=\"{Escape(row.Node.Key)}\">\n"));
                body.Append(Node(row));
                body.Append("  </g>\n");
            }

            var width = firstLane + (Math.Max(1, laneBottoms.Count) * LaneGap) + Margin;
            var pictureHeight = y - RowGap + Margin;
            var svg = Invariant($"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{pictureHeight}\" viewBox=\"0 0 {width} {pictureHeight}\" font-family=\"Helvetica, Arial, sans-serif\">\n")
                + $"  <title>{Escape(picture.Title)}</title>\n"
                + "  <defs>\n"
                + Invariant($"    <marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">\n      <path d=\"M0,0 L10,5 L0,10 z\" fill=\"{Ink}\"/>\n    </marker>\n")
                + Invariant($"    <marker id=\"arrow-failure\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">\n      <path d=\"M0,0 L10,5 L0,10 z\" fill=\"{Failure}\"/>\n    </marker>\n")
                + "  </defs>\n"
                + body
                + "</svg>\n";
            return svg;

            string Other((int Edge, bool Out) port) => port.Out ? picture.Edges[port.Edge].To : picture.Edges[port.Edge].From;
        }

        private static string Node(Row row)
        {
            var (x, y, h) = (Margin, row.Y, row.Height);
            var node = row.Node;
            switch (node.Kind)
            {
                case StateNodeKind.Start:
                    return Invariant($"    <rect x=\"{x}\" y=\"{y}\" width=\"{NodeWidth}\" height=\"{h}\" rx=\"{MinHeight / 2}\" fill=\"{Ink}\" stroke=\"{Ink}\"/>\n")
                        + Invariant($"    <text x=\"{x + 14}\" y=\"{y + (h / 2) + 4}\" font-size=\"12\" font-weight=\"bold\" fill=\"#ffffff\">start</text>\n");
                case StateNodeKind.End:
                    return Invariant($"    <rect x=\"{x}\" y=\"{y}\" width=\"{NodeWidth}\" height=\"{h}\" rx=\"{MinHeight / 2}\" fill=\"#ffffff\" stroke=\"{Ink}\" stroke-width=\"3\"/>\n")
                        + Invariant($"    <rect x=\"{x + 5}\" y=\"{y + 5}\" width=\"{NodeWidth - 10}\" height=\"{h - 10}\" rx=\"{(MinHeight / 2) - 5}\" fill=\"{Ink}\"/>\n")
                        + Invariant($"    <text x=\"{x + 14}\" y=\"{y + (h / 2) + 4}\" font-size=\"12\" font-weight=\"bold\" fill=\"#ffffff\">end</text>\n");
            }

            var dash = node.Kind == StateNodeKind.Transit ? " stroke-dasharray=\"5 4\"" : "";
            var text = new StringBuilder();
            text.Append(Invariant($"    <rect x=\"{x}\" y=\"{y}\" width=\"{NodeWidth}\" height=\"{h}\" rx=\"6\" fill=\"#ffffff\" stroke=\"{Ink}\"{dash}/>\n"));
            if (node.Kind == StateNodeKind.Final)
            {
                text.Append(Invariant($"    <rect x=\"{x + 3}\" y=\"{y + 3}\" width=\"{NodeWidth - 6}\" height=\"{h - 6}\" rx=\"4\" fill=\"none\" stroke=\"{Ink}\"/>\n"));
            }

            text.Append(Invariant($"    <text x=\"{x + 10}\" y=\"{y + 17}\" font-size=\"12\" font-weight=\"bold\" fill=\"{Ink}\">{Escape(node.Label)}</text>\n"));
            if (node.Kind is StateNodeKind.Transit or StateNodeKind.Final)
            {
                text.Append(Invariant($"    <text x=\"{x + 10}\" y=\"{y + 32}\" font-size=\"10\" fill=\"{Muted}\">{node.Kind.ToString().ToLowerInvariant()}</text>\n"));
            }

            if (node.Description is { Length: > 0 } description)
            {
                text.Append(Invariant($"    <title>{Escape(description)}</title>\n"));
            }

            return text.ToString();
        }

        private static string Escape(string text) => System.Security.SecurityElement.Escape(text) ?? "";

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
