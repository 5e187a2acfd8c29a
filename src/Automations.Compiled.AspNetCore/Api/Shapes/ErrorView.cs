namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>Why a run failed.</summary>
    internal sealed record ErrorView(string? StepId, string Message, string? Type);
}
