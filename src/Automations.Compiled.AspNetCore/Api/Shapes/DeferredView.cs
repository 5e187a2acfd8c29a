using System;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>An outbox item put back, and when it runs.</summary>
    internal sealed record DeferredView(long ItemId, string RunId, string FlowId, int FlowVersion, string Reason, DateTimeOffset VisibleAt);
}
