using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Automations.Compiled.Model;

namespace Automations.Compiled.Cli.Graphs
{
    /// <summary>What a node of a state diagram stands for.</summary>
    internal enum StateNodeKind
    {
        /// <summary>The start marker: create actions leave it.</summary>
        Start,

        /// <summary>A state entities rest in.</summary>
        State,

        /// <summary>A state entities pass through while an action runs: the transit state of some action (<c>LifecycleState.IsTransit</c>).</summary>
        Transit,

        /// <summary>A state marked final: the end of the entity's life, with no way out.</summary>
        Final,

        /// <summary>The end marker: destroy actions (and failed creates without an error state) reach it.</summary>
        End,
    }

    /// <summary>What an arrow of a state diagram stands for.</summary>
    internal enum StateEdgeKind
    {
        /// <summary>Triggering an action: from its state (or the start marker) to its transit state.</summary>
        Action,

        /// <summary>The action ended well: from its transit state to its <c>to</c> state (or the end marker).</summary>
        Success,

        /// <summary>The action's flow failed: from its transit state to its error state, else back to its from state.</summary>
        Failure,
    }

    /// <summary>A state or a marker; <see cref="Key"/> is an identifier every output format accepts.</summary>
    internal sealed record StateNode(string Key, string Label, StateNodeKind Kind, string? Description);

    /// <summary>An arrow between two <see cref="StateNode"/> keys.</summary>
    internal sealed record StateEdge(string From, string To, string Label, StateEdgeKind Kind);

    /// <summary>
    /// What <c>flow graph</c> draws for a lifecycle template, independent of the format: the start marker, the states in
    /// declaration order, the end marker (when something reaches it), and an arrow per action, then one per outcome.
    /// </summary>
    internal sealed class StatePicture
    {
        public const string StartKey = "start";
        public const string EndKey = "end";

        private static readonly Regex Unsafe = new("[^A-Za-z0-9_]", RegexOptions.CultureInvariant);
        private static readonly string[] AccessNames = { "User", "Manager", "Root" };

        private StatePicture(string title, IReadOnlyList<StateNode> nodes, IReadOnlyList<StateEdge> edges)
        {
            Title = title;
            Nodes = nodes;
            Edges = edges;
        }

        public string Title { get; }

        /// <summary>The start marker, the states in declaration order, then the end marker when an arrow reaches it.</summary>
        public IReadOnlyList<StateNode> Nodes { get; }

        /// <summary>Action arrows in declaration order, then success and failure arrows (one per pair of nodes, labelled with every action that takes it).</summary>
        public IReadOnlyList<StateEdge> Edges { get; }

        /// <summary>Draws a template the validator found no error in (an arrow to a state the template lacks is left out).</summary>
        public static StatePicture Of(LifecycleModel model)
        {
            var keys = new Dictionary<string, string>(StringComparer.Ordinal);
            var used = new HashSet<string>(StringComparer.Ordinal) { StartKey, EndKey };
            foreach (var state in model.States)
            {
                if (keys.ContainsKey(state.Name))
                {
                    continue;
                }

                var key = "s_" + Unsafe.Replace(state.Name, "_");
                for (var i = 2; !used.Add(key); i++)
                {
                    key = "s_" + Unsafe.Replace(state.Name, "_") + "_" + i;
                }

                keys.Add(state.Name, key);
            }

            var edges = new List<StateEdge>();
            var outcomes = new List<(string From, string To, StateEdgeKind Kind, List<string> Actions)>();
            foreach (var action in model.Actions)
            {
                if (action.Transit is not { } transitName || !keys.TryGetValue(transitName, out var transit))
                {
                    continue;
                }

                if (Node(action.From, StartKey) is { } from)
                {
                    edges.Add(new StateEdge(from, transit, Label(action), StateEdgeKind.Action));
                }

                if (Node(action.To, EndKey) is { } to)
                {
                    Outcome(transit, to, StateEdgeKind.Success, action.Name);
                }

                // Only a flow can fail (LifecycleValidator.Reachable): an action without one always reaches its to state.
                if (action.Flow is not null && Node(action.Error ?? action.From, EndKey) is { } back)
                {
                    Outcome(transit, back, StateEdgeKind.Failure, action.Name);
                }
            }

            edges.AddRange(outcomes.Select(o => new StateEdge(o.From, o.To, string.Join(", ", o.Actions) + (o.Kind == StateEdgeKind.Failure ? " failed" : ""), o.Kind)));

            // As the emitter marks LifecycleState.IsTransit: the transit state of some action.
            var transits = new HashSet<string>(model.Actions.Where(a => a.Transit is not null).Select(a => a.Transit!), StringComparer.Ordinal);

            var nodes = new List<StateNode> { new(StartKey, "start", StateNodeKind.Start, null) };
            foreach (var state in model.States)
            {
                if (nodes.Any(n => n.Key == keys[state.Name]))
                {
                    continue;
                }

                var kind = state.Final ? StateNodeKind.Final : transits.Contains(state.Name) ? StateNodeKind.Transit : StateNodeKind.State;
                nodes.Add(new StateNode(keys[state.Name], state.Name, kind, state.Description));
            }

            if (edges.Any(e => e.To == EndKey))
            {
                nodes.Add(new StateNode(EndKey, "end", StateNodeKind.End, null));
            }

            return new StatePicture(model.Id.Length > 0 ? model.Id : model.TypeName, nodes, edges);

            // No state: the start marker as a from state (create), the end marker as a destination (destroy, failed create).
            string? Node(string? state, string marker)
                => state is null ? marker : keys.TryGetValue(state, out var key) ? key : null;

            void Outcome(string from, string to, StateEdgeKind kind, string action)
            {
                var index = outcomes.FindIndex(o => o.From == from && o.To == to && o.Kind == kind);
                if (index < 0)
                {
                    outcomes.Add((from, to, kind, new List<string> { action }));
                }
                else if (!outcomes[index].Actions.Contains(action))
                {
                    outcomes[index].Actions.Add(action);
                }
            }
        }

        /// <summary>UML's <c>event [guard] / effect</c>: the action's name, its access level when not User, its flow.</summary>
        internal static string Label(LifecycleActionModel action)
        {
            var label = action.Name;
            if (action.Access > 0)
            {
                label += " [" + (action.Access < AccessNames.Length ? AccessNames[action.Access] : action.Access.ToString(System.Globalization.CultureInfo.InvariantCulture)) + "]";
            }

            if (action.Flow is { } flow)
            {
                label += " / " + (flow.ByType ? flow.FlowId ?? flow.Name.Replace("global::", "") : flow.Name);
            }

            return label;
        }
    }
}
