using System;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>What a waiting (or paused) run waits for.</summary>
    internal sealed record WaitingView(string Kind, string? Name, DateTimeOffset? Until);
}
