using System.Collections.Generic;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>A flow as <c>GET /flows</c> lists it.</summary>
    internal record FlowSummary(string Id, string? Description, int LatestVersion, TriggerView Trigger, IReadOnlyList<string> Roles, string Journal, bool Hosted, RunCounts Runs);
}
