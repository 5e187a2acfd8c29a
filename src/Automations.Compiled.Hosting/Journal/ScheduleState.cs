using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>A scheduled flow's place in its schedule, as the journal keeps it.</summary>
    /// <param name="FlowId">The flow.</param>
    /// <param name="Cron">The cron expression it was computed from.</param>
    /// <param name="TimeZone">The IANA time zone it was computed in.</param>
    /// <param name="NextAt">The next occurrence not yet fired; null when the expression has no more.</param>
    /// <param name="LastAt">The last occurrence handled (fired, or skipped by the catch-up setting), or null.</param>
    public sealed record ScheduleState(string FlowId, string Cron, string TimeZone, DateTimeOffset? NextAt, DateTimeOffset? LastAt);
}
