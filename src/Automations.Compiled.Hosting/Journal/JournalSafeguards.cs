using System;
using System.Collections.Generic;
using System.Globalization;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// What every journal decides the same way for the safeguards: which kill switch refuses a start, where a throttled
    /// start goes, and what a refused run says. Journals keep the state; these rules read it.
    /// </summary>
    internal static class JournalSafeguards
    {
        /// <summary>The scope keys that cover a run of <paramref name="flowId"/> v<paramref name="version"/>: global, the flow, the version.</summary>
        public static string VersionKey(string flowId, int version) => flowId + "@" + version.ToString(CultureInfo.InvariantCulture);

        /// <summary>The error a start refused by the kill switch on <paramref name="scope"/> is recorded with.</summary>
        public static RunError KillRefusal(KillScope scope, string reason)
            => new(null, $"Refused: the kill switch on {scope} is engaged ({reason}). Lift it (flow runs kill --lift) and retry this run to start it.", RunRefusals.KillSwitch);

        /// <summary>The message a run cancelled by a kill switch keeps.</summary>
        public static string KillCancelMessage(KillScope scope, string reason) => $"Cancelled by the kill switch on {scope} ({reason}).";

        /// <summary>
        /// Where a start goes in throttle <paramref name="slot"/>, whose latest window (UTC milliseconds) holds
        /// <paramref name="count"/> starts (null: none yet): the window it counts in, the count there after it, and when it
        /// may run (<paramref name="now"/>, or a later window's start when the current ones are full).
        /// </summary>
        public static ThrottleReservation Reserve(ThrottleSlot slot, long? windowStart, int count, long now)
        {
            var length = Math.Max(1L, (long)slot.Window.TotalMilliseconds);
            var current = now - (((now % length) + length) % length);
            if (windowStart is not { } start || start < current)
            {
                return new ThrottleReservation(current, 1, now);
            }

            return count < slot.Limit
                ? new ThrottleReservation(start, count + 1, Math.Max(now, start))
                : new ThrottleReservation(start + length, 1, start + length);
        }

        /// <summary>The error a start refused by a full throttle is recorded with.</summary>
        public static RunError ThrottleRefusal(string flowId, ThrottleSlot slot, long nextRoom)
            => new(
                null,
                $"Refused: flow '{flowId}' takes at most {slot.Limit} start(s) per {slot.Window.ToString("c", CultureInfo.InvariantCulture)} ({slot.Key}) and this window is full; the next window with room opens at {DateTimeOffset.FromUnixTimeMilliseconds(nextRoom):O}.",
                RunRefusals.Throttle);

        /// <summary>
        /// The reservations a start makes in its throttles, or the refusal of the first refusing throttle that is full.
        /// <paramref name="read"/> gives a key's latest window and count (null: none yet).
        /// </summary>
        public static (List<(ThrottleSlot Slot, ThrottleReservation Reservation)> Reservations, long AvailableAt, RunError? Refusal) Plan(
            string flowId, IReadOnlyList<ThrottleSlot> slots, long now, Func<string, (long Start, int Count)?> read)
        {
            var reservations = new List<(ThrottleSlot, ThrottleReservation)>(slots.Count);
            var availableAt = now;
            foreach (var slot in slots)
            {
                var row = read(slot.Key);
                var reservation = Reserve(slot, row?.Start, row?.Count ?? 0, now);
                if (slot.Refuse && reservation.AvailableAt > now)
                {
                    return (reservations, now, ThrottleRefusal(flowId, slot, reservation.AvailableAt));
                }

                reservations.Add((slot, reservation));
                availableAt = Math.Max(availableAt, reservation.AvailableAt);
            }

            return (reservations, availableAt, null);
        }

        /// <summary>
        /// What engaging a kill switch in <paramref name="mode"/> does to a run it covers, in <paramref name="status"/> with
        /// <paramref name="control"/> pending, <paramref name="leased"/> when a worker holds it under a lease that has not run out.
        /// </summary>
        public static KillStep OnEngage(KillMode mode, FlowStatus status, RunControl control, bool leased)
        {
            if (mode == KillMode.Cancel)
            {
                // As CancelRunAsync: a worker holding the run ends it at its next checkpoint, otherwise now.
                return status != FlowStatus.Paused && leased ? KillStep.AskToCancel : KillStep.CancelNow;
            }

            if (status == FlowStatus.Paused || control != RunControl.None)
            {
                return KillStep.None; // paused by someone already, or being cancelled: not this switch's to resume
            }

            // Held by a worker: it pauses at its next checkpoint. Pending and not yet claimed: no worker claims it while the
            // request stands (a run asked to pause before it started does not start).
            return status == FlowStatus.Waiting && !leased ? KillStep.PauseNow : KillStep.AskToPause;
        }

        /// <summary>The engaged switch among <paramref name="switches"/> that holds a run of the flow paused, other than the one lifted.</summary>
        public static KillSwitch? StillPausing(IEnumerable<KillSwitch> switches, string flowId, int version)
        {
            foreach (var kill in switches)
            {
                if (kill.Mode == KillMode.Pause && kill.Scope.Covers(flowId, version))
                {
                    return kill;
                }
            }

            return null;
        }

        /// <summary>Checks a kill switch before a journal keeps it.</summary>
        public static void Check(KillSwitch kill)
        {
            ArgumentNullException.ThrowIfNull(kill);
            ArgumentNullException.ThrowIfNull(kill.Scope);
            ArgumentException.ThrowIfNullOrWhiteSpace(kill.Reason, nameof(kill));
            if (kill.Scope.FlowId is { } flow && string.IsNullOrWhiteSpace(flow))
            {
                throw new ArgumentException("A kill switch's flow id is not blank (use KillScope.Global for every flow).", nameof(kill));
            }
        }
    }

    /// <summary>What engaging a kill switch does to one run it covers (<see cref="JournalSafeguards.OnEngage"/>).</summary>
    internal enum KillStep
    {
        /// <summary>Nothing: it is paused already, or being cancelled.</summary>
        None,

        /// <summary>Cancelled now, with the switch's reason as its message (its queued items and snapshot go).</summary>
        CancelNow,

        /// <summary>Asked to cancel at its next checkpoint.</summary>
        AskToCancel,

        /// <summary>Paused now (a waiting run; a lease that ran out is revoked), and marked as the switch's.</summary>
        PauseNow,

        /// <summary>Asked to pause at its next checkpoint (or not to start), and marked as the switch's.</summary>
        AskToPause,
    }

    /// <summary>Where a start goes in a throttle: the window it counts in (UTC ms), the count there after it, and when it may run.</summary>
    internal readonly record struct ThrottleReservation(long WindowStart, int Count, long AvailableAt);
}
