namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>The body of <c>POST /kill-switches</c>.</summary>
    internal sealed record KillSwitchRequest(string? Scope, string? Mode, string? Reason);
}
