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
        /// Starts a run: in one transaction, the run (<see cref="FlowStatus.Pending"/>, or Running when <see cref="NewRun.LeaseOwner"/> starts it at once) with its trigger payload and
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

        /// <summary>A run's status and timestamps without its payload, output or steps (cheap: for waiting on a status); null when there is none.</summary>
        Task<RunInfo?> GetRunInfoAsync(Guid runId, CancellationToken cancellationToken = default);

        /// <summary>A run with its payload, output and step history in order; null when there is none.</summary>
        Task<RunDetails?> GetRunAsync(Guid runId, CancellationToken cancellationToken = default);

        /// <summary>The saved snapshot of a run, to resume it; null when it has none.</summary>
        Task<FlowSnapshot?> GetSnapshotAsync(Guid runId, CancellationToken cancellationToken = default);

        /// <summary>
        /// Runs, newest first, filtered by flow, status, the time the journal accepted them and idempotency key (each filter
        /// and every combination is served by an index); failed runs are the dead letters.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><see cref="RunQuery.Limit"/> is not 1 to 1,000.</exception>
        /// <exception cref="ArgumentException">The continuation token is not this journal's, or <see cref="RunQuery.CreatedFrom"/> is not before <see cref="RunQuery.CreatedBefore"/>.</exception>
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

        // ---- a worker's leg of a run -------------------------------------------------------------------

        /// <summary>
        /// Commits a durable run's checkpoint in one transaction, only while <see cref="RunCheckpoint.Owner"/> still holds
        /// the outbox item: the step tries since the last commit, the snapshot (replacing the run's snapshot), status
        /// Running (from Pending or Waiting), and a renewed lease. Answers what an operator has asked of the run since.
        /// </summary>
        /// <exception cref="JournalException">The run does not exist.</exception>
        Task<CheckpointCommit> SaveCheckpointAsync(RunCheckpoint checkpoint, CancellationToken cancellationToken = default);

        /// <summary>
        /// Ends a worker's leg of a run in one transaction, only while <see cref="RunLegEnd.Owner"/> still holds the outbox
        /// item: appends the step tries, moves the run to <see cref="RunLegEnd.Status"/> (Waiting arms its timer or event;
        /// Paused keeps the checkpoint; Failed keeps the last checkpoint so a retry starts at the failed step; Completed
        /// and Cancelled drop the snapshot), keeps the outcome, and removes the outbox item.
        /// </summary>
        /// <returns>False when the lease was lost and nothing was written: another worker owns the run now.</returns>
        /// <exception cref="RunTransitionException">The move is not allowed from the run's current status.</exception>
        Task<bool> EndLegAsync(RunLegEnd end, CancellationToken cancellationToken = default);

        /// <summary>
        /// Puts a claimed item back, not claimable before <paramref name="until"/>, with the reason a worker could not do
        /// it (its flow version is not loaded in this host, for example); the run itself is left untouched.
        /// </summary>
        Task<bool> DeferOutboxAsync(long itemId, string owner, DateTimeOffset until, string reason, CancellationToken cancellationToken = default);

        /// <summary>Items put back by <see cref="DeferOutboxAsync"/> that are still waiting, oldest first.</summary>
        Task<IReadOnlyList<DeferredItem>> ListDeferredAsync(int max, CancellationToken cancellationToken = default);

        // ---- waking waiting runs -----------------------------------------------------------------------

        /// <summary>
        /// In one transaction, queues an <see cref="OutboxKind.Timer"/> item for every Waiting run whose timer or timeout
        /// is due at <paramref name="now"/> (at most <paramref name="max"/>) and disarms its timer, so it is queued once.
        /// </summary>
        /// <returns>How many runs were queued.</returns>
        Task<int> EnqueueDueTimersAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default);

        /// <summary>
        /// In one transaction, queues a <see cref="OutboxKind.Resume"/> item with <paramref name="payload"/> for every run
        /// waiting for event <paramref name="eventName"/> (Waiting, or Paused while waiting: it gets the item when resumed),
        /// longest waiting first, at most <paramref name="max"/>, and disarms their wait, so each gets the event once.
        /// </summary>
        /// <returns>The runs that will resume.</returns>
        Task<IReadOnlyList<Guid>> DeliverEventAsync(string eventName, ReadOnlyMemory<byte> payload, int max, CancellationToken cancellationToken = default);

        /// <summary>
        /// Queues a <see cref="OutboxKind.Resume"/> item with <paramref name="payload"/> for one run if it waits for
        /// <paramref name="kind"/> (an approval, say) and nothing was delivered to that wait yet; disarms the wait.
        /// </summary>
        /// <returns>False when the run does not wait for that (any more).</returns>
        /// <exception cref="JournalException">The run does not exist.</exception>
        Task<bool> DeliverToRunAsync(Guid runId, WaitKind kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default);

        // ---- schedules ---------------------------------------------------------------------------------

        /// <summary>The stored schedule of every scheduled flow, by flow id.</summary>
        Task<IReadOnlyList<ScheduleState>> ListSchedulesAsync(CancellationToken cancellationToken = default);

        /// <summary>
        /// Moves a flow's schedule from <paramref name="expected"/> (null: no row yet) to <paramref name="next"/> if it is still
        /// there (compare-and-swap, so two hosts never fire one occurrence twice nor skip one); the occurrence just handled is
        /// <see cref="ScheduleState.LastAt"/> of <paramref name="next"/>.
        /// </summary>
        /// <returns>False when another host moved it first.</returns>
        Task<bool> AdvanceScheduleAsync(ScheduleState? expected, ScheduleState next, CancellationToken cancellationToken = default);

        // ---- lifecycle entities (SPEC §7) --------------------------------------------------------------

        /// <summary>An entity of a lifecycle template; null when it does not exist (never created, or destroyed).</summary>
        Task<EntityState?> GetEntityAsync(string template, string entityId, CancellationToken cancellationToken = default);

        /// <summary>
        /// Commits a lifecycle action in one transaction, if the entity is still at <see cref="EntityMove.ExpectedRevision"/>
        /// and at rest (or, for a create, does not exist): with a run, the entity goes to the transit state with its pending
        /// outcome, the run starts (as <see cref="StartRunAsync"/>) and is linked to it; without one, the entity moves
        /// through the transit state to its <c>to</c> state at once (or its row goes, for a destroy). Each move appends to
        /// the entity's history and bumps its revision. When the linked run ends (Completed, Failed or Cancelled, by
        /// whatever call), the same transaction applies the pending outcome and unlinks the run, so a retried run never
        /// moves the entity again.
        /// </summary>
        /// <returns>Not applied when the compare-and-swap failed: nothing was written.</returns>
        /// <exception cref="JournalException">The run's flow version is not registered (nothing was written).</exception>
        Task<EntityMoveResult> MoveEntityAsync(EntityMove move, CancellationToken cancellationToken = default);

        /// <summary>An entity's moves, oldest first; kept after the entity is destroyed.</summary>
        Task<IReadOnlyList<EntityHistoryEntry>> GetEntityHistoryAsync(string template, string entityId, CancellationToken cancellationToken = default);

        // ---- operators ---------------------------------------------------------------------------------

        /// <summary>
        /// Pauses a run: a Waiting run at once (its timer and event wait hold until it is resumed; items already queued
        /// for it are not claimed while it is paused); a Pending or Running run at its next checkpoint (the request is
        /// kept and <see cref="SaveCheckpointAsync"/> answers it).
        /// </summary>
        /// <returns>The run's status now.</returns>
        /// <exception cref="RunTransitionException">The run is Paused already, or ended.</exception>
        /// <exception cref="JournalException">The run does not exist.</exception>
        Task<FlowStatus> PauseRunAsync(Guid runId, CancellationToken cancellationToken = default);

        /// <summary>
        /// Resumes a Paused run where it was: back to Waiting (its timer fires if it is due), or back to Running from its
        /// checkpoint (an <see cref="OutboxKind.Continue"/> item). Clears a pause request not yet taken.
        /// </summary>
        /// <returns>The run's status now.</returns>
        /// <exception cref="RunTransitionException">The run is not Paused and has no pause request.</exception>
        /// <exception cref="JournalException">The run does not exist.</exception>
        Task<FlowStatus> ResumeRunAsync(Guid runId, CancellationToken cancellationToken = default);

        /// <summary>
        /// Cancels a run: a Pending, Waiting or Paused run at once (Cancelled; its queued items and snapshot go); a run a
        /// worker holds at its next checkpoint (the request is kept and <see cref="SaveCheckpointAsync"/> answers it).
        /// </summary>
        /// <returns>The run's status now.</returns>
        /// <exception cref="RunTransitionException">The run has ended.</exception>
        /// <exception cref="JournalException">The run does not exist.</exception>
        Task<FlowStatus> CancelRunAsync(Guid runId, CancellationToken cancellationToken = default);

        /// <summary>
        /// Retries a Failed run (a dead letter) from its failed step: Failed → Pending, the error is cleared, the step
        /// history is kept, and an item is queued: <see cref="OutboxKind.Continue"/> from the last checkpoint, or
        /// <see cref="OutboxKind.Start"/> when it has none. The one way out of Failed.
        /// </summary>
        /// <exception cref="RunTransitionException">The run is not Failed.</exception>
        /// <exception cref="JournalException">The run does not exist.</exception>
        Task RetryRunAsync(Guid runId, CancellationToken cancellationToken = default);

        /// <summary>Discards an ended run and its history (a dead letter an operator gave up on).</summary>
        /// <returns>False when there is no such run.</returns>
        /// <exception cref="RunTransitionException">The run has not ended.</exception>
        Task<bool> DeleteRunAsync(Guid runId, CancellationToken cancellationToken = default);

        // ---- safeguards --------------------------------------------------------------------------------

        /// <summary>
        /// Engages a kill switch (replacing the mode and reason of one already engaged on the same scope), in one transaction
        /// with what it does to the runs it covers that have not ended: with <see cref="KillMode.Pause"/>, a Pending or Waiting
        /// run nobody holds is Paused at once (its queued items wait), a held one is asked to pause at its next checkpoint;
        /// with <see cref="KillMode.Cancel"/>, as <see cref="CancelRunAsync"/>. A run already paused is left as it is. From then
        /// on <see cref="StartRunAsync"/> refuses starts it covers (<see cref="RunRefusals.KillSwitch"/>).
        /// </summary>
        Task<KillSwitchChange> EngageKillSwitchAsync(KillSwitch kill, CancellationToken cancellationToken = default);

        /// <summary>
        /// Lifts the kill switch on exactly <paramref name="scope"/>, in one transaction with resuming the runs it paused (as
        /// <see cref="ResumeRunAsync"/>; a pause it asked for and no worker took yet is withdrawn). Runs it cancelled stay cancelled.
        /// </summary>
        Task<KillSwitchChange> LiftKillSwitchAsync(KillScope scope, CancellationToken cancellationToken = default);

        /// <summary>The engaged kill switches, by scope key.</summary>
        Task<IReadOnlyList<KillSwitch>> ListKillSwitchesAsync(CancellationToken cancellationToken = default);

        /// <summary>
        /// Admits a held item's run among the at most <paramref name="limit"/> runs of <paramref name="flowId"/> that execute at
        /// once: true when fewer other items of the flow are admitted under a lease that has not run out (this one is then
        /// admitted until it is completed, deferred, or its lease runs out), or when it was admitted already; false when
        /// the flow is at its limit, or <paramref name="owner"/> does not hold the item.
        /// </summary>
        Task<bool> AdmitAsync(long itemId, string owner, string flowId, int limit, CancellationToken cancellationToken = default);

        // ---- the HTTP API ------------------------------------------------------------------------------

        /// <summary>
        /// Writes an operator's action on a run (<see cref="AuditEntry"/>). The run need not exist any more: the entry of a
        /// delete outlives the run's record. Entries are kept when <see cref="DeleteRunAsync"/> deletes the run, and go with
        /// it when <see cref="PurgeEndedRunsAsync"/> purges it.
        /// </summary>
        /// <exception cref="ArgumentException"><see cref="AuditEntry.By"/> or <see cref="AuditEntry.Action"/> is null or empty.</exception>
        Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default);

        /// <summary>The audit entries of a run, oldest first (in the order they were written); empty when there are none.</summary>
        Task<IReadOnlyList<AuditEntry>> ListAuditAsync(Guid runId, CancellationToken cancellationToken = default);

        /// <summary>
        /// The entities of a lifecycle template in entity id order (ordinal), a page of at most <paramref name="limit"/> at a
        /// time; <paramref name="continuationToken"/> is the <see cref="EntityPage.ContinuationToken"/> of the page before, or null.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not 1 to 1,000.</exception>
        /// <exception cref="ArgumentException"><paramref name="continuationToken"/> is not a token of this method.</exception>
        Task<EntityPage> ListEntitiesAsync(string template, int limit, string? continuationToken, CancellationToken cancellationToken = default);

        /// <summary>
        /// Makes a deferred outbox item (<see cref="DeferOutboxAsync"/>) visible now, so that the next claim takes it; its
        /// reason stays until a worker does it or defers it again.
        /// </summary>
        /// <returns>False when there is no such item, it was never deferred, or a worker holds it now.</returns>
        Task<bool> RetryDeferredAsync(long itemId, CancellationToken cancellationToken = default);

        // ---- retention ---------------------------------------------------------------------------------

        /// <summary>
        /// Deletes up to <paramref name="max"/> runs that ended (Completed, Failed or Cancelled) before
        /// <paramref name="endedBefore"/>, the longest ended first, each with everything of its own (step history,
        /// snapshot, outbox items), in one transaction. Flows keep their run counts; lifecycle entities and their history
        /// are kept (a history entry keeps the id of a run that is gone). A run that has not ended is never deleted, and a
        /// run an entity waits on has not ended.
        /// </summary>
        /// <returns>How many runs were deleted: fewer than <paramref name="max"/> when no more ended before the cut.</returns>
        Task<int> PurgeEndedRunsAsync(DateTimeOffset endedBefore, int max, CancellationToken cancellationToken = default);

        /// <summary>
        /// Gives the space of deleted runs back to the file system: the journal is rewritten without its free pages and
        /// its write-ahead log is emptied. It runs between two batches of writes (writes queued meanwhile wait for it) and
        /// needs free disk space of up to about twice what the journal keeps. A crash or a failure leaves the journal as it
        /// was before, or compacted, never in between.
        /// </summary>
        /// <returns>The size of the journal's files (data and log) before and after.</returns>
        Task<JournalCompaction> CompactAsync(CancellationToken cancellationToken = default);
    }
}
