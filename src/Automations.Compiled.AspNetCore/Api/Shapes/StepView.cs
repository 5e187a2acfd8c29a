using System;
using System.Text.Json;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>One try of a step in a run's history.</summary>
    internal sealed record StepView(
        string StepId, int Attempt, string Status, string? Endpoint, DateTimeOffset StartedAt, DateTimeOffset EndedAt, double DurationMs,
        JsonElement? Output, string? Error);
}
