using System;

namespace Automations.Compiled
{
    /// <summary>What a run (or one leg of it, up to a suspension) ended with.</summary>
    public readonly struct FlowResult
    {
        internal FlowResult(Guid runId, FlowStatus status, object? output, string? message, FlowError? error, FlowSnapshot? snapshot)
        {
            RunId = runId;
            Status = status;
            Output = output;
            Message = message;
            Error = error;
            Snapshot = snapshot;
        }

        /// <summary>The run id.</summary>
        public Guid RunId { get; }

        /// <summary>The status the run reached.</summary>
        public FlowStatus Status { get; }

        /// <summary>The flow's output: the value of its <c>output</c> variable, when it declares one.</summary>
        public object? Output { get; }

        /// <summary>The message of the stop step that ended the run, if any.</summary>
        public string? Message { get; }

        /// <summary>Why the run failed, when <see cref="Status"/> is <see cref="FlowStatus.Failed"/>.</summary>
        public FlowError? Error { get; }

        /// <summary>
        /// The saved state of a <see cref="FlowStatus.Waiting"/> run, or the checkpoint of a <see cref="FlowStatus.Paused"/>
        /// one (resume it with <see cref="ResumeSignal.Continue"/>); pass it to <c>ResumeAsync</c>.
        /// </summary>
        public FlowSnapshot? Snapshot { get; }

        /// <inheritdoc />
        public override string ToString()
            => Error is null ? $"{Status}{(Message is null ? "" : ": " + Message)}" : $"{Status}: {Error}";
    }

    /// <summary>Why a run failed. Secret values are redacted from the message.</summary>
    public sealed class FlowError
    {
        internal FlowError(string? stepId, string message, string? exceptionType)
        {
            StepId = stepId;
            Message = message;
            ExceptionType = exceptionType;
        }

        /// <summary>The step that failed, or null when the run failed outside a step (a budget, a limit).</summary>
        public string? StepId { get; }

        /// <summary>What went wrong.</summary>
        public string Message { get; }

        /// <summary>The exception type name, when a step threw.</summary>
        public string? ExceptionType { get; }

        /// <inheritdoc />
        public override string ToString() => StepId is null ? Message : $"step '{StepId}': {Message}";
    }
}
