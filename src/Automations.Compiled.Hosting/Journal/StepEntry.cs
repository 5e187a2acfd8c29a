using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>One step try in a run's history (SPEC §5): written by a worker, read back by tools.</summary>
    /// <param name="RunId">The run id.</param>
    /// <param name="StepId">The step id.</param>
    /// <param name="Attempt">The try, from 1.</param>
    /// <param name="Status">What happened.</param>
    /// <param name="Endpoint">The endpoint the step chose, or null.</param>
    /// <param name="StartedAt">When the try started (stored to the millisecond).</param>
    /// <param name="EndedAt">When the try ended (stored to the millisecond).</param>
    /// <param name="Output">The step output, serialised and redacted, or null.</param>
    /// <param name="Error">The error message of a failed try, redacted, or null.</param>
    public sealed record StepEntry(
        Guid RunId,
        string StepId,
        int Attempt,
        StepStatus Status,
        string? Endpoint,
        DateTimeOffset StartedAt,
        DateTimeOffset EndedAt,
        byte[]? Output = null,
        string? Error = null)
    {
        /// <summary>The entry for a record the runtime reported to its observer.</summary>
        public static StepEntry From(in StepRecord record, byte[]? output = null)
            => new(record.RunId, record.StepId, record.Attempt, record.Status, record.Endpoint, record.StartedAt, record.EndedAt, output, record.Error);
    }
}
