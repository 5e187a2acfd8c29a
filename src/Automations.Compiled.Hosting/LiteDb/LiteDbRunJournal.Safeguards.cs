using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LiteDB;

namespace Automations.Compiled.Hosting.LiteDb
{
    // Kill switches, throttle windows and concurrency admission (docs/safeguards.md; the collections in docs/journal.md).
    public sealed partial class LiteDbRunJournal
    {
        /// <inheritdoc />
        public Task<KillSwitchChange> EngageKillSwitchAsync(KillSwitch kill, CancellationToken cancellationToken = default)
        {
            JournalSafeguards.Check(kill);
            return _writer.WriteAsync(
                w =>
                {
                    var db = w.Db;
                    var now = w.Time.GetUtcNow();
                    var existing = db.Kills.FindById(kill.Scope.Key);
                    db.Kills.Upsert(new BsonDocument
                    {
                        ["_id"] = kill.Scope.Key,
                        ["flow"] = LiteDbValues.Nullable(kill.Scope.FlowId),
                        ["ver"] = kill.Scope.Version,
                        ["mode"] = kill.Mode.ToString(),
                        ["reason"] = kill.Reason,
                        ["by"] = LiteDbValues.Nullable(kill.By),
                        ["at"] = existing?["at"] ?? LiteDbValues.Time(kill.EngagedAt == default ? now : kill.EngagedAt),
                    });

                    var touched = 0;
                    foreach (var run in CoveredRuns(db, kill.Scope))
                    {
                        var state = RunState.Of(run);
                        var runId = run["_id"].AsGuid;
                        switch (JournalSafeguards.OnEngage(kill.Mode, state.Status, state.Control, IsLeased(w, runId, now)))
                        {
                            case KillStep.None:
                                continue;
                            case KillStep.AskToCancel:
                                SetControl(w, run, RunControl.Cancel, now);
                                break;
                            case KillStep.CancelNow:
                                Forget(w, runId);
                                MoveRun(w, run, FlowStatus.Cancelled, null, new RunOutcome(Message: JournalSafeguards.KillCancelMessage(kill.Scope, kill.Reason)), LiteDbValues.Time(now));
                                break;
                            case KillStep.PauseNow:
                                foreach (var item in OfRun(db.Outbox, runId))
                                {
                                    if (item.String("owner") is not null)
                                    {
                                        item["owner"] = BsonValue.Null;
                                        db.Outbox.Update(item);
                                    }
                                }

                                MoveRun(w, run, FlowStatus.Paused, FlowStatus.Waiting, null, LiteDbValues.Time(now));
                                MarkKilled(db, run, kill.Scope.Key);
                                break;
                            case KillStep.AskToPause:
                                SetControl(w, run, RunControl.Pause, now);
                                MarkKilled(db, run, kill.Scope.Key);
                                break;
                        }

                        touched++;
                    }

                    return new KillSwitchChange(existing is null, touched);
                },
                cancellationToken);
        }

        /// <inheritdoc />
        public Task<KillSwitchChange> LiftKillSwitchAsync(KillScope scope, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(scope);
            return _writer.WriteAsync(
                w =>
                {
                    var db = w.Db;
                    if (!db.Kills.Delete(scope.Key))
                    {
                        return new KillSwitchChange(false, 0);
                    }

                    var others = ReadKillSwitches(db.Kills.FindAll());
                    var now = w.Time.GetUtcNow();
                    var resumed = 0;
                    // Read in full before any of them changes: LiteDB's cursor does not survive writes to what it walks.
                    foreach (var run in db.Runs.Find(BsonExpression.Create("$.killed = @0", scope.Key)).ToList())
                    {
                        var state = RunState.Of(run);
                        var runId = run["_id"].AsGuid;
                        if (JournalSafeguards.StillPausing(others, state.FlowId, state.FlowVersion) is { } other)
                        {
                            MarkKilled(db, run, other.Scope.Key); // another switch still holds it: lifting that one resumes it
                            continue;
                        }

                        MarkKilled(db, run, null);
                        if (state.Status == FlowStatus.Paused)
                        {
                            if (state.PausedFrom == FlowStatus.Waiting)
                            {
                                MoveRun(w, run, FlowStatus.Waiting, null, null, LiteDbValues.Time(now));
                            }
                            else
                            {
                                MoveRun(w, run, FlowStatus.Running, null, null, LiteDbValues.Time(now));
                                QueueFromCheckpoint(w, runId, LiteDbValues.Time(now));
                            }

                            resumed++;
                        }
                        else if (state.Control == RunControl.Pause && !RunStatusRules.IsFinal(state.Status))
                        {
                            SetControl(w, run, RunControl.None, now);
                            resumed++;
                        }
                    }

                    return new KillSwitchChange(true, resumed);
                },
                cancellationToken);
        }

