using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>The run a start produced.</summary>
    /// <param name="RunId">The run id: the new run's, or the existing one's for a repeated idempotency key.</param>
    /// <param name="Created">False when the idempotency key was already used and nothing was written.</param>
    /// <param name="OutboxItemId">
    /// The new run's <see cref="OutboxKind.Start"/> item, already leased to <see cref="NewRun.LeaseOwner"/> when one was
    /// given (so the starting host runs it without a claim); 0 when nothing was created.
    /// </param>
    /// <param name="Refusal">When the start was refused (by <see cref="NewRun.Refusal"/>, a kill switch or a throttle): why. The run is recorded as Failed with it.</param>
    /// <param name="QueuedUntil">When a throttle held the start back: the time its start item becomes claimable (it was not leased).</param>
    public readonly record struct RunStart(Guid RunId, bool Created, long OutboxItemId = 0, RunError? Refusal = null, DateTimeOffset? QueuedUntil = null);
}
