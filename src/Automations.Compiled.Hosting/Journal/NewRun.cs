using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>A run to start (<see cref="IRunJournal.StartRunAsync"/>).</summary>
    public sealed class NewRun
    {
        /// <summary>The flow id; a version of it must be registered.</summary>
        public required string FlowId { get; init; }

        /// <summary>The flow version the run is pinned to.</summary>
        public required int FlowVersion { get; init; }

        /// <summary>The run id; the journal makes one (time-ordered) when empty.</summary>
        public Guid RunId { get; init; }

        /// <summary>The W3C trace id (32 hex digits); the journal makes one when null.</summary>
        public string? TraceId { get; init; }

        /// <summary>Starting the flow again with this key returns the first run instead of a new one.</summary>
        public string? IdempotencyKey { get; init; }

        /// <summary>The trigger kind: <c>manual</c>, <c>record</c>, <c>schedule</c>, <c>webhook</c>, <c>event</c>.</summary>
        public string TriggerKind { get; init; } = "manual";

        /// <summary>The trigger event and input, serialised and already redacted by the caller.</summary>
        public ReadOnlyMemory<byte> Payload { get; init; }

        /// <summary>
        /// When set, the run's start item is created leased to this owner for <see cref="Lease"/>: the host that starts
        /// the run runs it at once, without another commit to claim it; if that host dies, the lease expires and any
        /// worker takes the run over. Such a run is accepted and started in one commit: it is Running at once.
        /// </summary>
        public string? LeaseOwner { get; init; }

        /// <summary>How long the lease of <see cref="LeaseOwner"/> lasts. Default 30 seconds.</summary>
        public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(30);

        /// <summary>The run that started this one as a subflow, if any.</summary>
        public Guid? ParentRunId { get; init; }

        /// <summary>
        /// When set, the start is refused and recorded as such: the run is written <see cref="FlowStatus.Failed"/> with this
        /// error and its payload, and nothing is queued (an operator can retry it). The journal refuses a start on its own
        /// when a kill switch covers the flow (<see cref="RunRefusals.KillSwitch"/>) or a refusing throttle is full.
        /// </summary>
        public RunError? Refusal { get; init; }

        /// <summary>
        /// The throttles the start must fit, checked in the start's transaction (so every host counts against one window): a
        /// start beyond a queueing throttle waits, its start item not claimable before the first window with room (and
        /// not leased to <see cref="LeaseOwner"/>); a start beyond a refusing one is refused (<see cref="RunRefusals.Throttle"/>).
        /// </summary>
        public System.Collections.Generic.IReadOnlyList<ThrottleSlot>? Throttles { get; init; }
    }
}
