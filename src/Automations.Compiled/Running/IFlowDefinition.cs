using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled
{
    /// <summary>A compiled flow. The generator implements it on every <c>[Flow]</c> class.</summary>
    public interface IFlowDefinition
    {
        /// <summary>What the flow is.</summary>
        FlowInfo Info { get; }

        /// <summary>Runs the flow in memory with an untyped input (null when the flow takes none).</summary>
        ValueTask<FlowResult> RunAsync(object? input, FlowRunOptions? options = null, CancellationToken cancellationToken = default);

        /// <summary>Resumes a suspended run where it stopped.</summary>
        ValueTask<FlowResult> ResumeAsync(FlowSnapshot snapshot, ResumeSignal signal, FlowRunOptions? options = null, CancellationToken cancellationToken = default);
    }

    /// <summary>Static facts about a compiled flow.</summary>
    public sealed class FlowInfo
    {
        /// <summary>Created by generated code.</summary>
        public FlowInfo(string id, int version, string? description, Type? inputType, JournalMode journal, string[] roles, string[] stepIds)
        {
            Id = id;
            Version = version;
            Description = description;
            InputType = inputType;
            Journal = journal;
            Roles = roles;
            StepIds = stepIds;
        }

        /// <summary>The flow id.</summary>
        public string Id { get; }

        /// <summary>The flow version.</summary>
        public int Version { get; }

        /// <summary>The description.</summary>
        public string? Description { get; }

        /// <summary>The input type, or null.</summary>
        public Type? InputType { get; }

        /// <summary>The journal mode.</summary>
        public JournalMode Journal { get; }

        /// <summary>Roles allowed to start the flow manually.</summary>
        public IReadOnlyList<string> Roles { get; }

        /// <summary>Every step id, in tree order.</summary>
        public IReadOnlyList<string> StepIds { get; }

        /// <summary>When the flow runs: its trigger (manual when it declares none).</summary>
        public FlowTriggerInfo Trigger { get; init; } = FlowTriggerInfo.Manual;

        /// <summary>Its throttles, concurrency cap, budgets and the actions it calls.</summary>
        public FlowSafeguards Safeguards { get; init; } = FlowSafeguards.None;

        /// <summary>
        /// The flow's graph as the generator drew it (steps, scopes and arrows, in the compact text of
        /// <c>src/Shared/Graphs/FlowPictureText.cs</c>, first line <c>flowgraph 1 {id}</c>), for the HTTP API and the dashboard
        /// to render as SVG or Mermaid; null for a flow built without it.
        /// </summary>
        public string? Graph { get; init; }

        /// <inheritdoc />
        public override string ToString() => $"{Id} v{Version}";
    }

    /// <summary>The flows a run can start as subflows, by id and version.</summary>
    public sealed class FlowCatalog
    {
        private readonly Dictionary<string, SortedList<int, IFlowDefinition>> _flows = new(StringComparer.Ordinal);

        /// <summary>Adds a flow; a second flow with the same id and version is an error.</summary>
        public FlowCatalog Add(IFlowDefinition flow)
        {
            if (!_flows.TryGetValue(flow.Info.Id, out var versions))
            {
                versions = new SortedList<int, IFlowDefinition>();
                _flows.Add(flow.Info.Id, versions);
            }

            if (versions.ContainsKey(flow.Info.Version))
            {
                throw new InvalidOperationException($"Flow '{flow.Info.Id}' version {flow.Info.Version} is already in the catalog.");
            }

            versions.Add(flow.Info.Version, flow);
            return this;
        }

        /// <summary>Finds a flow; version 0 means the latest.</summary>
        public IFlowDefinition? Find(string id, int version = 0)
        {
            if (!_flows.TryGetValue(id, out var versions) || versions.Count == 0)
            {
                return null;
            }

            if (version == 0)
            {
                return versions.Values[versions.Count - 1];
            }

            return versions.TryGetValue(version, out var flow) ? flow : null;
        }
    }
}
