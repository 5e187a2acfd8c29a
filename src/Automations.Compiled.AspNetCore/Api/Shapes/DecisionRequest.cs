namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>The body of an approve or reject.</summary>
    internal sealed record DecisionRequest(string? Comment);
}
