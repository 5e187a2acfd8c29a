using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>What every journal checks of a schedule's move (<see cref="IRunJournal.AdvanceScheduleAsync"/>) before it queues the write.</summary>
    internal static class ScheduleChecks
    {
        /// <summary>Checks that <paramref name="next"/> names a flow and that <paramref name="expected"/>, when given, is the same flow's.</summary>
        public static void Check(ScheduleState? expected, ScheduleState next)
        {
            ArgumentNullException.ThrowIfNull(next);
            ArgumentException.ThrowIfNullOrWhiteSpace(next.FlowId);
            if (expected is not null && !string.Equals(expected.FlowId, next.FlowId, StringComparison.Ordinal))
            {
                throw new ArgumentException($"The expected schedule is flow '{expected.FlowId}''s, not '{next.FlowId}''s.", nameof(expected));
            }
        }
    }
}
