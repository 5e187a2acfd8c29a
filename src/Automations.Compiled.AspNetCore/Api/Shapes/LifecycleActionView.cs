namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>An action of a lifecycle template.</summary>
    internal sealed record LifecycleActionView(string Name, string Reference, string? From, string Transit, string? To, string? Error, string Access, string? FlowId, int Priority);
}
