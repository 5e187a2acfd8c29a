namespace Automations.Compiled
{
    /// <summary>Why an occurrence of a <see cref="CronSchedule"/> is not simply its wall-clock time read in the zone.</summary>
    public enum ScheduleAdjustment
    {
        /// <summary>The wall-clock time exists once in the zone and the occurrence is at that instant.</summary>
        None,

        /// <summary>
        /// The wall-clock time fell in a spring-forward gap (it does not exist that day), so the occurrence moved to
        /// the first instant after the gap. Several times in one gap make this one occurrence.
        /// </summary>
        MovedOutOfGap,

        /// <summary>
        /// The wall-clock time repeats in a fall-back overlap and this is its second pass (the later offset). Only
        /// interval expressions (<see cref="CronSchedule.IsInterval"/>) have these; others run in the first pass only.
        /// </summary>
        SecondPassOfOverlap,
    }
}
