using System;

namespace Automations.Compiled.Testing
{
    /// <summary>One thing a scenario does when the run waits: move the clock, deliver an event, decide an approval.</summary>
    internal sealed record ScriptItem(TimeSpan? By, string? EventName, object? Payload, ApprovalDecision? Decision)
    {
        public static ScriptItem Advance(TimeSpan by)
            => by < TimeSpan.Zero ? throw new ArgumentOutOfRangeException(nameof(by), by, "The clock only moves forward.") : new(by, null, null, null);

        public static ScriptItem Event(string name, object? payload) => new(null, name, payload, null);

        public static ScriptItem Decide(bool approved, string by, string? comment)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(by);
            return new(null, null, null, new ApprovalDecision(approved, by, comment));
        }

        /// <inheritdoc />
        public override string ToString()
            => By is { } by ? $"advance {by}"
                : EventName is { } name ? $"event '{name}'"
                : Decision!.Approved ? $"approve by '{Decision.By}'" : $"reject by '{Decision.By}'";
    }

    /// <summary>An expected value that may be null (an expectation of null is not the absence of one).</summary>
    internal sealed record Expected(object? Value);
}
