using System;
using System.ComponentModel;

namespace Automations.Compiled
{
    /// <summary>What a suspended run waits for.</summary>
    public enum WaitKind
    {
        /// <summary>A duration or an instant (<see cref="WaitSpec.Until"/>).</summary>
        Timer,

        /// <summary>A named event (<see cref="WaitSpec.EventName"/>), optionally with a timeout.</summary>
        Event,

        /// <summary>A user decision (<see cref="WaitSpec.Roles"/>), optionally with a timeout.</summary>
        Approval,

        /// <summary>The end of a child run (<see cref="WaitSpec.ChildSnapshot"/>).</summary>
        Subflow,

        /// <summary>
        /// Nothing: the snapshot is a checkpoint between two steps of a running (or paused) run, taken by a durable flow;
        /// it resumes with <see cref="ResumeSignal.Continue"/>.
        /// </summary>
        None,
    }

    /// <summary>A wait step's request: return one from a <c>[Wait]</c> method through <see cref="Wait"/>.</summary>
    public readonly struct WaitSpec
    {
        internal WaitSpec(WaitKind kind, DateTimeOffset? until, TimeSpan? duration, string? eventName, string[]? roles, FlowSnapshot? child)
        {
            Kind = kind;
            Until = until;
            Duration = duration;
            EventName = eventName;
            Roles = roles;
            ChildSnapshot = child;
        }

        /// <summary>What is awaited.</summary>
        public WaitKind Kind { get; }

        /// <summary>Fixed instant the timer fires (or the event/approval times out); resolved from <see cref="Duration"/> at suspension.</summary>
        public DateTimeOffset? Until { get; }

        /// <summary>Relative delay, when the spec was made from a duration.</summary>
        public TimeSpan? Duration { get; }

        /// <summary>The awaited event.</summary>
        public string? EventName { get; }

        /// <summary>Roles allowed to decide an approval.</summary>
        public string[]? Roles { get; }

        /// <summary>The suspended child run of a subflow step.</summary>
        public FlowSnapshot? ChildSnapshot { get; }

        /// <summary>
        /// Rebuilds a saved wait, for journals that load a <see cref="FlowSnapshot"/> back. A suspended run's wait is
        /// always resolved (<see cref="Until"/> set, no <see cref="Duration"/>), so that is all a journal stores.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static WaitSpec Restore(WaitKind kind, DateTimeOffset? until, string? eventName, string[]? roles, FlowSnapshot? childSnapshot)
            => new(kind, until, null, eventName, roles, childSnapshot);

        internal WaitSpec Resolve(DateTimeOffset now)
            => Duration is { } d ? new WaitSpec(Kind, now + d, null, EventName, Roles, ChildSnapshot) : this;
    }

    /// <summary>Builds <see cref="WaitSpec"/> values for <c>[Wait]</c> steps.</summary>
    public static class Wait
    {
        /// <summary>Suspends for a duration; resumes on the <c>elapsed</c> endpoint.</summary>
        public static WaitSpec For(TimeSpan duration) => new(WaitKind.Timer, null, duration, null, null, null);

        /// <summary>Suspends until an instant; resumes on the <c>elapsed</c> endpoint.</summary>
        public static WaitSpec Until(DateTimeOffset instant) => new(WaitKind.Timer, instant, null, null, null, null);

        /// <summary>
        /// Suspends until event <paramref name="name"/> arrives (the <c>event</c> endpoint, with the payload as the step
        /// output) or the timeout passes (the <c>elapsed</c> endpoint).
        /// </summary>
        public static WaitSpec ForEvent(string name, TimeSpan? timeout = null)
            => new(WaitKind.Event, null, timeout, name, null, null);
    }

    /// <summary>Builds approval requests for <c>[Approval]</c> steps.</summary>
    public static class Approval
    {
        /// <summary>Suspends until a user with one of <paramref name="roles"/> approves or rejects, or the timeout passes.</summary>
        public static WaitSpec Request(string[] roles, TimeSpan? timeout = null)
            => new(WaitKind.Approval, null, timeout, null, roles, null);
    }

    /// <summary>The decision that resumed an approval step; its step output.</summary>
    /// <param name="Approved">True when approved.</param>
    /// <param name="By">Who decided.</param>
    /// <param name="Comment">An optional comment.</param>
    public sealed record ApprovalDecision(bool Approved, string By, string? Comment);
}
