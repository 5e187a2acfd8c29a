using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Automations.Compiled.Graphs;
using Automations.Compiled.Model;

namespace Automations.Compiled.Emit
{
    /// <summary>
    /// A flow's model as a <see cref="FlowPicture"/>: what <c>flow graph</c> draws and what the generator embeds in
    /// <c>FlowInfo.Graph</c>. Lives beside the emitter, not in Shared/Graphs, because only the generator and the CLI compile the model.
    /// </summary>
    internal sealed class FlowPictureBuilder
    {
        private static readonly Regex Unsafe = new("[^A-Za-z0-9_]", RegexOptions.CultureInvariant);
        private readonly FlowPicture _picture;
        private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);
        private readonly HashSet<string> _usedKeys = new(StringComparer.Ordinal) { FlowPicture.StartKey };
        private int _clusters;

        private FlowPictureBuilder(FlowPicture picture) => _picture = picture;

        public static FlowPicture Of(FlowModel flow)
        {
            var picture = new FlowPicture(flow.Id.Length > 0 ? flow.Id : flow.TypeName);
            var builder = new FlowPictureBuilder(picture);
            picture.Root.Items.Add(new PictureNode(FlowPicture.StartKey, "start", null, null, Standalone: false));
            builder.Declare(flow.Root);
            foreach (var scope in flow.Standalone)
            {
                builder.Declare(scope);
            }

            builder.Add(flow.Root, picture.Root, standalone: false);
            if (!flow.Root.Steps.IsEmpty)
            {
                picture.Edges.Insert(0, new PictureEdge(FlowPicture.StartKey, builder._keys[flow.Root.Steps[0].Id], null, Dashed: false));
            }

            foreach (var scope in flow.Standalone)
            {
                builder.Add(scope, picture.Root, standalone: true);
            }

            return picture;
        }

        /// <summary>A step kind as flows write it (<c>foreach</c>, <c>condition</c>).</summary>
        public static string Kind(StepKind kind) => kind.ToString().ToLowerInvariant();

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
                cluster.Items.Add(new PictureNode(key, step.Id, step.Id, Kind(step.Kind), standalone));
                if (previous is not null)
                {
                    _picture.Edges.Add(new PictureEdge(previous, key, null, Dashed: false));
                }

                previous = key;
                foreach (var endpoint in step.Endpoints)
                {
                    var label = endpoint.Branch is { } branch ? "branch " + branch : endpoint.Name;
                    if (endpoint.Scope is { Steps.IsEmpty: false } inner)
                    {
                        var nested = new PictureCluster("cluster_" + ++_clusters, $"{step.Id}: {label}");
                        cluster.Items.Add(nested);
                        _picture.Edges.Add(new PictureEdge(key, _keys[inner.Steps[0].Id], label, Dashed: false));
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
                _picture.Edges.Add(new PictureEdge(from, to, label, Dashed: true));
            }
        }
    }
}
