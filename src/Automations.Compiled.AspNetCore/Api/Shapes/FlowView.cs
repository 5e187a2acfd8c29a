using System.Collections.Generic;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary><c>GET /flows/{flowId}</c>: a flow with its versions and inputs.</summary>
    internal sealed record FlowView(
        string Id, string? Description, int LatestVersion, TriggerView Trigger, IReadOnlyList<string> Roles, string Journal, bool Hosted, RunCounts Runs,
        IReadOnlyList<FlowVersionView> Versions, IReadOnlyList<InputView> Inputs)
        : FlowSummary(Id, Description, LatestVersion, Trigger, Roles, Journal, Hosted, Runs);
}
