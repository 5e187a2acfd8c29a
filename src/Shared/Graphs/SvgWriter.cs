using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Automations.Compiled.Graphs
{
    /// <summary>
    /// SVG without external tools: one step per row, nested scopes indented inside their cluster box, sequence and
    /// endpoint arrows on the left, gotos and runs as dashed arrows routed in lanes on the right. Each step's group has
    /// <c>class="node {kind}"</c> and <c>data-step="{step id}"</c>, each arrow <c>class="edge"</c> and the step ids of its
    /// ends in <c>data-from</c> and <c>data-to</c>, so a page can style the drawing and mark a run's path on it.
    /// </summary>
    internal static class SvgWriter
    {
        private const int Margin = 20;
        private const int NodeWidth = 180;
        private const int NodeHeight = 40;
        private const int RowGap = 26;
        private const int Indent = 26;
        private const int ClusterHeader = 24;
        private const int ClusterPadding = 10;
        private const int Lane = 16;

        private sealed record Box(int X, int Y, PictureNode Node)
        {
            public int Right => X + NodeWidth;

            public int Middle => Y + (NodeHeight / 2);
        }

        private sealed record Frame(int X, int Y, int Width, int Height, string Label);

        public static string Write(FlowPicture picture)
        {
            var boxes = new Dictionary<string, Box>(StringComparer.Ordinal);
            var frames = new List<Frame>();
            var bottom = Place(picture.Root, Margin, Margin, boxes, frames, out var right);

            var body = new StringBuilder();
            foreach (var frame in frames)
            {
                body.Append(Invariant($"  <rect x=\"{frame.X}\" y=\"{frame.Y}\" width=\"{frame.Width}\" height=\"{frame.Height}\" rx=\"8\" fill=\"#f5f7fa\" stroke=\"#9aa5b1\"/>\n"));
                body.Append(Invariant($"  <text x=\"{frame.X + 8}\" y=\"{frame.Y + 16}\" font-size=\"11\" fill=\"#52606d\">{Escape(frame.Label)}</text>\n"));
            }

            var lane = right + Lane;
            foreach (var edge in picture.Edges)
            {
                if (!boxes.TryGetValue(edge.From, out var from) || !boxes.TryGetValue(edge.To, out var to))
                {
                    continue;
                }

                string path;
                int labelX, labelY;
                if (edge.Dashed)
                {
                    lane += Lane;
                    path = Invariant($"M{from.Right},{from.Middle} L{lane},{from.Middle} L{lane},{to.Middle} L{to.Right + 2},{to.Middle}");
                    (labelX, labelY) = (lane + 4, ((from.Middle + to.Middle) / 2) + 4);
                }
                else
                {
                    var x = from.X + 16;
                    path = to.X == from.X
                        ? Invariant($"M{x},{from.Y + NodeHeight} L{x},{to.Y - 2}")
                        : Invariant($"M{x},{from.Y + NodeHeight} L{x},{to.Middle} L{to.X - 2},{to.Middle}");
                    (labelX, labelY) = (x + 4, from.Y + NodeHeight + 14);
                }

                var dash = edge.Dashed ? " stroke-dasharray=\"6 4\"" : "";
                var ends = Data("data-from", from.Node.StepId) + Data("data-to", to.Node.StepId);
                body.Append(Invariant($"  <path class=\"{(edge.Dashed ? "edge dashed" : "edge")}\"{ends} d=\"{path}\" fill=\"none\" stroke=\"#3e4c59\"{dash} marker-end=\"url(#arrow)\"/>\n"));
                if (edge.Label is not null)
                {
                    body.Append(Invariant($"  <text x=\"{labelX}\" y=\"{labelY}\" font-size=\"10\" fill=\"#1f2933\">{Escape(edge.Label)}</text>\n"));
                }
            }

            foreach (var box in boxes.Values)
            {
                var node = box.Node;
                var dash = node.Standalone ? " stroke-dasharray=\"5 4\"" : "";
                var radius = node.Kind is null ? NodeHeight / 2 : 6;
                // Classes and data-step let a page style the drawing and mark a run's path on it without knowing the keys.
                var classes = node.StepId is null ? "node start" : "node " + Escape(node.Kind ?? "step") + (node.Standalone ? " standalone" : "");
                body.Append(Invariant($"  <g id=\"{Escape(node.Key)}\" class=\"{classes}\"{Data("data-step", node.StepId)}>\n"));
                body.Append(Invariant($"    <rect x=\"{box.X}\" y=\"{box.Y}\" width=\"{NodeWidth}\" height=\"{NodeHeight}\" rx=\"{radius}\" fill=\"#ffffff\" stroke=\"#1f2933\"{dash}/>\n"));
                body.Append(Invariant($"    <text x=\"{box.X + 10}\" y=\"{box.Y + 17}\" font-size=\"12\" font-weight=\"bold\" fill=\"#1f2933\">{Escape(node.Label)}</text>\n"));
                if (node.Kind is { } kind)
                {
                    body.Append(Invariant($"    <text x=\"{box.X + 10}\" y=\"{box.Y + 32}\" font-size=\"10\" fill=\"#52606d\">{kind}</text>\n"));
                }

                body.Append("  </g>\n");
            }

            var width = lane + (Lane * 4) + Margin;
            var height = bottom + Margin;
            return Invariant($"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"Helvetica, Arial, sans-serif\">\n")
                + $"  <title>{Escape(picture.Title)}</title>\n"
                + "  <defs>\n    <marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">\n      <path d=\"M0,0 L10,5 L0,10 z\" fill=\"#3e4c59\"/>\n    </marker>\n  </defs>\n"
                + body
                + "</svg>\n";
        }

        /// <summary>Places the items of a cluster from (x, y) down; returns the y below them and the rightmost x used.</summary>
        private static int Place(PictureCluster cluster, int x, int y, Dictionary<string, Box> boxes, List<Frame> frames, out int right)
        {
            right = x + NodeWidth;
            foreach (var item in cluster.Items)
            {
                if (item is PictureNode node)
                {
                    boxes[node.Key] = new Box(x, y, node);
                    y += NodeHeight + RowGap;
                }
                else if (item is PictureCluster inner)
                {
                    var top = y;
                    var index = frames.Count;
                    frames.Add(null!); // outer frames are drawn first, under the ones they hold
                    y = Place(inner, x + Indent, y + ClusterHeader, boxes, frames, out var innerRight);
                    var frameRight = innerRight + ClusterPadding;
                    frames[index] = new Frame(x + (Indent / 2), top, frameRight - x - (Indent / 2), y - top - (RowGap / 2), inner.Label ?? "");
                    right = Math.Max(right, frameRight);
                    y += ClusterPadding;
                }
            }

            return y;
        }

        private static string Data(string name, string? value) => value is null ? "" : " " + name + "=\"" + Escape(value) + "\"";

        /// <summary>Text and attribute values: the five XML special characters as entities (as SecurityElement.Escape does).</summary>
        private static string Escape(string text)
        {
            var escaped = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                switch (c)
                {
                    case '&': escaped.Append("&amp;"); break;
                    case '<': escaped.Append("&lt;"); break;
                    case '>': escaped.Append("&gt;"); break;
                    case '"': escaped.Append("&quot;"); break;
                    case '\'': escaped.Append("&apos;"); break;
                    default: escaped.Append(c); break;
                }
            }

            return escaped.ToString();
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
