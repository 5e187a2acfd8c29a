using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>A suspended run found by its timer or its event; load its snapshot to resume it.</summary>
    /// <param name="RunId">The run id.</param>
    /// <param name="FlowId">The flow id.</param>
    /// <param name="FlowVersion">The pinned flow version.</param>
    /// <param name="StepId">The step it waits at.</param>
    /// <param name="Kind">What it waits for.</param>
    /// <param name="DueAt">When its timer or timeout fires, or null.</param>
    /// <param name="EventName">The event it waits for, or null.</param>
    public sealed record WaitingRun(Guid RunId, string FlowId, int FlowVersion, string StepId, WaitKind Kind, DateTimeOffset? DueAt, string? EventName);
}
