namespace Automations.Compiled.Schedule
{
    /// <summary>
    /// Why a cron expression is refused: a message that names the field, says what is wrong and what to write
    /// instead, and the span of the offending text inside the expression string (the whole string when the
    /// number of fields is wrong), so a diagnostic can underline just that part.
    /// </summary>
    internal sealed record CronProblem(string Message, int Start, int Length);
}
