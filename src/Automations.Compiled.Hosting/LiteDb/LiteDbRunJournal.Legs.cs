using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LiteDB;

namespace Automations.Compiled.Hosting.LiteDb
{
    // A worker's leg of a run (checkpoints and leg ends under the outbox lease), waking waiting runs (timers, events,
    // signals to one run), deferred items, and the operators' pause, resume, cancel, retry and delete. Each operation is
    // one write: one body in a group-commit batch. The rules are in docs/journal.md ("Legs, leases and operators").
    public sealed partial class LiteDbRunJournal
    {
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

        private static CheckpointCommit SaveCheckpoint(LiteDbWriter w, (RunCheckpoint Checkpoint, IReadOnlyList<StepEntry> Steps, string WaitJson) args)
        {
            var (checkpoint, steps, waitJson) = args;
            var snapshot = checkpoint.Snapshot;
            var (run, state, item) = ReadLegState(w, snapshot.RunId, checkpoint.OutboxItemId, checkpoint.Owner);
            EnsurePinned(state, snapshot);

            // A Paused or ended run is not the worker's to run any more, whatever its item says.
            if (state.Status is not (FlowStatus.Pending or FlowStatus.Running or FlowStatus.Waiting)
                || !Holds(item, checkpoint.OutboxItemId, snapshot.RunId))
            {
                return new CheckpointCommit(LeaseHeld: false, RunControl.None);
            }

            var instant = w.Time.GetUtcNow();
            var now = LiteDbValues.Time(instant);
            for (var i = 0; i < steps.Count; i++) // an index, not the list's boxed enumerator
            {
                InsertStep(w, steps[i]);
            }

            SaveSnapshot(w, snapshot, waitJson, now);

            // A run Running already keeps its status (and its index keys); the others move to Running.
            if (state.Status == FlowStatus.Running)
            {
                run["updated"] = now;
            }
            else
            {
                SetRun(run, FlowStatus.Running, pausedFrom: null, now);
            }

            w.Db.Runs.Update(run);
            SetVisible(item, LiteDbValues.Time(instant + checkpoint.Lease));
            w.Db.Outbox.Update(item);
            return new CheckpointCommit(LeaseHeld: true, state.Control);
        }

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

        private static bool EndLeg(LiteDbWriter w, (RunLegEnd End, FlowSnapshot? Snapshot, IReadOnlyList<StepEntry> Steps, string? WaitJson, RunOutcome? Outcome) args)
        {
            var (end, snapshot, steps, waitJson, outcome) = args;
            var (run, state, item) = ReadLegState(w, end.RunId, end.OutboxItemId, end.Owner);
            if (snapshot is not null)
            {
                EnsurePinned(state, snapshot);
            }

            if (state.Status == FlowStatus.Paused || !Holds(item, end.OutboxItemId, end.RunId))
            {
                return false;
            }

            RunMoveChecks.EndLeg(end.RunId, state.Status, end.Status);

            var now = LiteDbValues.Time(w.Time.GetUtcNow());
            for (var i = 0; i < steps.Count; i++) // an index, not the list's boxed enumerator
            {
                InsertStep(w, steps[i]);
            }

            var status = RunLegChecks.StatusAtEnd(end.Status, state.Control);
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
                DeleteOf(w.Db.Outbox, end.RunId);
            }
            else
            {
                w.Db.Outbox.Delete(end.OutboxItemId);
            }

            var pausedFrom = RunLegChecks.PausedFrom(status, end.Status);
            MoveRun(w, run, status, pausedFrom, outcome, now);
            return true;
        }

        /// <inheritdoc />
        public Task<bool> DeferOutboxAsync(long itemId, string owner, DateTimeOffset until, string reason, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(owner);
            ArgumentException.ThrowIfNullOrWhiteSpace(reason);

            // Handing an item back is not a failed try: the claim is uncounted, so Attempts above 1 still means a worker died.
            return _writer.WriteAsync(
                w => UpdateHeld(w, itemId, owner, item =>
                {
                    item["owner"] = BsonValue.Null;
                    item["last_error"] = reason;
                    item["attempts"] = Math.Max(item["attempts"].AsInt32 - 1, 0);
                    SetVisible(item, LiteDbValues.Time(until));
                }),
                cancellationToken);
        }

