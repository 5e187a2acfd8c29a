using System;

namespace Automations.Compiled
{
    /// <summary>Why a suspended run resumes.</summary>
    public enum ResumeKind
    {
        /// <summary>The wait's timer (or timeout) fired.</summary>
        TimerElapsed,

        /// <summary>The awaited event arrived.</summary>
        Event,

        /// <summary>An approval was decided.</summary>
        Approval,

        /// <summary>A child run ended.</summary>
        SubflowCompleted,

        /// <summary>A run continues from a checkpoint (after a crash, a pause, or a retry from the failed step).</summary>
        Continue,
    }

    /// <summary>What a suspended run is resumed with.</summary>
    public sealed class ResumeSignal
    {
        private ResumeSignal(ResumeKind kind, string? eventName, object? payload, ApprovalDecision? decision, FlowResult? child)
        {
            Kind = kind;
            EventName = eventName;
            Payload = payload;
            Decision = decision;
            Child = child;
        }

        /// <summary>Why the run resumes.</summary>
        public ResumeKind Kind { get; }

        /// <summary>The event name, for <see cref="ResumeKind.Event"/>.</summary>
        public string? EventName { get; }

        /// <summary>The event payload, which becomes the wait step's output.</summary>
        public object? Payload { get; }

        /// <summary>The approval decision.</summary>
        public ApprovalDecision? Decision { get; }

        /// <summary>The child run's result.</summary>
        public FlowResult? Child { get; }

        /// <summary>The wait's timer (or its timeout) fired.</summary>
        public static ResumeSignal TimerElapsed() => new(ResumeKind.TimerElapsed, null, null, null, null);

        /// <summary>Event <paramref name="name"/> arrived with <paramref name="payload"/>.</summary>
        public static ResumeSignal Event(string name, object? payload = null)
            => new(ResumeKind.Event, name ?? throw new ArgumentNullException(nameof(name)), payload, null, null);

        /// <summary>An approval was decided.</summary>
        public static ResumeSignal Approval(ApprovalDecision decision)
            => new(ResumeKind.Approval, null, null, decision ?? throw new ArgumentNullException(nameof(decision)), null);

        /// <summary>A run continues from a checkpoint snapshot (<see cref="WaitKind.None"/>) at the step it was about to start.</summary>
        public static ResumeSignal Continue() => ContinueSignal;

        private static readonly ResumeSignal ContinueSignal = new(ResumeKind.Continue, null, null, null, null);

        /// <summary>A child run ended with <paramref name="result"/>.</summary>
        public static ResumeSignal SubflowCompleted(FlowResult result) => new(ResumeKind.SubflowCompleted, null, null, null, result);
    }
}
