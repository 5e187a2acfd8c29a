using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting.Sqlite
{
    // A worker's leg of a run (checkpoints and leg ends under the outbox lease), waking waiting runs (timers, events,
    // signals to one run), deferred items, and the operators' pause, resume, cancel, retry and delete. Each operation is
    // one write: one savepoint in a group-commit batch. The rules are in docs/journal.md ("Legs, leases and operators").
    public sealed partial class SqliteRunJournal
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

        private static CheckpointCommit SaveCheckpoint(SqliteWriter w, (RunCheckpoint Checkpoint, IReadOnlyList<StepEntry> Steps, string WaitJson) args)
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
            var now = SqliteValues.Time(instant);
            for (var i = 0; i < steps.Count; i++) // an index, not the list's boxed enumerator
            {
                InsertStep(w, steps[i]);
            }

            SaveSnapshot(w, snapshot, waitJson, now);

            // A run Running already keeps its status: rewriting it would rewrite its entries in the status indexes too.
            w.Statement(run.Status == FlowStatus.Running ? TouchRunSql : RunningRunSql).Int(1, now).Id(2, snapshot.RunId).Execute();
            w.Statement(ExtendLeaseSql).Int(1, SqliteValues.Time(instant + checkpoint.Lease)).Int(2, checkpoint.OutboxItemId).Execute();
            return new CheckpointCommit(LeaseHeld: true, run.Control);
        }

        internal static readonly SqliteSql TouchRunSql = new("UPDATE runs SET updated_at = ?1 WHERE id = ?2");
        internal static readonly SqliteSql RunningRunSql = new("UPDATE runs SET status = 'Running', updated_at = ?1 WHERE id = ?2");
        internal static readonly SqliteSql ExtendLeaseSql = new("UPDATE outbox SET visible_at = ?1 WHERE id = ?2");
        internal static readonly SqliteSql DeleteRunItemsSql = new("DELETE FROM outbox WHERE run_id = ?1");
        internal static readonly SqliteSql DeleteItemSql = new("DELETE FROM outbox WHERE id = ?1");
        internal static readonly SqliteSql DeleteSnapshotSql = new("DELETE FROM suspended WHERE run_id = ?1");

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

        private static bool EndLeg(SqliteWriter w, (RunLegEnd End, FlowSnapshot? Snapshot, IReadOnlyList<StepEntry> Steps, string? WaitJson, RunOutcome? Outcome) args)
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

            var now = SqliteValues.Time(w.Time.GetUtcNow());
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
                w.Statement(DeleteRunItemsSql).Id(1, end.RunId).Execute();
            }
            else
            {
                w.Statement(DeleteItemSql).Int(1, end.OutboxItemId).Execute();
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
                w => w.Command("""
                    UPDATE outbox SET lease_owner = NULL, visible_at = $until, last_error = $reason, attempts = MAX(attempts - 1, 0)
                    WHERE id = $id AND lease_owner = $owner
                    """)
                    .Bind("$until", SqliteValues.Time(until)).Bind("$reason", reason).Bind("$id", itemId).Bind("$owner", owner)
                    .ExecuteNonQuery() == 1,
                cancellationToken);
        }

        /// <inheritdoc />
        public async Task<IReadOnlyList<DeferredItem>> ListDeferredAsync(int max, CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();

            // Still waiting: put back and not claimed since (a claim sets the owner; doing the item deletes it).
            command.CommandText = """
                SELECT o.id, o.run_id, r.flow_id, r.flow_version, o.last_error, o.visible_at
                FROM outbox o JOIN runs r ON r.id = o.run_id
                WHERE o.last_error IS NOT NULL AND o.lease_owner IS NULL
                ORDER BY o.id LIMIT $max
                """;
            command.Bind("$max", max);
            var items = new List<DeferredItem>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(new DeferredItem(
                    reader.GetInt64(0),
                    SqliteValues.Id(reader.GetString(1)),
                    reader.GetString(2),
                    reader.GetInt32(3),
                    reader.GetString(4),
                    SqliteValues.Time(reader.GetInt64(5))));
            }

            return items;
        }

        /// <inheritdoc />
        public Task<int> EnqueueDueTimersAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
            return _writer.WriteAsync(
                w =>
                {
                    // Waiting only: a paused run's timer holds until it is resumed, then fires at the next call.
                    var due = RunIds(w, "SELECT s.run_id FROM suspended s JOIN runs r ON r.id = s.run_id WHERE s.due_at <= $now AND r.status = 'Waiting' ORDER BY s.due_at, s.run_id LIMIT $max", "$now", SqliteValues.Time(now), max);
                    Wake(w, due, OutboxKind.Timer, []);
                    return due.Count;
                },
                cancellationToken);
        }

        /// <inheritdoc />
        public Task<IReadOnlyList<Guid>> DeliverEventAsync(string eventName, ReadOnlyMemory<byte> payload, int max, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrEmpty(eventName);
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
            var bytes = payload.ToArray();
            return _writer.WriteAsync<IReadOnlyList<Guid>>(
                w =>
                {
                    var waiters = RunIds(
                        w,
                        $"SELECT s.run_id FROM suspended s JOIN runs r ON r.id = s.run_id WHERE s.event_name = $event AND s.delivered_at IS NULL AND {Wakeable} ORDER BY s.saved_at, s.run_id LIMIT $max",
                        "$event",
                        eventName,
                        max);
                    Wake(w, waiters, OutboxKind.Resume, bytes);
                    return waiters;
                },
                cancellationToken);
        }

        /// <inheritdoc />
        public Task<bool> DeliverToRunAsync(Guid runId, WaitKind kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
        {
            var bytes = payload.ToArray();
            return _writer.WriteAsync(
                w =>
                {
                    ReadRunState(w, runId);
                    var armed = w.Command($"SELECT 1 FROM suspended s JOIN runs r ON r.id = s.run_id WHERE s.run_id = $run AND s.wait_kind = $kind AND s.delivered_at IS NULL AND {Wakeable}")
                        .Bind("$run", SqliteValues.Id(runId)).Bind("$kind", kind.ToString()).ExecuteScalar() is not null;
                    if (armed)
                    {
                        Wake(w, [runId], OutboxKind.Resume, bytes);
                    }

                    return armed;
                },
                cancellationToken);
        }

        /// <inheritdoc />
        public Task<FlowStatus> PauseRunAsync(Guid runId, CancellationToken cancellationToken = default)
            => _writer.WriteAsync(
                w =>
                {
                    var run = ReadRunState(w, runId);
                    RunMoveChecks.Pause(runId, run.Status, run.Control);

                    var now = w.Time.GetUtcNow();
                    if (run.Status == FlowStatus.Waiting && !IsLeased(w, runId, now))
                    {
                        // A lease that ran out is revoked, so a slow worker that still thinks it holds the item stops.
                        w.Command("UPDATE outbox SET lease_owner = NULL WHERE run_id = $run AND lease_owner IS NOT NULL").Bind("$run", SqliteValues.Id(runId)).ExecuteNonQuery();
                        MoveRun(w, runId, FlowStatus.Paused, FlowStatus.Waiting, null, SqliteValues.Time(now));
                        return FlowStatus.Paused;
                    }

                    SetControl(w, runId, RunControl.Pause, now);
                    return run.Status;
                },
                cancellationToken);

        /// <inheritdoc />
        public Task<FlowStatus> ResumeRunAsync(Guid runId, CancellationToken cancellationToken = default)
            => _writer.WriteAsync(
                w =>
                {
                    var run = ReadRunState(w, runId);
                    var now = w.Time.GetUtcNow();
                    if (run.Status == FlowStatus.Paused)
                    {
                        // Back to Waiting: its armed timer or event wait counts again, and items queued meanwhile are claimable.
                        if (run.PausedFrom == FlowStatus.Waiting)
                        {
                            MoveRun(w, runId, FlowStatus.Waiting, null, null, SqliteValues.Time(now));
                            return FlowStatus.Waiting;
                        }

                        MoveRun(w, runId, FlowStatus.Running, null, null, SqliteValues.Time(now));
                        QueueFromCheckpoint(w, runId, SqliteValues.Time(now));
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
                w =>
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
                    MoveRun(w, runId, FlowStatus.Cancelled, null, null, SqliteValues.Time(now));
                    return FlowStatus.Cancelled;
                },
                cancellationToken);

        /// <inheritdoc />
        public Task RetryRunAsync(Guid runId, CancellationToken cancellationToken = default)
            => _writer.WriteAsync(
                w =>
                {
                    var run = ReadRunState(w, runId);
                    RunMoveChecks.Retry(runId, run.Status);

                    var now = SqliteValues.Time(w.Time.GetUtcNow());
                    w.Command("DELETE FROM outbox WHERE run_id = $run").Bind("$run", SqliteValues.Id(runId)).ExecuteNonQuery();
                    MoveRun(w, runId, FlowStatus.Pending, null, null, now);
                    QueueFromCheckpoint(w, runId, now);
                    return true;
                },
                cancellationToken);

        /// <inheritdoc />
        public Task<bool> DeleteRunAsync(Guid runId, CancellationToken cancellationToken = default)
            => _writer.WriteAsync(
                w =>
                {
                    if (TryReadRunState(w, runId) is not { } run)
                    {
                        return false;
                    }

                    RunMoveChecks.Delete(runId, run.Status);

                    // Steps, snapshot and outbox items go with it (ON DELETE CASCADE); the flow's run count counts starts and stays.
                    w.Command("DELETE FROM runs WHERE id = $run").Bind("$run", SqliteValues.Id(runId)).ExecuteNonQuery();
                    return true;
                },
                cancellationToken);

        /// <summary>
        /// A leg's run (as <see cref="ReadRunState(SqliteWriter, Guid)"/>) and, in the same statement, the run of its item when
        /// <paramref name="owner"/> still holds it (null when not): see <see cref="Holds"/>.
        /// </summary>
        private static (RunState Run, Guid? Holder) ReadLegState(SqliteWriter w, Guid runId, long itemId, string owner, string? flowId)
        {
            using var rows = w.Statement(LegStateSql).Id(1, runId).Int(2, itemId).Text(3, owner).Query();
            return rows.Next() ? (ReadRunState(rows, flowId), rows.IsNull(5) ? null : rows.Id(5)) : throw NoSuchRun(runId, null);
        }

        internal static readonly SqliteSql LegStateSql = new(
            $"SELECT {RunStateColumns}, (SELECT o.run_id FROM outbox o WHERE o.id = ?2 AND o.lease_owner = ?3) FROM runs WHERE id = ?1");

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
        private static bool IsLeased(SqliteWriter w, Guid runId, DateTimeOffset now)
            => w.Command("SELECT 1 FROM outbox WHERE run_id = $run AND lease_owner IS NOT NULL AND visible_at > $now LIMIT 1")
                .Bind("$run", SqliteValues.Id(runId)).Bind("$now", SqliteValues.Time(now)).ExecuteScalar() is not null;

        private static void SetControl(SqliteWriter w, Guid runId, RunControl control, DateTimeOffset now)
            => w.Command("UPDATE runs SET control = $control, updated_at = $now WHERE id = $run")
                .Bind("$control", control == RunControl.None ? null : control.ToString()).Bind("$now", SqliteValues.Time(now)).Bind("$run", SqliteValues.Id(runId))
                .ExecuteNonQuery();

        /// <summary>Drops what an ended run would never use again: its queued items and its snapshot.</summary>
        private static void Forget(SqliteWriter w, Guid runId)
        {
            w.Statement(DeleteRunItemsSql).Id(1, runId).Execute();
            w.Statement(DeleteSnapshotSql).Id(1, runId).Execute();
        }

        /// <summary>
        /// Queues the item that takes a run up again: <see cref="OutboxKind.Continue"/> from its checkpoint, or
        /// <see cref="OutboxKind.Start"/> when it has none (a wait's snapshot left from an earlier leg is dropped: the run starts over).
        /// </summary>
        private static void QueueFromCheckpoint(SqliteWriter w, Guid runId, long now)
        {
            var id = SqliteValues.Id(runId);
            var kind = w.Command("SELECT wait_kind FROM suspended WHERE run_id = $run").Bind("$run", id).ExecuteScalar() as string;
            if (kind == nameof(WaitKind.None))
            {
                InsertOutbox(w, runId, OutboxKind.Continue, [], now, now);
                return;
            }

            w.Command("DELETE FROM suspended WHERE run_id = $run").Bind("$run", id).ExecuteNonQuery();
            InsertOutbox(w, runId, OutboxKind.Start, [], now, now);
        }

        /// <summary>Queues an item for each run and disarms its wait (timer and event both), so it is woken once.</summary>
        private static void Wake(SqliteWriter w, IReadOnlyList<Guid> runs, OutboxKind kind, byte[] payload)
        {
            var now = SqliteValues.Time(w.Time.GetUtcNow());
            foreach (var runId in runs)
            {
                InsertOutbox(w, runId, kind, payload, now, now);
                w.Command("UPDATE suspended SET due_at = NULL, event_name = NULL, delivered_at = $now WHERE run_id = $run")
                    .Bind("$now", now).Bind("$run", SqliteValues.Id(runId)).ExecuteNonQuery();
            }
        }

        private static List<Guid> RunIds(SqliteWriter w, string sql, string name, object value, int max)
        {
            var ids = new List<Guid>();
            using var reader = w.Command(sql).Bind(name, value).Bind("$max", max).ExecuteReader();
            while (reader.Read())
            {
                ids.Add(SqliteValues.Id(reader.GetString(0)));
            }

            return ids;
        }
    }
}
