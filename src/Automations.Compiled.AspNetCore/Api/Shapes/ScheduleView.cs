using System;
using System.Collections.Generic;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>A scheduled flow with its next occurrences.</summary>
    internal sealed record ScheduleView(string FlowId, string Cron, string TimeZone, DateTimeOffset? NextAt, DateTimeOffset? LastAt, IReadOnlyList<DateTimeOffset> Next);
}
