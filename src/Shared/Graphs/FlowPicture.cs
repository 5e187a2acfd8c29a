using System.Collections.Generic;
using System.Linq;

namespace Automations.Compiled.Graphs
{
    /// <summary>
    /// A box: a step (<see cref="StepId"/> set, <see cref="Kind"/> as flows write it: <c>action</c>, <c>foreach</c>) or the
    /// start (both null). <see cref="Key"/> is an identifier every output format accepts.
    /// </summary>
    internal sealed record PictureNode(string Key, string Label, string? StepId, string? Kind, bool Standalone);

    /// <summary>An arrow: a sequence (no label), an endpoint into nested steps, or (dashed) a goto or a run.</summary>
    internal sealed record PictureEdge(string From, string To, string? Label, bool Dashed);

    /// <summary>A scope: its steps and nested scopes, in order. The outermost cluster (the flow) has no label and is not drawn.</summary>
    internal sealed class PictureCluster
    {
        public PictureCluster(string key, string? label)
        {
            Key = key;
            Label = label;
        }

        public string Key { get; }

        public string? Label { get; }

        /// <summary><see cref="PictureNode"/>s and <see cref="PictureCluster"/>s.</summary>
        public List<object> Items { get; } = new();
    }

    /// <summary>
    /// What <c>flow graph</c> and the HTTP API draw, independent of the format: nodes in nested clusters, and edges. Built from
    /// a flow's model by <c>FlowPictureBuilder</c> (where the model is compiled), or read back from its compact text
    /// (<see cref="FlowPictureText"/>) where only the compiled flow is at hand.
    /// </summary>
    internal sealed class FlowPicture
    {
        public const string StartKey = "start";

        public FlowPicture(string title)
        {
            Title = title;
            Root = new PictureCluster("flow", null);
        }

        public string Title { get; }

        public PictureCluster Root { get; }

        public List<PictureEdge> Edges { get; } = new();

        public IEnumerable<PictureNode> Nodes => All(Root).OfType<PictureNode>();

        private static IEnumerable<object> All(PictureCluster cluster)
            => cluster.Items.SelectMany(i => i is PictureCluster inner ? new object[] { inner }.Concat(All(inner)) : new[] { i });
    }
}
