using System;
using System.Collections.Generic;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// The status changes a journal allows (SPEC §5: <c>Pending → Running → (Waiting | Paused) → Completed | Failed | Cancelled</c>).
    /// Every journal implementation enforces the same table.
    /// </summary>
    /// <remarks>
    /// A checkpoint-mode run commits only at suspension and completion, so it may skip <c>Running</c>: Pending and Waiting
    /// may go straight to Waiting (a new suspension) or to an end. A paused run goes back to the status it was paused
    /// from, or is cancelled. Completed, Failed and Cancelled are final.
    /// </remarks>
    public static class RunStatusRules
    {
        private static readonly Dictionary<FlowStatus, FlowStatus[]> Moves = new()
        {
            [FlowStatus.Pending] = [FlowStatus.Running, FlowStatus.Waiting, FlowStatus.Completed, FlowStatus.Failed, FlowStatus.Cancelled],
            [FlowStatus.Running] = [FlowStatus.Waiting, FlowStatus.Paused, FlowStatus.Completed, FlowStatus.Failed, FlowStatus.Cancelled],
            [FlowStatus.Waiting] = [FlowStatus.Running, FlowStatus.Waiting, FlowStatus.Paused, FlowStatus.Completed, FlowStatus.Failed, FlowStatus.Cancelled],
            [FlowStatus.Paused] = [FlowStatus.Running, FlowStatus.Waiting, FlowStatus.Cancelled],
            [FlowStatus.Completed] = [],
            [FlowStatus.Failed] = [],
            [FlowStatus.Cancelled] = [],
        };

        /// <summary>True when a run may move from <paramref name="from"/> to <paramref name="to"/>.</summary>
        /// <remarks>Waiting → Waiting is a new suspension (a new snapshot); no other status moves to itself.</remarks>
        public static bool CanMove(FlowStatus from, FlowStatus to) => Array.IndexOf(Targets(from), to) >= 0;

        /// <summary>True for Completed, Failed and Cancelled.</summary>
        public static bool IsFinal(FlowStatus status) => Targets(status).Length == 0;

        /// <summary>Where a run in <paramref name="from"/> may go, in words, for error messages.</summary>
        public static string Describe(FlowStatus from)
        {
            var targets = Targets(from);
            return targets.Length == 0
                ? $"{from} is final."
                : $"from {from} a run may move to {string.Join(", ", targets)}.";
        }

        private static FlowStatus[] Targets(FlowStatus status)
            => Moves.TryGetValue(status, out var targets) ? targets : throw new ArgumentOutOfRangeException(nameof(status), status, "Not a run status.");
    }
}
