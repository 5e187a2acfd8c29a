using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Automations.Compiled.Model;

namespace Automations.Compiled.Cli.Graphs
{
    /// <summary>A step drawn as a box; <see cref="Key"/> is an identifier every output format accepts.</summary>
    internal sealed record PictureNode(string Key, string Label, StepKind? Kind, bool Standalone);

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

    /// <summary>What <c>flow graph</c> draws, independent of the format: nodes in nested clusters, and edges.</summary>
    internal sealed class FlowPicture
    {
        public const string StartKey = "start";

        private static readonly Regex Unsafe = new("[^A-Za-z0-9_]", RegexOptions.CultureInvariant);
        private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);
        private readonly HashSet<string> _usedKeys = new(StringComparer.Ordinal) { StartKey };
        private int _clusters;

        private FlowPicture(string title)
        {
            Title = title;
            Root = new PictureCluster("flow", null);
        }

        public string Title { get; }

        public PictureCluster Root { get; }

        public List<PictureEdge> Edges { get; } = new();

        public IEnumerable<PictureNode> Nodes => All(Root).OfType<PictureNode>();

        public static FlowPicture Of(FlowModel flow)
        {
            var picture = new FlowPicture(flow.Id.Length > 0 ? flow.Id : flow.TypeName);
            picture.Root.Items.Add(new PictureNode(StartKey, "start", null, Standalone: false));
            var all = flow.Standalone.Prepend(flow.Root).ToList();
            foreach (var scope in all)
            {
                picture.Declare(scope);
            }

            picture.Add(flow.Root, picture.Root, standalone: false);
            if (!flow.Root.Steps.IsEmpty)
            {
                picture.Edges.Insert(0, new PictureEdge(StartKey, picture._keys[flow.Root.Steps[0].Id], null, Dashed: false));
            }

            foreach (var scope in flow.Standalone)
            {
                picture.Add(scope, picture.Root, standalone: true);
            }

            return picture;
        }

        private static IEnumerable<object> All(PictureCluster cluster)
            => cluster.Items.SelectMany(i => i is PictureCluster inner ? All(inner).Prepend(inner) : new[] { i });

        /// <summary>Gives every step a key first, so a goto can point at a step drawn later.</summary>
        private void Declare(ScopeModel scope)
        {
            foreach (var step in scope.Steps)
            {
                var key = "n_" + Unsafe.Replace(step.Id, "_");
                for (var i = 2; !_usedKeys.Add(key); i++)
                {
                    key = "n_" + Unsafe.Replace(step.Id, "_") + "_" + i;
                }

                if (!_keys.ContainsKey(step.Id))
                {
                    _keys[step.Id] = key;
                }

                foreach (var endpoint in step.Endpoints)
                {
                    if (endpoint.Scope is { } inner)
                    {
                        Declare(inner);
                    }
                }
            }
        }

        private void Add(ScopeModel scope, PictureCluster cluster, bool standalone)
        {
            string? previous = null;
            foreach (var step in scope.Steps)
            {
                var key = _keys[step.Id];
                cluster.Items.Add(new PictureNode(key, step.Id, step.Kind, standalone));
                if (previous is not null)
                {
                    Edges.Add(new PictureEdge(previous, key, null, Dashed: false));
                }

                previous = key;
                foreach (var endpoint in step.Endpoints)
                {
                    var label = endpoint.Branch is { } branch ? "branch " + branch : endpoint.Name;
                    if (endpoint.Scope is { Steps.IsEmpty: false } inner)
                    {
                        var nested = new PictureCluster("cluster_" + ++_clusters, $"{step.Id}: {label}");
                        cluster.Items.Add(nested);
                        Edges.Add(new PictureEdge(key, _keys[inner.Steps[0].Id], label, Dashed: false));
                        Add(inner, nested, standalone);
                    }

                    if (endpoint.Goto is { } jump)
                    {
                        Jump(key, jump.Target, label);
                    }
                }

                if (step.NextGoto is { } next)
                {
                    Jump(key, next.Target, "goto");
                }

                if (step.Kind == StepKind.Run && step.Target is { } target)
                {
                    Jump(key, target, "run");
                }
            }
        }

        /// <summary>A goto or run to a step that does not exist is not drawn (<c>flow check</c> reports it).</summary>
        private void Jump(string from, string target, string label)
        {
            if (_keys.TryGetValue(target, out var to))
            {
                Edges.Add(new PictureEdge(from, to, label, Dashed: true));
            }
        }
    }
}
