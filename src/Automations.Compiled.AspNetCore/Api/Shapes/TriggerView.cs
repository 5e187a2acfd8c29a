namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>A flow's trigger: its kind and, per kind, the cron, path, event or record object.</summary>
    internal sealed record TriggerView(string Kind, string? Detail);
}