        /// <inheritdoc />
        public Task<IReadOnlyList<KillSwitch>> ListKillSwitchesAsync(CancellationToken cancellationToken = default)
            => ReadAsync<IReadOnlyList<KillSwitch>>(db => ReadKillSwitches(db.Kills.FindAll()), cancellationToken);

        /// <inheritdoc />
        public Task<bool> AdmitAsync(long itemId, string owner, string flowId, int limit, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(owner);
            ArgumentException.ThrowIfNullOrWhiteSpace(flowId);
            ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
            return _writer.WriteAsync(
                w =>
                {
                    var db = w.Db;
                    if (HeldItem(db, itemId, owner) is not { } item)
                    {
                        return false; // not held by this owner (any more)
                    }

                    if (item.String("admitted") is not null)
                    {
                        return true;
                    }

                    var now = LiteDbValues.Time(w.Time.GetUtcNow());
                    var inFlight = 0;
                    foreach (var other in db.Outbox.Find(BsonExpression.Create("$.admitted = @0", flowId)))
                    {
                        if (other.String("owner") is not null && other["visible"].AsInt64 > now)
                        {
                            inFlight++;
                        }
                    }

                    if (inFlight >= limit)
                    {
                        return false;
                    }

                    item["admitted"] = flowId;
                    return db.Outbox.Update(item);
                },
                cancellationToken);
        }

        /// <summary>The refusal of a start that an engaged kill switch covers; null when none does.</summary>
        private static RunError? KillRefusal(LiteDbCollections db, string flowId, int version)
        {
            if (db.Kills.Count() == 0)
            {
                return null; // the usual case, without three look-ups
            }

            foreach (var key in new[] { "*", flowId, JournalSafeguards.VersionKey(flowId, version) })
            {
                if (db.Kills.FindById(key) is { } kill)
                {
                    return JournalSafeguards.KillRefusal(new KillScope(kill.String("flow"), kill["ver"].AsInt32), kill.String("reason")!);
                }
            }

            return null;
        }

        /// <summary>Counts the start in each throttle's window; the refusal of a refusing one that is full, or when the start may run.</summary>
        private static (RunError? Refusal, long AvailableAt) ReserveThrottles(LiteDbCollections db, string flowId, IReadOnlyList<ThrottleSlot> throttles, long now)
        {
            var (reservations, availableAt, refusal) = JournalSafeguards.Plan(flowId, throttles, now, key =>
                db.Throttles.FindById(key) is { } row ? (row["start"].AsInt64, row["count"].AsInt32) : null);
            if (refusal is not null)
            {
                return (refusal, now);
            }

            foreach (var (slot, reservation) in reservations)
            {
                db.Throttles.Upsert(new BsonDocument { ["_id"] = slot.Key, ["start"] = reservation.WindowStart, ["count"] = reservation.Count });
            }

            return (null, availableAt);
        }

        /// <summary>The runs a kill switch covers that have not ended, in start order.</summary>
        private static List<BsonDocument> CoveredRuns(LiteDbCollections db, KillScope scope)
        {
            var runs = new List<BsonDocument>();
            foreach (var run in db.Runs.Find(BsonExpression.Create("$.status IN ['Pending', 'Running', 'Waiting', 'Paused']")).ToList())
            {
                if (scope.Covers(run.String("flow")!, run["ver"].AsInt32))
                {
                    runs.Add(run);
                }
            }

            runs.Sort((a, b) => a["seq"].AsInt64.CompareTo(b["seq"].AsInt64));
            return runs;
        }

        private static void MarkKilled(LiteDbCollections db, BsonDocument run, string? scope)
        {
            run["killed"] = LiteDbValues.Nullable(scope);
            db.Runs.Update(run);
        }

        private static List<KillSwitch> ReadKillSwitches(IEnumerable<BsonDocument> documents)
        {
            var switches = new List<KillSwitch>();
            foreach (var kill in documents)
            {
                switches.Add(new KillSwitch(
                    new KillScope(kill.String("flow"), kill["ver"].AsInt32),
                    LiteDbValues.Enum<KillMode>(kill.String("mode")!),
                    kill.String("reason")!,
                    kill.String("by"),
                    LiteDbValues.Time(kill["at"].AsInt64)));
            }

            switches.Sort((a, b) => string.CompareOrdinal(a.Scope.Key, b.Scope.Key));
            return switches;
        }
    }
}
