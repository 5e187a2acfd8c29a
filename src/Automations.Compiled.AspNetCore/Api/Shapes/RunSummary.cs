using System;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>A run as lists show it.</summary>
    internal record RunSummary(
        string RunId, string FlowId, int FlowVersion, string Status, string Trigger, string? IdempotencyKey, string? ParentRunId,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? EndedAt, string? Message, ErrorView? Error);
}
