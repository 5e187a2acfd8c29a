namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>A state of a lifecycle template.</summary>
    internal sealed record LifecycleStateView(string Name, bool Final, bool Transit, string? Description);
}
