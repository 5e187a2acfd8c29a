using System;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>An operator's action on a run.</summary>
    internal sealed record AuditView(DateTimeOffset At, string By, string Action, string? Detail);
}
