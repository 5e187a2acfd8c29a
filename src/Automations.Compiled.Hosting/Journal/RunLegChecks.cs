using System;
using System.Collections.Generic;

namespace Automations.Compiled.Hosting
{
    /// <summary>What every journal checks of a leg's checkpoint or end before it queues the write.</summary>
    internal static class RunLegChecks
    {
        /// <summary>
        /// The status a leg's end commits: a suspension is a step boundary too, so a pause or cancel an operator asked for
        /// during the leg (<paramref name="control"/>) is taken there.
        /// </summary>
        public static FlowStatus StatusAtEnd(FlowStatus ended, RunControl control)
            => ended == FlowStatus.Waiting && control != RunControl.None
                ? control == RunControl.Pause ? FlowStatus.Paused : FlowStatus.Cancelled
                : ended;

        /// <summary>
        /// What a run paused at its leg's end resumes as: paused by the worker, it goes on from the checkpoint as a running
        /// run; paused at a suspension, it waits again. Null when <paramref name="committed"/> is not a pause.
        /// </summary>
        public static FlowStatus? PausedFrom(FlowStatus committed, FlowStatus ended)
            => committed == FlowStatus.Paused ? (ended == FlowStatus.Paused ? FlowStatus.Running : FlowStatus.Waiting) : null;

        /// <summary>Checks a checkpoint before it is queued; returns its step tries and its wait as JSON.</summary>
        public static (IReadOnlyList<StepEntry> Steps, string WaitJson) Check(RunCheckpoint checkpoint)
        {
            ArgumentNullException.ThrowIfNull(checkpoint);
            ArgumentException.ThrowIfNullOrWhiteSpace(checkpoint.Owner);
            ArgumentNullException.ThrowIfNull(checkpoint.Snapshot);
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(checkpoint.Lease, TimeSpan.Zero);
            var snapshot = checkpoint.Snapshot;
            if (snapshot.Wait.Kind != WaitKind.None)
            {
                throw new ArgumentException($"A checkpoint's wait is WaitKind.None, not {snapshot.Wait.Kind}: a suspension ends the leg (EndLegAsync with Waiting).", nameof(checkpoint));
            }

            return (StepsOf(checkpoint.Steps, snapshot.RunId, nameof(checkpoint)), WaitSpecJson.Write(snapshot.Wait));
        }

        /// <summary>
        /// Checks a leg's end before it is queued; returns the snapshot it saves (null: none), its step tries, that
        /// snapshot's wait as JSON, and the outcome kept (only for the three final statuses).
        /// </summary>
        public static (FlowSnapshot? Snapshot, IReadOnlyList<StepEntry> Steps, string? WaitJson, RunOutcome? Outcome) Check(RunLegEnd end)
        {
            ArgumentNullException.ThrowIfNull(end);
            ArgumentException.ThrowIfNullOrWhiteSpace(end.Owner);
            var snapshot = end.Status switch
            {
                FlowStatus.Waiting or FlowStatus.Paused => end.Snapshot ?? throw new ArgumentException($"Ending a leg {end.Status} needs its snapshot.", nameof(end)),
                FlowStatus.Failed => end.Snapshot,
                FlowStatus.Completed or FlowStatus.Cancelled => null,
                _ => throw new ArgumentException($"A leg ends Waiting, Paused, Completed, Failed or Cancelled, not {end.Status}.", nameof(end)),
            };
            if (snapshot is not null)
            {
                var checkpoint = snapshot.Wait.Kind == WaitKind.None;
                if (snapshot.RunId != end.RunId || checkpoint != (end.Status != FlowStatus.Waiting))
                {
                    throw new ArgumentException(
                        $"A leg of run {end.RunId:N} ending {end.Status} needs {(end.Status == FlowStatus.Waiting ? "its suspended state" : "a checkpoint (WaitKind.None)")} of that run.",
                        nameof(end));
                }
            }

            var steps = StepsOf(end.Steps, end.RunId, nameof(end));
            var waitJson = snapshot is null ? null : WaitSpecJson.Write(snapshot.Wait);
            var outcome = RunStatusRules.IsFinal(end.Status) ? end.Outcome : null;
            return (snapshot, steps, waitJson, outcome);
        }

        private static IReadOnlyList<StepEntry> StepsOf(IReadOnlyList<StepEntry>? steps, Guid runId, string parameter)
        {
            steps ??= [];
            for (var i = 0; i < steps.Count; i++) // an index, not the list's boxed enumerator
            {
                var step = steps[i];
                ArgumentNullException.ThrowIfNull(step, parameter);
                ArgumentException.ThrowIfNullOrEmpty(step.StepId, parameter);
                if (step.RunId != runId)
                {
                    throw new ArgumentException($"A step try of run {step.RunId:N} cannot be committed with run {runId:N}.", parameter);
                }
            }

            return steps;
        }
    }
}
