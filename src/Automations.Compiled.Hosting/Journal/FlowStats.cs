using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>How much a flow has been used.</summary>
    /// <param name="FlowId">The flow id.</param>
    /// <param name="RunCount">Runs started, over every version (an idempotent repeat does not count).</param>
    /// <param name="LastRunAt">When the last run started, or null when none has.</param>
    public sealed record FlowStats(string FlowId, long RunCount, DateTimeOffset? LastRunAt);
}
