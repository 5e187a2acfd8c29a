using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary><c>GET /runs/{runId}</c>: a run with its data, steps, audit entries and the actions the caller may take.</summary>
    internal sealed record RunView(
        string RunId, string FlowId, int FlowVersion, string Status, string Trigger, string? IdempotencyKey, string? ParentRunId,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? EndedAt, string? Message, ErrorView? Error,
        string TraceId, JsonElement? Input, JsonElement? Output, IReadOnlyList<StepView> Steps, IReadOnlyList<AuditView> Audit,
        WaitingView? Waiting, IReadOnlyList<string> Actions)
        : RunSummary(RunId, FlowId, FlowVersion, Status, Trigger, IdempotencyKey, ParentRunId, CreatedAt, UpdatedAt, EndedAt, Message, Error);
}
