using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// The durable record of runs (SPEC §5): flow versions, runs and their step history, suspended state,
    /// timers, event waiters and the outbox. Every write is committed when its task completes; a task that
    /// faults committed nothing. Payloads arrive already redacted: the journal stores bytes as given.
    /// </summary>
    /// <remarks>
    /// Cancelling a write before the journal picks it up skips it; once picked up it commits or fails on its own,
    /// so a caller never has to guess whether a cancelled write happened.
    /// </remarks>
    public interface IRunJournal : IAsyncDisposable
    {
        /// <summary>Records a flow version; registering it again with the same hash changes nothing.</summary>
        /// <returns>Whether the version is new, unchanged, or was registered before with another hash (the flow changed
        /// without a version bump: runs pinned to it will resume on the changed code; a host should warn).</returns>
        Task<FlowVersionChange> RegisterFlowVersionAsync(FlowVersionRecord version, CancellationToken cancellationToken = default);

        /// <summary>The registered versions of a flow, oldest first.</summary>
        Task<IReadOnlyList<FlowVersionRecord>> ListFlowVersionsAsync(string flowId, CancellationToken cancellationToken = default);

        /// <summary>Every flow that has a registered version, with its run count and last start, by id.</summary>
        Task<IReadOnlyList<FlowStats>> ListFlowsAsync(CancellationToken cancellationToken = default);

        /// <summary>
        /// Starts a run: in one transaction, the run (<see cref="FlowStatus.Pending"/>) with its trigger payload and
        /// an outbox item (<see cref="OutboxKind.Start"/>) that a worker claims. With an idempotency key already used
        /// for the flow, nothing is written and the existing run is returned.
        /// </summary>
        /// <exception cref="JournalException">The flow version is not registered.</exception>
        Task<RunStart> StartRunAsync(NewRun run, CancellationToken cancellationToken = default);

        /// <summary>Appends one step try to a run's history.</summary>
        Task AppendStepAsync(StepEntry step, CancellationToken cancellationToken = default);

        /// <summary>
        /// Saves a suspended run's snapshot (replacing an earlier one) and sets it <see cref="FlowStatus.Waiting"/>:
        /// a timer, or a wait with a timeout, becomes due at <see cref="WaitSpec.Until"/>; an event wait is found by its name.
        /// </summary>
        /// <exception cref="RunTransitionException">The run is not Pending, Running or Waiting.</exception>
        /// <exception cref="JournalException">The run does not exist, or is pinned to another flow version.</exception>
        Task SaveSuspendedAsync(FlowSnapshot snapshot, CancellationToken cancellationToken = default);

        /// <summary>
        /// Moves a run to <paramref name="status"/> if <see cref="RunStatusRules.CanMove"/> allows it. Ending a run keeps
        /// <paramref name="outcome"/> (output, message, error) and drops its snapshot.
        /// </summary>
        /// <exception cref="RunTransitionException">The move is not allowed from the run's current status.</exception>
        /// <exception cref="JournalException">The run does not exist.</exception>
        Task SetStatusAsync(Guid runId, FlowStatus status, RunOutcome? outcome = null, CancellationToken cancellationToken = default);

        /// <summary>A run with its payload, output and step history in order; null when there is none.</summary>
        Task<RunDetails?> GetRunAsync(Guid runId, CancellationToken cancellationToken = default);

        /// <summary>The saved snapshot of a run, to resume it; null when it has none.</summary>
        Task<FlowSnapshot?> GetSnapshotAsync(Guid runId, CancellationToken cancellationToken = default);

        /// <summary>Runs, newest first, filtered by flow and status; failed runs are the dead letters.</summary>
        Task<RunPage> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default);

        /// <summary>Waiting runs whose timer or timeout is due at <paramref name="now"/>, earliest first.</summary>
        Task<IReadOnlyList<WaitingRun>> GetDueTimersAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default);

        /// <summary>Waiting runs that wait for event <paramref name="eventName"/>, longest waiting first.</summary>
        Task<IReadOnlyList<WaitingRun>> GetEventWaitersAsync(string eventName, int max, CancellationToken cancellationToken = default);

        /// <summary>Adds an outbox item for an existing run (a resume, for example); returns its id.</summary>
        Task<long> EnqueueAsync(OutboxEntry entry, CancellationToken cancellationToken = default);

        /// <summary>
        /// Leases up to <paramref name="max"/> available items to <paramref name="owner"/> for <paramref name="lease"/>,
        /// oldest first. Items whose lease has expired (a worker that crashed) are available again.
        /// </summary>
        Task<IReadOnlyList<OutboxItem>> ClaimOutboxAsync(string owner, int max, TimeSpan lease, CancellationToken cancellationToken = default);

        /// <summary>Extends <paramref name="owner"/>'s lease on an item; false when the owner no longer holds it.</summary>
        Task<bool> RenewLeaseAsync(long itemId, string owner, TimeSpan lease, CancellationToken cancellationToken = default);

        /// <summary>Removes an item its owner has done; false when the owner no longer holds it (another worker took it over).</summary>
        Task<bool> CompleteOutboxAsync(long itemId, string owner, CancellationToken cancellationToken = default);
    }
}
