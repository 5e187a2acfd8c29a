using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>An outbox item to add (<see cref="IRunJournal.EnqueueAsync"/>).</summary>
    /// <param name="RunId">The run it is for.</param>
    /// <param name="Kind">What to do.</param>
    /// <param name="Payload">What the worker needs to do it (a serialised resume signal, for example).</param>
    /// <param name="AvailableAt">Not claimable before this instant; null for now.</param>
    public sealed record OutboxEntry(Guid RunId, OutboxKind Kind, ReadOnlyMemory<byte> Payload = default, DateTimeOffset? AvailableAt = null);
}