        /// <inheritdoc />
        public Task<IReadOnlyList<DeferredItem>> ListDeferredAsync(int max, CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
            return ReadAsync<IReadOnlyList<DeferredItem>>(db =>
            {
                // Still waiting: put back and not claimed since (a claim sets the owner; doing the item deletes it). The
                // range walks the last_error index from the lowest string up: a never deferred item (null) is below it.
                var deferred = new List<BsonDocument>();
                foreach (var item in db.Outbox.Find(BsonExpression.Create("$.last_error >= @0", "")))
                {
                    if (item.String("owner") is null)
                    {
                        deferred.Add(item);
                    }
                }

                deferred.Sort((a, b) => a["_id"].AsInt64.CompareTo(b["_id"].AsInt64));
                var items = new List<DeferredItem>();
                foreach (var item in deferred)
                {
                    if (items.Count == max)
                    {
                        break;
                    }

                    var runId = item["run"].AsGuid;
                    if (db.Runs.FindById(runId) is { } run)
                    {
                        items.Add(new DeferredItem(
                            item["_id"].AsInt64,
                            runId,
                            run.String("flow")!,
                            run["ver"].AsInt32,
                            item.String("last_error")!,
                            LiteDbValues.Time(item["visible"].AsInt64)));
                    }
                }

                return items;
            }, cancellationToken);
        }

        /// <inheritdoc />
        public Task<int> EnqueueDueTimersAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
            return _writer.WriteAsync(
                w =>
                {
                    // Waiting only: a paused run's timer holds until it is resumed, then fires at the next call.
                    var due = RunIds(w, DueWaits(w.Db.Suspended, LiteDbValues.Time(now)), IsWaiting, max);
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
                    // An event wait is in the event index (ek) only while armed: a delivered one is out of it.
                    var waiters = RunIds(w, EventWaits(w.Db.Suspended, eventName), IsWakeable, max);
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
                    var run = ReadRun(w, runId);
                    var armed = w.Db.Suspended.FindById(runId) is { } s
                        && s.String("kind") == kind.ToString()
                        && s.Int64("delivered") is null
                        && IsWakeable(run);
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
                    var (document, run) = ReadRunState(w, runId);
                    RunMoveChecks.Pause(runId, run.Status, run.Control);

                    var now = w.Time.GetUtcNow();
                    if (run.Status == FlowStatus.Waiting && !IsLeased(w, runId, now))
                    {
                        // A lease that ran out is revoked, so a slow worker that still thinks it holds the item stops.
                        foreach (var item in OfRun(w.Db.Outbox, runId))
                        {
                            if (item.String("owner") is not null)
                            {
                                item["owner"] = BsonValue.Null;
                                w.Db.Outbox.Update(item);
                            }
                        }

                        MoveRun(w, document, FlowStatus.Paused, FlowStatus.Waiting, null, LiteDbValues.Time(now));
                        return FlowStatus.Paused;
                    }

                    SetControl(w, document, RunControl.Pause, now);
                    return run.Status;
                },
                cancellationToken);

