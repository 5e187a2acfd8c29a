using System;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>One move in an entity's history.</summary>
    internal sealed record EntityHistoryView(long Sequence, DateTimeOffset At, string Action, string? From, string? To, string? RunId, string Outcome, string? Access);
}
