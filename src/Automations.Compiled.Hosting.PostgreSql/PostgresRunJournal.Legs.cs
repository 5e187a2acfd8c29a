using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting.PostgreSql
{
    // Inside the namespace: Automations.Compiled.Text would hide NpgsqlDbType.Text otherwise.
    using static NpgsqlTypes.NpgsqlDbType;

    // A worker's leg of a run (checkpoints and leg ends under the outbox lease), waking waiting runs (timers, events,
    // signals to one run), deferred items, and the operators' pause, resume, cancel, retry and delete: the SQLite journal's
    // rules (docs/journal.md, "Legs, leases and operators"), made safe for several hosts (docs/postgresql.md).
    public sealed partial class PostgresRunJournal
    {
        // A run whose wait may be woken: Waiting, or paused while waiting (its items wait for the resume).
        private const string Wakeable = "(r.status = 'Waiting' OR (r.status = 'Paused' AND r.paused_from = 'Waiting'))";

        /// <inheritdoc />
        public Task<CheckpointCommit> SaveCheckpointAsync(RunCheckpoint checkpoint, CancellationToken cancellationToken = default)
        {
            var (checkedSteps, checkedWait) = RunLegChecks.Check(checkpoint);

            // A static body over its state, continued in the writer's completion chunks: the leg's next step follows.
            return _writer.WriteAsync((checkpoint, checkedSteps, checkedWait), SaveCheckpoint, cancellationToken, inline: true);
        }

        /// <inheritdoc />
        ValueTask<CheckpointCommit> IPooledRunWrites.SaveCheckpointAsync(RunCheckpoint checkpoint)
        {
            var (checkedSteps, checkedWait) = RunLegChecks.Check(checkpoint);
            return _writer.WritePooledAsync((checkpoint, checkedSteps, checkedWait), SaveCheckpoint, CancellationToken.None, inline: true);
        }

        private static CheckpointCommit SaveCheckpoint(PostgresWriter w, (RunCheckpoint Checkpoint, IReadOnlyList<StepEntry> Steps, string WaitJson) args)
        {
            var (checkpoint, steps, waitJson) = args;
            var snapshot = checkpoint.Snapshot;
            var (run, holder) = ReadLegState(w, snapshot.RunId, checkpoint.OutboxItemId, checkpoint.Owner, snapshot.FlowId);
            EnsurePinned(run, snapshot);

            // A Paused or ended run is not the worker's to run any more, whatever its item says.
            if (run.Status is not (FlowStatus.Pending or FlowStatus.Running or FlowStatus.Waiting)
                || !Holds(holder, checkpoint.OutboxItemId, snapshot.RunId))
            {
                return new CheckpointCommit(LeaseHeld: false, RunControl.None);
            }

            var instant = w.Time.GetUtcNow();
            var now = PostgresValues.Time(instant);
            for (var i = 0; i < steps.Count; i++) // an index, not the list's boxed enumerator
            {
                InsertStep(w, steps[i]);
            }

            SaveSnapshot(w, snapshot, waitJson, now);

            // A run Running already keeps its status: rewriting it would rewrite its entries in the status indexes too.
            w.Defer(run.Status == FlowStatus.Running ? TouchRunSql : RunningRunSql).Bind(1, now).Bind(2, snapshot.RunId);
            w.Defer(ExtendLeaseSql).Bind(1, PostgresValues.Time(instant + checkpoint.Lease)).Bind(2, checkpoint.OutboxItemId);
            return new CheckpointCommit(LeaseHeld: true, run.Control);
        }

        private static readonly PostgresSql TouchRunSql = new("UPDATE runs SET updated_at = $1 WHERE id = $2", Bigint, Uuid);
        private static readonly PostgresSql RunningRunSql = new("UPDATE runs SET status = 'Running', updated_at = $1 WHERE id = $2", Bigint, Uuid);
        private static readonly PostgresSql ExtendLeaseSql = new("UPDATE outbox SET visible_at = $1 WHERE id = $2", Bigint, Bigint);
        private static readonly PostgresSql DeleteRunItemsSql = new("DELETE FROM outbox WHERE run_id = $1", Uuid);
        private static readonly PostgresSql DeleteItemSql = new("DELETE FROM outbox WHERE id = $1", Bigint);
        private static readonly PostgresSql DeleteSnapshotSql = new("DELETE FROM suspended WHERE run_id = $1", Uuid);

        /// <inheritdoc />
        public Task<bool> EndLegAsync(RunLegEnd end, CancellationToken cancellationToken = default)
        {
            var (checkedSnapshot, checkedSteps, checkedWait, checkedOutcome) = RunLegChecks.Check(end);

            // A static body over its state, continued in the writer's completion chunks: the leg's next step follows.
            return _writer.WriteAsync((end, checkedSnapshot, checkedSteps, checkedWait, checkedOutcome), EndLeg, cancellationToken, inline: true);
        }

        /// <inheritdoc />
        ValueTask<bool> IPooledRunWrites.EndLegAsync(RunLegEnd end)
        {
            var (checkedSnapshot, checkedSteps, checkedWait, checkedOutcome) = RunLegChecks.Check(end);
            return _writer.WritePooledAsync((end, checkedSnapshot, checkedSteps, checkedWait, checkedOutcome), EndLeg, CancellationToken.None, inline: true);
        }

        private static bool EndLeg(PostgresWriter w, (RunLegEnd End, FlowSnapshot? Snapshot, IReadOnlyList<StepEntry> Steps, string? WaitJson, RunOutcome? Outcome) args)
        {
            var (end, snapshot, steps, waitJson, outcome) = args;
            var (run, holder) = ReadLegState(w, end.RunId, end.OutboxItemId, end.Owner, snapshot?.FlowId);
            if (snapshot is not null)
            {
                EnsurePinned(run, snapshot);
            }

            if (run.Status == FlowStatus.Paused || !Holds(holder, end.OutboxItemId, end.RunId))
            {
                return false;
            }

            RunMoveChecks.EndLeg(end.RunId, run.Status, end.Status);

            var now = PostgresValues.Time(w.Time.GetUtcNow());
            for (var i = 0; i < steps.Count; i++) // an index, not the list's boxed enumerator
            {
                InsertStep(w, steps[i]);
            }

            var status = RunLegChecks.StatusAtEnd(end.Status, run.Control);
            if (snapshot is not null && status != FlowStatus.Cancelled)
            {
                SaveSnapshot(w, snapshot, waitJson!, now);
            }

            if (status is FlowStatus.Completed or FlowStatus.Cancelled)
            {
                Forget(w, end.RunId);
            }
            else if (status == FlowStatus.Failed)
            {
                w.Defer(DeleteRunItemsSql).Bind(1, end.RunId);
            }
            else
            {
                w.Defer(DeleteItemSql).Bind(1, end.OutboxItemId);
            }

            var pausedFrom = RunLegChecks.PausedFrom(status, end.Status);
            MoveRun(w, end.RunId, status, pausedFrom, outcome, now);
            return true;
        }

        /// <inheritdoc />
        public Task<bool> DeferOutboxAsync(long itemId, string owner, DateTimeOffset until, string reason, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(owner);
            ArgumentException.ThrowIfNullOrWhiteSpace(reason);

            // Handing an item back is not a failed try: the claim is uncounted, so Attempts above 1 still means a worker died.
            return _writer.WriteAsync(
                (itemId, owner, until, reason),
                static (w, args) => w.Command(DeferSql)
                    .Bind(1, PostgresValues.Time(args.until)).Bind(2, args.reason).Bind(3, args.itemId).Bind(4, args.owner)
                    .ExecuteNonQuery() == 1,
                cancellationToken);
        }

        private static readonly PostgresSql DeferSql = new("""
            UPDATE outbox SET lease_owner = NULL, visible_at = $1, last_error = $2, attempts = GREATEST(attempts - 1, 0)
            WHERE id = $3 AND lease_owner = $4
            """, Bigint, Text, Bigint, Text);

        /// <inheritdoc />
        public async Task<IReadOnlyList<DeferredItem>> ListDeferredAsync(int max, CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using var command = ListDeferredSql.CreateCommand(connection).Bind(1, max);
            var items = new List<DeferredItem>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(new DeferredItem(
                    reader.GetInt64(0),
                    reader.GetGuid(1),
                    reader.GetString(2),
                    reader.GetInt32(3),
                    reader.GetString(4),
                    PostgresValues.Time(reader.GetInt64(5))));
            }

            return items;
        }

        // Still waiting: put back and not claimed since (a claim sets the owner; doing the item deletes it).
        private static readonly PostgresSql ListDeferredSql = new("""
            SELECT o.id, o.run_id, r.flow_id, r.flow_version, o.last_error, o.visible_at
            FROM outbox o JOIN runs r ON r.id = o.run_id
            WHERE o.last_error IS NOT NULL AND o.lease_owner IS NULL
            ORDER BY o.id LIMIT $1
            """, Integer);

        /// <inheritdoc />
        public Task<int> EnqueueDueTimersAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
            return _writer.WriteAsync(
                (now, max),
                static (w, args) =>
                {
                    var due = Wake(w, w.Command(WakeDueTimersSql).Bind(1, PostgresValues.Time(args.now)).Bind(2, args.max), OutboxKind.Timer, []);
                    return due.Count;
                },
                cancellationToken);
        }

        /// <summary>
        /// Disarms the Waiting runs whose timer is due (a paused run's timer holds until it is resumed). Every host's timer
        /// loop runs this: <c>SKIP LOCKED</c> leaves a wait another host is disarming to it, and a wait disarmed since is
        /// checked again on its new row (its <c>due_at</c> is NULL then), so each timer fires once.
        /// </summary>
        private static readonly PostgresSql WakeDueTimersSql = new("""
            WITH due AS (
                SELECT s.run_id, s.due_at FROM suspended s JOIN runs r ON r.id = s.run_id
                WHERE s.due_at <= $1 AND r.status = 'Waiting'
                ORDER BY s.due_at, s.run_id LIMIT $2
                FOR UPDATE OF s SKIP LOCKED)
            UPDATE suspended s SET due_at = NULL, event_name = NULL, delivered_at = $1
            FROM due WHERE s.run_id = due.run_id
            RETURNING s.run_id, due.due_at
            """, Bigint, Integer);

        /// <inheritdoc />
        public Task<IReadOnlyList<Guid>> DeliverEventAsync(string eventName, ReadOnlyMemory<byte> payload, int max, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrEmpty(eventName);
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
            return _writer.WriteAsync<(string, byte[], int), IReadOnlyList<Guid>>(
                (eventName, payload.ToArray(), max),
                static (w, args) =>
                {
                    var (eventName, payload, max) = args;
                    var now = PostgresValues.Time(w.Time.GetUtcNow());
                    return Wake(w, w.Command(WakeEventWaitersSql).Bind(1, now).Bind(2, eventName).Bind(3, max), OutboxKind.Resume, payload);
                },
                cancellationToken);
        }

        /// <summary>
        /// Disarms the runs waiting for event <c>$2</c>, longest waiting first. A wait another host is delivering to is waited
        /// for (not skipped) and then found delivered, so two events of one name reach each waiter in turn, as on one host.
        /// </summary>
        private static readonly PostgresSql WakeEventWaitersSql = new($"""
            WITH waiting AS (
                SELECT s.run_id, s.saved_at FROM suspended s JOIN runs r ON r.id = s.run_id
                WHERE s.event_name = $2 AND s.delivered_at IS NULL AND {Wakeable}
                ORDER BY s.saved_at, s.run_id LIMIT $3
                FOR UPDATE OF s)
            UPDATE suspended s SET due_at = NULL, event_name = NULL, delivered_at = $1
            FROM waiting WHERE s.run_id = waiting.run_id
            RETURNING s.run_id, waiting.saved_at
            """, Bigint, Text, Integer);

        /// <inheritdoc />
        public Task<bool> DeliverToRunAsync(Guid runId, WaitKind kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
            => _writer.WriteAsync(
                (runId, kind, payload.ToArray()),
                static (w, args) =>
                {
                    var (runId, kind, payload) = args;
                    ReadRunState(w, runId);
                    var now = PostgresValues.Time(w.Time.GetUtcNow());
                    return Wake(w, w.Command(WakeRunSql).Bind(1, now).Bind(2, runId).Bind(3, kind.ToString()), OutboxKind.Resume, payload).Count == 1;
                },
                cancellationToken);

        /// <summary>Disarms one run's wait of a kind if nothing was delivered to it yet (a signal, an approval).</summary>
        private static readonly PostgresSql WakeRunSql = new($"""
            UPDATE suspended s SET due_at = NULL, event_name = NULL, delivered_at = $1
            FROM runs r
            WHERE s.run_id = $2 AND r.id = s.run_id AND s.wait_kind = $3 AND s.delivered_at IS NULL AND {Wakeable}
            RETURNING s.run_id, s.saved_at
            """, Bigint, Uuid, Text);

        /// <inheritdoc />
        public Task<FlowStatus> PauseRunAsync(Guid runId, CancellationToken cancellationToken = default)
            => _writer.WriteAsync(
                runId,
                static (w, runId) =>
                {
                    var run = ReadRunState(w, runId);
                    RunMoveChecks.Pause(runId, run.Status, run.Control);

                    var now = w.Time.GetUtcNow();
                    if (run.Status == FlowStatus.Waiting && !IsLeased(w, runId, now))
                    {
                        // A lease that ran out is revoked, so a slow worker that still thinks it holds the item stops.
                        w.Command(RevokeLeasesSql).Bind(1, runId).ExecuteNonQuery();
                        MoveRun(w, runId, FlowStatus.Paused, FlowStatus.Waiting, null, PostgresValues.Time(now));
                        return FlowStatus.Paused;
                    }

                    SetControl(w, runId, RunControl.Pause, now);
                    return run.Status;
                },
                cancellationToken);

        private static readonly PostgresSql RevokeLeasesSql = new("UPDATE outbox SET lease_owner = NULL WHERE run_id = $1 AND lease_owner IS NOT NULL", Uuid);

        /// <inheritdoc />
        public Task<FlowStatus> ResumeRunAsync(Guid runId, CancellationToken cancellationToken = default)
            => _writer.WriteAsync(
                runId,
                static (w, runId) =>
                {
                    var run = ReadRunState(w, runId);
                    var now = w.Time.GetUtcNow();
                    if (run.Status == FlowStatus.Paused)
                    {
                        // Back to Waiting: its armed timer or event wait counts again, and items queued meanwhile are claimable.
                        if (run.PausedFrom == FlowStatus.Waiting)
                        {
                            MoveRun(w, runId, FlowStatus.Waiting, null, null, PostgresValues.Time(now));
                            return FlowStatus.Waiting;
                        }

                        MoveRun(w, runId, FlowStatus.Running, null, null, PostgresValues.Time(now));
                        QueueFromCheckpoint(w, runId, PostgresValues.Time(now));
                        return FlowStatus.Running;
                    }

                    if (run.Control == RunControl.Pause)
                    {
                        SetControl(w, runId, RunControl.None, now);
                        return run.Status;
                    }

                    throw RunMoveChecks.NothingToResume(runId, run.Status);
                },
                cancellationToken);

        /// <inheritdoc />
        public Task<FlowStatus> CancelRunAsync(Guid runId, CancellationToken cancellationToken = default)
            => _writer.WriteAsync(
                runId,
                static (w, runId) =>
                {
                    var run = ReadRunState(w, runId);
                    RunMoveChecks.Cancel(runId, run.Status);

                    // A worker holding the run ends it at its next checkpoint, with its step tries recorded; otherwise now.
                    // A lease that ran out does not count: the slow worker's next write finds its item gone and stops.
                    var now = w.Time.GetUtcNow();
                    if (run.Status != FlowStatus.Paused && IsLeased(w, runId, now))
                    {
                        SetControl(w, runId, RunControl.Cancel, now);
                        return run.Status;
                    }

                    Forget(w, runId);
                    MoveRun(w, runId, FlowStatus.Cancelled, null, null, PostgresValues.Time(now));
                    return FlowStatus.Cancelled;
                },
                cancellationToken);

        /// <inheritdoc />
        public Task RetryRunAsync(Guid runId, CancellationToken cancellationToken = default)
            => _writer.WriteAsync(
                runId,
                static (w, runId) =>
                {
                    var run = ReadRunState(w, runId);
                    RunMoveChecks.Retry(runId, run.Status);

                    var now = PostgresValues.Time(w.Time.GetUtcNow());
                    w.Command(DeleteRunItemsSql).Bind(1, runId).ExecuteNonQuery();
                    MoveRun(w, runId, FlowStatus.Pending, null, null, now);
                    QueueFromCheckpoint(w, runId, now);
                    return true;
                },
                cancellationToken);

        /// <inheritdoc />
        public Task<bool> DeleteRunAsync(Guid runId, CancellationToken cancellationToken = default)
            => _writer.WriteAsync(
                runId,
                static (w, runId) =>
                {
                    if (TryReadRunState(w, runId) is not { } run)
                    {
                        return false;
                    }

                    RunMoveChecks.Delete(runId, run.Status);

                    // Steps, snapshot and outbox items go with it (ON DELETE CASCADE); the flow's run count counts starts and stays.
                    w.Command(DeleteRunSql).Bind(1, runId).ExecuteNonQuery();
                    return true;
                },
                cancellationToken);

        private static readonly PostgresSql DeleteRunSql = new("DELETE FROM runs WHERE id = $1", Uuid);

        /// <summary>
        /// A leg's run (its row locked, as <see cref="ReadRunState"/>) and its item's run when <paramref name="owner"/> still
        /// holds the item (null when not): see <see cref="Holds"/>. The item's row is locked too, after the run's (the order
        /// every write that touches both keeps): a claim by another host that is committing meanwhile is waited for and its
        /// new owner seen, so a host whose lease was taken over cannot commit one more step of the run.
        /// </summary>
        private static (RunState Run, Guid? Holder) ReadLegState(PostgresWriter w, Guid runId, long itemId, string owner, string? flowId)
        {
            // Both in one round trip, in this order (the statements of a batch run one after the other).
            w.Defer(RunStateSql).Bind(1, runId);
            w.Defer(HolderSql).Bind(1, itemId).Bind(2, owner);
            using var reader = w.SendAndRead();
            var run = ReadRunStateRow(reader, flowId) ?? throw NoSuchRun(runId, null);
            reader.NextResult();
            var holder = reader.Read() ? reader.GetGuid(0) : (Guid?)null;
            return (run, holder);
        }

        private static readonly PostgresSql HolderSql = new("SELECT run_id FROM outbox WHERE id = $1 AND lease_owner = $2 FOR UPDATE", Bigint, Text);

        /// <summary>
        /// Whether the owner still holds the item, from <see cref="ReadLegState"/>: it exists and nobody claimed it since.
        /// A lease that ran out but was not taken over still counts (the item is not lost until another worker has it),
        /// unless an operator revoked it by pausing or cancelling the run.
        /// </summary>
        private static bool Holds(Guid? holder, long itemId, Guid runId)
        {
            if (holder is not { } holderRun)
            {
                return false;
            }

            if (holderRun != runId)
            {
                throw new JournalException($"Outbox item {itemId} belongs to run {holderRun:N}, not to run {runId:N}.");
            }

            return true;
        }

        /// <summary>Whether a worker holds one of the run's items under a lease that has not run out.</summary>
        private static bool IsLeased(PostgresWriter w, Guid runId, DateTimeOffset now)
            => w.Command(IsLeasedSql).Bind(1, runId).Bind(2, PostgresValues.Time(now)).ExecuteScalar() is not null;

        private static readonly PostgresSql IsLeasedSql = new("SELECT 1 FROM outbox WHERE run_id = $1 AND lease_owner IS NOT NULL AND visible_at > $2 LIMIT 1", Uuid, Bigint);

        private static void SetControl(PostgresWriter w, Guid runId, RunControl control, DateTimeOffset now)
            => w.Command(SetControlSql)
                .Bind(1, control == RunControl.None ? null : control.ToString()).Bind(2, PostgresValues.Time(now)).Bind(3, runId)
                .ExecuteNonQuery();

        private static readonly PostgresSql SetControlSql = new("UPDATE runs SET control = $1, updated_at = $2 WHERE id = $3", Text, Bigint, Uuid);

        /// <summary>Drops what an ended run would never use again: its queued items and its snapshot.</summary>
        private static void Forget(PostgresWriter w, Guid runId)
        {
            w.Defer(DeleteRunItemsSql).Bind(1, runId);
            w.Defer(DeleteSnapshotSql).Bind(1, runId);
        }

        /// <summary>
        /// Queues the item that takes a run up again: <see cref="OutboxKind.Continue"/> from its checkpoint, or
        /// <see cref="OutboxKind.Start"/> when it has none (a wait's snapshot left from an earlier leg is dropped: the run starts over).
        /// </summary>
        private static void QueueFromCheckpoint(PostgresWriter w, Guid runId, long now)
        {
            if (w.Command(WaitKindSql).Bind(1, runId).ExecuteScalar() as string == nameof(WaitKind.None))
            {
                InsertOutbox(w, runId, OutboxKind.Continue, [], now, now);
                return;
            }

            w.Command(DeleteSnapshotSql).Bind(1, runId).ExecuteNonQuery();
            InsertOutbox(w, runId, OutboxKind.Start, [], now, now);
        }

        private static readonly PostgresSql WaitKindSql = new("SELECT wait_kind FROM suspended WHERE run_id = $1", Uuid);

        /// <summary>
        /// Runs <paramref name="disarm"/> (an UPDATE of <c>suspended</c> returning <c>run_id</c> and the wait's order, its due
        /// time or when it began, for each wait it disarmed: only the host whose update changed the row gets it back) and
        /// queues an item for each of those runs, in that order, so each is woken once. Returns the runs in that order.
        /// </summary>
        private static List<Guid> Wake(PostgresWriter w, Npgsql.NpgsqlCommand disarm, OutboxKind kind, byte[] payload)
        {
            var woken = new List<(long Order, Guid RunId)>();
            using (var reader = disarm.ExecuteReader())
            {
                while (reader.Read())
                {
                    woken.Add((reader.GetInt64(1), reader.GetGuid(0)));
                }
            }

            // RETURNING has no order; uuids compare as their text does, as in the SQLite journal's ORDER BY.
            woken.Sort();
            var now = PostgresValues.Time(w.Time.GetUtcNow());
            var runs = new List<Guid>(woken.Count);
            foreach (var (_, runId) in woken)
            {
                InsertOutbox(w, runId, kind, payload, now, now);
                runs.Add(runId);
            }

            return runs;
        }
    }
}
