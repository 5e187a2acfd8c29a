namespace Automations.Compiled
{
    /// <summary>The status of a run (SPEC §5).</summary>
    public enum FlowStatus
    {
        /// <summary>Accepted, not started.</summary>
        Pending,

        /// <summary>Executing steps.</summary>
        Running,

        /// <summary>Suspended at a wait, approval or subflow; resumes with a <see cref="ResumeSignal"/>.</summary>
        Waiting,

        /// <summary>Paused by an operator.</summary>
        Paused,

        /// <summary>Ended normally, or by a stop step with this status.</summary>
        Completed,

        /// <summary>Ended by an error, a budget, or a stop step with this status.</summary>
        Failed,

        /// <summary>Ended by cancellation, or a stop step with this status.</summary>
        Cancelled,
    }

    /// <summary>The outcome of one step execution in a <see cref="StepRecord"/>.</summary>
    public enum StepStatus
    {
        /// <summary>The step finished and chose <see cref="StepRecord.Endpoint"/>.</summary>
        Succeeded,

        /// <summary>The step threw; see <see cref="StepRecord.Error"/>.</summary>
        Failed,

        /// <summary>The step suspended the run.</summary>
        Suspended,

        /// <summary>The step's compensation ran during a rollback.</summary>
        Compensated,
    }
}