        /// <inheritdoc />
        public Task<FlowStatus> ResumeRunAsync(Guid runId, CancellationToken cancellationToken = default)
            => _writer.WriteAsync(
                w =>
                {
                    var (document, run) = ReadRunState(w, runId);
                    var now = w.Time.GetUtcNow();
                    if (run.Status == FlowStatus.Paused)
                    {
                        // Back to Waiting: its armed timer or event wait counts again, and items queued meanwhile are claimable.
                        if (run.PausedFrom == FlowStatus.Waiting)
                        {
                            MoveRun(w, document, FlowStatus.Waiting, null, null, LiteDbValues.Time(now));
                            return FlowStatus.Waiting;
                        }

                        MoveRun(w, document, FlowStatus.Running, null, null, LiteDbValues.Time(now));
                        QueueFromCheckpoint(w, runId, LiteDbValues.Time(now));
                        return FlowStatus.Running;
                    }

                    if (run.Control == RunControl.Pause)
                    {
                        SetControl(w, document, RunControl.None, now);
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
                    var (document, run) = ReadRunState(w, runId);
                    RunMoveChecks.Cancel(runId, run.Status);

                    // A worker holding the run ends it at its next checkpoint, with its step tries recorded; otherwise now.
                    // A lease that ran out does not count: the slow worker's next write finds its item gone and stops.
                    var now = w.Time.GetUtcNow();
                    if (run.Status != FlowStatus.Paused && IsLeased(w, runId, now))
                    {
                        SetControl(w, document, RunControl.Cancel, now);
                        return run.Status;
                    }

                    Forget(w, runId);
                    MoveRun(w, document, FlowStatus.Cancelled, null, null, LiteDbValues.Time(now));
                    return FlowStatus.Cancelled;
                },
                cancellationToken);

        /// <inheritdoc />
        public Task RetryRunAsync(Guid runId, CancellationToken cancellationToken = default)
            => _writer.WriteAsync(
                w =>
                {
                    var (document, run) = ReadRunState(w, runId);
                    RunMoveChecks.Retry(runId, run.Status);

                    var now = LiteDbValues.Time(w.Time.GetUtcNow());
                    DeleteOf(w.Db.Outbox, runId);
                    MoveRun(w, document, FlowStatus.Pending, null, null, now);
                    QueueFromCheckpoint(w, runId, now);
                    return true;
                },
                cancellationToken);

        /// <inheritdoc />
        public Task<bool> DeleteRunAsync(Guid runId, CancellationToken cancellationToken = default)
            => _writer.WriteAsync(
                w =>
                {
                    if (w.Db.Runs.FindById(runId) is not { } document)
                    {
                        return false;
                    }

                    var run = RunState.Of(document);
                    RunMoveChecks.Delete(runId, run.Status);

                    // Steps, snapshot and outbox items go with it (SQLite's ON DELETE CASCADE, done here: LiteDB has none);
                    // the flow's run count counts starts and stays.
                    DeleteOf(w.Db.Steps, runId);
                    Forget(w, runId);
                    w.Db.Runs.Delete(runId);
                    return true;
                },
                cancellationToken);

        /// <summary>
        /// A leg's run (its document and state) and its item when <paramref name="owner"/> still holds it (null when not):
        /// see <see cref="Holds"/>.
        /// </summary>
        private static (BsonDocument Run, RunState State, BsonDocument? Item) ReadLegState(LiteDbWriter w, Guid runId, long itemId, string owner)
        {
            var (run, state) = ReadRunState(w, runId);
            return (run, state, HeldItem(w.Db, itemId, owner));
        }

        /// <summary>A run's document and what a write checks of it; a missing run is a <see cref="JournalException"/>.</summary>
        private static (BsonDocument Document, RunState State) ReadRunState(LiteDbWriter w, Guid runId)
        {
            var run = ReadRun(w, runId);
            return (run, RunState.Of(run));
        }

        /// <summary>
        /// Whether the owner still holds the item, from <see cref="ReadLegState"/>: it exists and nobody claimed it since.
        /// A lease that ran out but was not taken over still counts (the item is not lost until another worker has it),
        /// unless an operator revoked it by pausing or cancelling the run.
        /// </summary>
        private static bool Holds([NotNullWhen(true)] BsonDocument? item, long itemId, Guid runId)
        {
            if (item is null)
            {
                return false;
            }

            var holder = item["run"].AsGuid;
            if (holder != runId)
            {
                throw new JournalException($"Outbox item {itemId} belongs to run {holder:N}, not to run {runId:N}.");
            }

            return true;
        }

        /// <summary>Whether a worker holds one of the run's items under a lease that has not run out.</summary>
        private static bool IsLeased(LiteDbWriter w, Guid runId, DateTimeOffset now)
        {
            var at = LiteDbValues.Time(now);
            foreach (var item in w.Db.Outbox.Find(BsonExpression.Create("$.run = @0", runId)))
            {
                if (item.String("owner") is not null && item["visible"].AsInt64 > at)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Sets (or clears) a run's operator request; its status stays, so its index keys do too.</summary>
        private static void SetControl(LiteDbWriter w, BsonDocument run, RunControl control, DateTimeOffset now)
        {
            run["control"] = control == RunControl.None ? BsonValue.Null : control.ToString();
            run["updated"] = LiteDbValues.Time(now);
            w.Db.Runs.Update(run);
        }

        /// <summary>Drops what an ended run would never use again: its queued items and its snapshot.</summary>
        private static void Forget(LiteDbWriter w, Guid runId)
        {
            DeleteOf(w.Db.Outbox, runId);
            w.Db.Suspended.Delete(runId);
        }

        /// <summary>Deletes a run's documents from a collection indexed by <c>run</c> (its steps or its outbox items).</summary>
        private static void DeleteOf(ILiteCollection<BsonDocument> collection, Guid runId)
        {
            foreach (var document in OfRun(collection, runId))
            {
                collection.Delete(document["_id"]);
            }
        }

        /// <summary>A run's documents in a collection indexed by <c>run</c>, read in full before the caller changes any of them.</summary>
        private static List<BsonDocument> OfRun(ILiteCollection<BsonDocument> collection, Guid runId)
            => collection.Find(BsonExpression.Create("$.run = @0", runId)).ToList();

        /// <summary>
        /// Queues the item that takes a run up again: <see cref="OutboxKind.Continue"/> from its checkpoint, or
        /// <see cref="OutboxKind.Start"/> when it has none (a wait's snapshot left from an earlier leg is dropped: the run starts over).
        /// </summary>
        private static void QueueFromCheckpoint(LiteDbWriter w, Guid runId, long now)
        {
            if (w.Db.Suspended.FindById(runId)?.String("kind") == nameof(WaitKind.None))
            {
                InsertOutbox(w, runId, OutboxKind.Continue, [], now, now);
                return;
            }

            w.Db.Suspended.Delete(runId);
            InsertOutbox(w, runId, OutboxKind.Start, [], now, now);
        }

        /// <summary>
        /// Queues an item for each run and disarms its wait (timer and event both: out of the due and event indexes), so it
        /// is woken once.
        /// </summary>
        private static void Wake(LiteDbWriter w, IReadOnlyList<Guid> runs, OutboxKind kind, byte[] payload)
        {
            var now = LiteDbValues.Time(w.Time.GetUtcNow());
            foreach (var runId in runs)
            {
                InsertOutbox(w, runId, kind, payload, now, now);
                var suspended = w.Db.Suspended.FindById(runId);
                suspended["due"] = BsonValue.Null;
                suspended["event"] = BsonValue.Null;
                suspended["ek"] = BsonValue.Null;
                suspended["delivered"] = now;
                w.Db.Suspended.Update(suspended);
            }
        }

        /// <summary>The runs of the first <paramref name="max"/> suspended documents (in the order given) whose run passes <paramref name="accept"/>.</summary>
        private static List<Guid> RunIds(LiteDbWriter w, IEnumerable<BsonDocument> suspended, Func<BsonDocument, bool> accept, int max)
            => Waiting(w.Db, suspended, accept, max).ConvertAll(waiting => waiting.RunId);

        /// <summary>A run whose wait may be woken: Waiting, or paused while waiting (its items wait for the resume).</summary>
        private static bool IsWakeable(BsonDocument run)
            => IsWaiting(run) || (run.String("status") == nameof(FlowStatus.Paused) && run.String("paused") == nameof(FlowStatus.Waiting));
    }
}
