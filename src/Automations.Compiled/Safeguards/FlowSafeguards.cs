using System;
using System.Collections.Generic;

namespace Automations.Compiled
{
    /// <summary>
    /// What a flow declares to protect the host and itself (see docs/safeguards.md): throttles on its starts, a cap on its
    /// runs in flight, a wall-clock budget and a cost budget per run, and the actions it calls (for action policies).
    /// The generator fills it from <see cref="ThrottleAttribute"/>, <see cref="FlowAttribute"/> and a JSON flow's
    /// <c>limits</c> and <c>throttle</c>; the host enforces it.
    /// </summary>
    public sealed class FlowSafeguards
    {
        /// <summary>A flow that declares nothing: no throttle, no cap, no budgets, no actions.</summary>
        public static FlowSafeguards None { get; } = new();

        /// <summary>The flow's throttles: each one caps the starts it counts in a window.</summary>
        public IReadOnlyList<FlowThrottle> Throttles { get; init; } = Array.Empty<FlowThrottle>();

        /// <summary>At most this many runs of the flow execute steps at once, across every host; 0 (default) for no cap.</summary>
        public int MaxConcurrentRuns { get; init; }

        /// <summary>The wall-clock time a run may take from its start (waits included); null (default) for no budget.</summary>
        public TimeSpan? TimeBudget { get; init; }

        /// <summary>The total cost of the action calls a run may make (see <see cref="FlowActionAttribute.Cost"/>); 0 (default) for no budget.</summary>
        public long CostBudget { get; init; }

        /// <summary>Every action the flow calls, by name with its tags (what action policies check).</summary>
        public IReadOnlyList<FlowActionUse> Actions { get; init; } = Array.Empty<FlowActionUse>();
    }

    /// <summary>At most <paramref name="Limit"/> starts per <paramref name="Window"/>; the excess waits or is refused (<paramref name="Mode"/>).</summary>
    /// <param name="Scope">Which starts it counts: every start of the flow, or only those its trigger makes.</param>
    /// <param name="Limit">Starts per window (at least 1).</param>
    /// <param name="Window">The window (fixed windows, aligned to the Unix epoch).</param>
    /// <param name="Mode">What happens to a start beyond the limit.</param>
    public sealed record FlowThrottle(ThrottleScope Scope, int Limit, TimeSpan Window, ThrottleMode Mode);

    /// <summary>An action a flow calls.</summary>
    public sealed class FlowActionUse
    {
        /// <summary>Created by generated code.</summary>
        public FlowActionUse(string name, string[]? tags = null)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Tags = tags ?? Array.Empty<string>();
        }

        /// <summary>The action's name (<see cref="FlowActionAttribute.Name"/>).</summary>
        public string Name { get; }

        /// <summary>The action's tags (<see cref="FlowActionAttribute.Tags"/>).</summary>
        public IReadOnlyList<string> Tags { get; }

        /// <inheritdoc />
        public override string ToString() => Tags.Count == 0 ? Name : $"{Name} [{string.Join(", ", Tags)}]";
    }

    /// <summary>Which starts a throttle counts.</summary>
    public enum ThrottleScope
    {
        /// <summary>Every start of the flow, whatever started it.</summary>
        Flow,

        /// <summary>Only the starts the flow's trigger makes (a record change, an event, a webhook call, a schedule), not manual or API starts.</summary>
        Trigger,
    }

    /// <summary>What happens to a start beyond a throttle's limit.</summary>
    public enum ThrottleMode
    {
        /// <summary>It is accepted and waits in the journal, in order, for the first window with room (default).</summary>
        Queue,

        /// <summary>It is refused: recorded as a failed run that says why, and the caller is told.</summary>
        Refuse,
    }

    /// <summary>
    /// Caps a flow's starts: at most <see cref="Limit"/> per <see cref="Window"/>. Put several on a flow for several
    /// windows (10 a minute and 100 an hour); the analyzers check them at build time.
    /// </summary>
    /// <example><code>[Flow("sync-crm"), Throttle(10, "00:01:00", Mode = ThrottleMode.Refuse)]</code></example>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class ThrottleAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="limit">Starts per window, at least 1.</param>
        /// <param name="window">The window as a <see cref="TimeSpan"/> in invariant format: <c>"00:01:00"</c> for a minute, <c>"1.00:00:00"</c> for a day.</param>
        public ThrottleAttribute(int limit, string window)
        {
            Limit = limit;
            Window = window;
        }

        /// <summary>Starts per window.</summary>
        public int Limit { get; }

        /// <summary>The window, as written.</summary>
        public string Window { get; }

        /// <summary>What happens to a start beyond the limit. Default <see cref="ThrottleMode.Queue"/>.</summary>
        public ThrottleMode Mode { get; set; }

        /// <summary>Which starts it counts. Default <see cref="ThrottleScope.Flow"/>.</summary>
        public ThrottleScope Scope { get; set; }
    }
}
