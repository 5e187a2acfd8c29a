using System;

namespace Automations.Compiled.Runtime
{
    /// <summary>Engine signals that step error handling must not catch.</summary>
    internal abstract class FlowControlException : Exception
    {
        protected FlowControlException(string message, Exception? inner = null)
            : base(message, inner)
        {
        }
    }

    /// <summary>A step failed for good; the run fails.</summary>
    internal sealed class FlowStepFailedException : FlowControlException
    {
        public FlowStepFailedException(string stepId, Exception error)
            : base($"Step '{stepId}' failed.", error)
        {
            StepId = stepId;
            Reason = error.Message;
            ExceptionType = error.GetType().FullName;
        }

        public string StepId { get; }

        public string Reason { get; }

        public string? ExceptionType { get; }
    }

    /// <summary>A safeguard of SPEC §4 (budgets, depth) tripped; the run fails with this message.</summary>
    internal sealed class FlowLimitException : FlowControlException
    {
        public FlowLimitException(string message)
            : base(message)
        {
        }
    }

    /// <summary>A stop step inside concurrent work ends the whole run.</summary>
    internal sealed class FlowStopException : FlowControlException
    {
        public FlowStopException(FlowStatus status, string? message)
            : base(message ?? "The run was stopped.")
        {
            Status = status;
            StopMessage = message;
        }

        public FlowStatus Status { get; }

        public string? StopMessage { get; }
    }
}

namespace Automations.Compiled.Runtime
{
    /// <summary>An operator paused the run at a checkpoint; the run ends this leg as Paused.</summary>
    internal sealed class FlowPauseException : FlowControlException
    {
        public FlowPauseException(FlowSnapshot checkpoint)
            : base("The run was paused.")
        {
            Checkpoint = checkpoint;
        }

        public FlowSnapshot Checkpoint { get; }
    }
}
