using System;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>An engaged kill switch.</summary>
    internal sealed record KillSwitchView(string Scope, string Mode, string Reason, string? By, DateTimeOffset EngagedAt);
}
