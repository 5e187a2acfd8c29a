namespace Automations.Compiled.Hosting
{
    /// <summary>Why a run failed, as the journal keeps it.</summary>
    /// <param name="StepId">The step that failed, or null when the run failed outside a step.</param>
    /// <param name="Message">What went wrong, redacted.</param>
    /// <param name="ExceptionType">The exception type name, when a step threw.</param>
    public sealed record RunError(string? StepId, string Message, string? ExceptionType = null)
    {
        /// <summary>The journal's copy of a run's error.</summary>
        public static RunError From(FlowError error) => new(error.StepId, error.Message, error.ExceptionType);
    }
}
