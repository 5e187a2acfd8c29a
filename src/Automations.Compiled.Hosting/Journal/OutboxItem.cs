using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>An outbox item leased to a worker.</summary>
    /// <param name="Id">The item id, for <see cref="IRunJournal.CompleteOutboxAsync"/> and <see cref="IRunJournal.RenewLeaseAsync"/>.</param>
    /// <param name="RunId">The run it is for.</param>
    /// <param name="Kind">What to do.</param>
    /// <param name="Payload">What the worker needs to do it.</param>
    /// <param name="Attempts">How many times it has been claimed, this claim included: above 1, a worker died holding it.</param>
    /// <param name="LeaseUntil">When the lease expires unless renewed.</param>
    public sealed record OutboxItem(long Id, Guid RunId, OutboxKind Kind, ReadOnlyMemory<byte> Payload, int Attempts, DateTimeOffset LeaseUntil);
}
