using System;

namespace Automations.Compiled
{
    /// <summary>One occurrence of a <see cref="CronSchedule"/>.</summary>
    /// <param name="Time">The instant, carrying the zone's UTC offset at that instant.</param>
    /// <param name="ScheduledLocalTime">
    /// The wall-clock time in the schedule's zone that the cron expression matched. It differs from
    /// <c>Time.DateTime</c> only for <see cref="ScheduleAdjustment.MovedOutOfGap"/>, where it is the (first) time in
    /// the gap that moved.
    /// </param>
    /// <param name="Adjustment">Whether daylight saving moved or repeated this occurrence.</param>
    public readonly record struct ScheduleOccurrence(DateTimeOffset Time, DateTime ScheduledLocalTime, ScheduleAdjustment Adjustment);
}
