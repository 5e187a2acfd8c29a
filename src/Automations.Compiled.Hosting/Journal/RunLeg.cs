using System;
using System.Collections.Generic;

namespace Automations.Compiled.Hosting
{
    /// <summary>A durable run's checkpoint, written by the worker that holds the run's outbox item.</summary>
    /// <param name="OutboxItemId">The item the worker holds.</param>
    /// <param name="Owner">The worker.</param>
    /// <param name="Lease">The lease is renewed for this long.</param>
    /// <param name="Snapshot">The checkpoint (<see cref="WaitKind.None"/>), already redacted of secret values.</param>
    /// <param name="Steps">The step tries since the last commit.</param>
    public sealed record RunCheckpoint(long OutboxItemId, string Owner, TimeSpan Lease, FlowSnapshot Snapshot, IReadOnlyList<StepEntry> Steps);

    /// <summary>What <see cref="IRunJournal.SaveCheckpointAsync"/> committed and what an operator asked of the run.</summary>
    /// <param name="LeaseHeld">False when the worker lost its lease and nothing was written: it must stop running the run.</param>
    /// <param name="Requested">A pause or a cancel an operator asked for, or <see cref="RunControl.None"/>.</param>
    public readonly record struct CheckpointCommit(bool LeaseHeld, RunControl Requested);

    /// <summary>What an operator asked of a run a worker holds; taken at its next checkpoint.</summary>
    public enum RunControl
    {
        /// <summary>Nothing.</summary>
        None,

        /// <summary>Pause at the next step boundary.</summary>
        Pause,

        /// <summary>Cancel at the next step boundary.</summary>
        Cancel,
    }

    /// <summary>The end of a worker's leg of a run (<see cref="IRunJournal.EndLegAsync"/>).</summary>
    public sealed class RunLegEnd
    {
        /// <summary>The item the worker holds.</summary>
        public required long OutboxItemId { get; init; }

        /// <summary>The worker.</summary>
        public required string Owner { get; init; }

        /// <summary>The run.</summary>
        public required Guid RunId { get; init; }

        /// <summary>Waiting, Paused, Completed, Failed or Cancelled.</summary>
        public required FlowStatus Status { get; init; }

        /// <summary>The step tries since the last commit.</summary>
        public IReadOnlyList<StepEntry> Steps { get; init; } = Array.Empty<StepEntry>();

        /// <summary>
        /// Waiting: the suspended state (required). Paused: the checkpoint (required). Failed: the last checkpoint, kept
        /// for a retry from the failed step (null keeps the run's current one). Ignored otherwise.
        /// </summary>
        public FlowSnapshot? Snapshot { get; init; }

        /// <summary>Output, stop message and error, for Completed, Failed and Cancelled.</summary>
        public RunOutcome? Outcome { get; init; }
    }

    /// <summary>An outbox item a worker put back (<see cref="IRunJournal.DeferOutboxAsync"/>).</summary>
    /// <param name="ItemId">The item.</param>
    /// <param name="RunId">Its run.</param>
    /// <param name="FlowId">The run's flow.</param>
    /// <param name="FlowVersion">The run's pinned version.</param>
    /// <param name="Reason">Why it was put back.</param>
    /// <param name="VisibleAt">When it is claimable again.</param>
    public sealed record DeferredItem(long ItemId, Guid RunId, string FlowId, int FlowVersion, string Reason, DateTimeOffset VisibleAt);
}
