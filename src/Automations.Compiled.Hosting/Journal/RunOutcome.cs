namespace Automations.Compiled.Hosting
{
    /// <summary>What a run ended with, kept when it reaches Completed, Failed or Cancelled.</summary>
    /// <param name="Output">The flow's output, serialised and redacted, or null.</param>
    /// <param name="Message">The message of the stop step that ended it, or null.</param>
    /// <param name="Error">Why it failed, or null.</param>
    public sealed record RunOutcome(byte[]? Output = null, string? Message = null, RunError? Error = null);
}
