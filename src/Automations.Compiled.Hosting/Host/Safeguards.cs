using System;
using System.Collections.Generic;
using System.Globalization;

namespace Automations.Compiled.Hosting
{
    /// <summary>What the host asks of the journal for a flow's declared safeguards, and the checks it makes itself.</summary>
    internal static class Safeguards
    {
        /// <summary>
        /// The throttles a start of <paramref name="info"/> by <paramref name="trigger"/> must fit: every flow-scoped one, and
        /// the trigger-scoped ones when the flow's own trigger made the start. Null when none applies (nothing to count).
        /// </summary>
        public static IReadOnlyList<ThrottleSlot>? Throttles(FlowInfo info, FlowTrigger trigger)
        {
            var declared = info.Safeguards.Throttles;
            if (declared.Count == 0)
            {
                return null;
            }

            List<ThrottleSlot>? slots = null;
            foreach (var throttle in declared)
            {
                if (throttle.Scope == ThrottleScope.Trigger && (trigger.Kind == "manual" || !string.Equals(trigger.Kind, info.Trigger.Kind, StringComparison.Ordinal)))
                {
                    continue;
                }

                // Per flow id, not per version: a new version shares its predecessor's windows. The limit is in the key so a
                // flow with two throttles of one window counts each.
                var key = string.Create(CultureInfo.InvariantCulture, $"{(throttle.Scope == ThrottleScope.Flow ? "flow" : "trigger")}:{info.Id}:{(long)throttle.Window.TotalMilliseconds}:{throttle.Limit}");
                (slots ??= new List<ThrottleSlot>(declared.Count)).Add(new ThrottleSlot(key, throttle.Limit, throttle.Window, throttle.Mode == ThrottleMode.Refuse));
            }

            return slots;
        }

        /// <summary>Why a start of <paramref name="info"/> caused by <paramref name="chain"/> (null: by no run) is refused by the host's own checks; null when it may start.</summary>
        public static RunError? Refusal(FlowInfo info, IReadOnlyList<CausationLink>? chain, string? subject, DateTimeOffset now, SafeguardOptions options)
            => chain is null ? null : RunCause.Check(chain, info.Id, subject, now, options);
    }
}
