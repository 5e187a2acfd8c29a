using System;
using System.Collections.Generic;
using System.Text;

namespace Automations.Compiled.Graphs
{
    /// <summary>
    /// The compact text of a <see cref="FlowPicture"/> that the generator embeds in <c>FlowInfo.Graph</c>, one record a line:
    /// <code>
    /// flowgraph 1 {title}
    /// n {key} {kind} {flags} {stepId} [{label}]   a node; kind and stepId are "-" for the start; flags "s" standalone, else "-";
    ///                                             the label is left out when it is the step id
    /// c {key} {label}                             a cluster opens: the nodes and clusters up to its "." are inside it
    /// .                                           the cluster closes
    /// e {from} {to} {flags} [{label}]             an edge, after every node; flags "d" dashed, else "-"
    /// </code>
    /// Fields are separated by one space. In a field, <c>\\</c>, <c>\s</c>, <c>\n</c>, <c>\r</c> and <c>\t</c> stand for a
    /// backslash, a space and the line breaks and tab; a field that is only "-" means none (an empty or missing value), and
    /// <c>\-</c> is a real "-". A reader of a later version's text (another number after <c>flowgraph</c>) reads nothing.
    /// </summary>
    internal static class FlowPictureText
    {
        public const string Header = "flowgraph";
        public const int Version = 1;

        public static string Write(FlowPicture picture)
        {
            var text = new StringBuilder();
            text.Append(Header).Append(' ').Append(Version).Append(' ');
            Field(text, picture.Title).Append('\n');
            Items(picture.Root, text);
            foreach (var edge in picture.Edges)
            {
                text.Append("e ");
                Field(text, edge.From).Append(' ');
                Field(text, edge.To).Append(' ').Append(edge.Dashed ? "d" : "-");
                if (edge.Label is not null)
                {
                    Field(text.Append(' '), edge.Label);
                }

                text.Append('\n');
            }

            return text.ToString();
        }

        /// <summary>The picture in <paramref name="text"/>, or null when it is missing, of another version, or not well formed.</summary>
        public static FlowPicture? Read(string? text)
        {
            if (text is null)
            {
                return null;
            }

            try
            {
                return Parse(text);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException or InvalidOperationException)
            {
                return null;
            }
        }

        private static void Items(PictureCluster cluster, StringBuilder text)
        {
            foreach (var item in cluster.Items)
            {
                if (item is PictureNode node)
                {
                    text.Append("n ");
                    Field(text, node.Key).Append(' ');
                    Field(text, node.Kind).Append(' ').Append(node.Standalone ? "s" : "-").Append(' ');
                    Field(text, node.StepId);
                    if (node.StepId is null || !string.Equals(node.Label, node.StepId, StringComparison.Ordinal))
                    {
                        Field(text.Append(' '), node.Label);
                    }

                    text.Append('\n');
                }
                else if (item is PictureCluster inner)
                {
                    text.Append("c ");
                    Field(text, inner.Key).Append(' ');
                    Field(text, inner.Label).Append('\n');
                    Items(inner, text);
                    text.Append(".\n");
                }
            }
        }

        private static StringBuilder Field(StringBuilder text, string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return text.Append('-');
            }

            if (value == "-")
            {
                return text.Append("\\-");
            }

            foreach (var c in value!)
            {
                switch (c)
                {
                    case '\\': text.Append("\\\\"); break;
                    case ' ': text.Append("\\s"); break;
                    case '\n': text.Append("\\n"); break;
                    case '\r': text.Append("\\r"); break;
                    case '\t': text.Append("\\t"); break;
                    default: text.Append(c); break;
                }
            }

            return text;
        }

        private static FlowPicture? Parse(string text)
        {
            var lines = text.Split('\n');
            var header = lines[0].Split(' ');
            if (header.Length != 3 || header[0] != Header || header[1] != "1" || Unescape(header[2]) is not { } title)
            {
                return null;
            }

            var picture = new FlowPicture(title);
            var open = new Stack<PictureCluster>();
            open.Push(picture.Root);
            var keys = new HashSet<string>(StringComparer.Ordinal);
            var edges = false;
            for (var i = 1; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line.Length == 0 && i == lines.Length - 1)
                {
                    break; // the text ends with a line break
                }

                var fields = line.Split(' ');
                switch (fields[0])
                {
                    case "n" when !edges && fields.Length is 5 or 6:
                        var key = Unescape(fields[1]);
                        var stepId = Unescape(fields[4]);
                        var label = fields.Length == 6 ? Unescape(fields[5]) ?? "" : stepId;
                        var kind = Unescape(fields[2]);
                        if (!IsKey(key) || !IsKind(kind) || label is null || fields[3] is not ("s" or "-") || !keys.Add(key!))
                        {
                            return null;
                        }

                        open.Peek().Items.Add(new PictureNode(key!, label, stepId, kind, fields[3] == "s"));
                        break;
                    case "c" when !edges && fields.Length == 3:
                        var clusterKey = Unescape(fields[1]);
                        if (!IsKey(clusterKey))
                        {
                            return null;
                        }

                        var cluster = new PictureCluster(clusterKey!, Unescape(fields[2]));
                        open.Peek().Items.Add(cluster);
                        open.Push(cluster);
                        break;
                    case "." when !edges && fields.Length == 1 && open.Count > 1:
                        open.Pop();
                        break;
                    case "e" when fields.Length is 4 or 5 && fields[3] is "d" or "-":
                        edges = true;
                        var from = Unescape(fields[1]);
                        var to = Unescape(fields[2]);
                        if (from is null || to is null || !keys.Contains(from) || !keys.Contains(to))
                        {
                            return null;
                        }

                        picture.Edges.Add(new PictureEdge(from, to, fields.Length == 5 ? Unescape(fields[4]) ?? "" : null, fields[3] == "d"));
                        break;
                    default:
                        return null;
                }
            }

            return open.Count == 1 ? picture : null;
        }

        /// <summary>Keys are identifiers in Mermaid and DOT, and ids in SVG: letters, digits and underscores only.</summary>
        private static bool IsKey(string? key)
        {
            if (string.IsNullOrEmpty(key))
            {
                return false;
            }

            foreach (var c in key!)
            {
                if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_'))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A step kind is a lowercase word (<c>action</c>, <c>foreach</c>): the writers put it in markup as it is.</summary>
        private static bool IsKind(string? kind)
        {
            foreach (var c in kind ?? "")
            {
                if (c is < 'a' or > 'z')
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A field's value: null for "-" (none); a malformed escape is a <see cref="FormatException"/>, which <see cref="Read"/> turns into null.</summary>
        private static string? Unescape(string field)
        {
            if (field == "-" || field.Length == 0)
            {
                return null;
            }

            if (field.IndexOf('\\') < 0)
            {
                return field;
            }

            var value = new StringBuilder(field.Length);
            for (var i = 0; i < field.Length; i++)
            {
                var c = field[i];
                if (c != '\\')
                {
                    value.Append(c);
                    continue;
                }

                if (++i == field.Length)
                {
                    throw new FormatException("A field ends in a lone backslash.");
                }

                switch (field[i])
                {
                    case '\\': value.Append('\\'); break;
                    case 's': value.Append(' '); break;
                    case 'n': value.Append('\n'); break;
                    case 'r': value.Append('\r'); break;
                    case 't': value.Append('\t'); break;
                    case '-': value.Append('-'); break;
                    default: throw new FormatException("Unknown escape \\" + field[i] + ".");
                }
            }

            return value.ToString();
        }
    }
}
