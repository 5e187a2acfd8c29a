using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace Automations.Compiled.Hosting.Sqlite
{
    // Kill switches, throttle windows and concurrency admission (docs/safeguards.md; the tables in docs/journal.md).
    public sealed partial class SqliteRunJournal
    {
        /// <inheritdoc />
        public Task<KillSwitchChange> EngageKillSwitchAsync(KillSwitch kill, CancellationToken cancellationToken = default)
        {
            JournalSafeguards.Check(kill);
            return _writer.WriteAsync(
                w =>
                {
                    var now = w.Time.GetUtcNow();
                    var changed = w.Command("""
                        INSERT INTO kill_switches (scope, flow_id, version, mode, reason, engaged_by, engaged_at) VALUES ($scope, $flow, $version, $mode, $reason, $by, $at)
                        ON CONFLICT (scope) DO UPDATE SET mode = excluded.mode, reason = excluded.reason, engaged_by = excluded.engaged_by
                        RETURNING engaged_at = $at
                        """)
                        .Bind("$scope", kill.Scope.Key).Bind("$flow", kill.Scope.FlowId).Bind("$version", kill.Scope.Version).Bind("$mode", kill.Mode.ToString())
                        .Bind("$reason", kill.Reason).Bind("$by", kill.By).Bind("$at", SqliteValues.Time(kill.EngagedAt == default ? now : kill.EngagedAt))
                        .ExecuteScalar() is long fresh && fresh == 1;

                    var touched = 0;
                    foreach (var (runId, status, control) in CoveredRuns(w, kill.Scope))
                    {
                        switch (JournalSafeguards.OnEngage(kill.Mode, status, control, IsLeased(w, runId, now)))
                        {
                            case KillStep.None:
                                continue;
                            case KillStep.AskToCancel:
                                SetControl(w, runId, RunControl.Cancel, now);
                                break;
                            case KillStep.CancelNow:
                                Forget(w, runId);
                                MoveRun(w, runId, FlowStatus.Cancelled, null, new RunOutcome(Message: JournalSafeguards.KillCancelMessage(kill.Scope, kill.Reason)), SqliteValues.Time(now));
                                break;
                            case KillStep.PauseNow:
                                w.Command("UPDATE outbox SET lease_owner = NULL WHERE run_id = $run AND lease_owner IS NOT NULL").Bind("$run", SqliteValues.Id(runId)).ExecuteNonQuery();
                                MoveRun(w, runId, FlowStatus.Paused, FlowStatus.Waiting, null, SqliteValues.Time(now));
                                MarkKilled(w, runId, kill.Scope.Key);
                                break;
                            case KillStep.AskToPause:
                                SetControl(w, runId, RunControl.Pause, now);
                                MarkKilled(w, runId, kill.Scope.Key);
                                break;
                        }

                        touched++;
                    }

                    return new KillSwitchChange(changed, touched);
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
                    if (w.Command("DELETE FROM kill_switches WHERE scope = $scope").Bind("$scope", scope.Key).ExecuteNonQuery() == 0)
                    {
                        return new KillSwitchChange(false, 0);
                    }

                    var others = ReadKillSwitches(w.Command("SELECT flow_id, version, mode, reason, engaged_by, engaged_at FROM kill_switches").ExecuteReader());
                    var held = new List<(Guid RunId, string FlowId, int Version, FlowStatus Status, FlowStatus? PausedFrom, RunControl Control)>();
                    using (var reader = w.Command("SELECT id, flow_id, flow_version, status, paused_from, control FROM runs WHERE killed_by = $scope").Bind("$scope", scope.Key).ExecuteReader())
                    {
                        while (reader.Read())
                        {
                            held.Add((SqliteValues.Id(reader.GetString(0)), reader.GetString(1), reader.GetInt32(2), SqliteValues.Enum<FlowStatus>(reader.GetString(3)),
                                reader.IsDBNull(4) ? null : SqliteValues.Enum<FlowStatus>(reader.GetString(4)),
                                reader.IsDBNull(5) ? RunControl.None : SqliteValues.Enum<RunControl>(reader.GetString(5))));
                        }
                    }

                    var now = w.Time.GetUtcNow();
                    var resumed = 0;
                    foreach (var run in held)
                    {
                        if (JournalSafeguards.StillPausing(others, run.FlowId, run.Version) is { } other)
                        {
                            MarkKilled(w, run.RunId, other.Scope.Key); // another switch still holds it: lifting that one resumes it
                            continue;
                        }

                        MarkKilled(w, run.RunId, null);
                        if (run.Status == FlowStatus.Paused)
                        {
                            if (run.PausedFrom == FlowStatus.Waiting)
                            {
                                MoveRun(w, run.RunId, FlowStatus.Waiting, null, null, SqliteValues.Time(now));
                            }
                            else
                            {
                                MoveRun(w, run.RunId, FlowStatus.Running, null, null, SqliteValues.Time(now));
                                QueueFromCheckpoint(w, run.RunId, SqliteValues.Time(now));
                            }

                            resumed++;
                        }
                        else if (run.Control == RunControl.Pause && !RunStatusRules.IsFinal(run.Status))
                        {
                            SetControl(w, run.RunId, RunControl.None, now);
                            resumed++;
                        }
                    }

                    return new KillSwitchChange(true, resumed);
                },
                cancellationToken);
        }

        /// <inheritdoc />
        public async Task<IReadOnlyList<KillSwitch>> ListKillSwitchesAsync(CancellationToken cancellationToken = default)
        {
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT flow_id, version, mode, reason, engaged_by, engaged_at FROM kill_switches ORDER BY scope";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return ReadKillSwitches(reader);
        }

        /// <inheritdoc />
        public Task<bool> AdmitAsync(long itemId, string owner, string flowId, int limit, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(owner);
            ArgumentException.ThrowIfNullOrWhiteSpace(flowId);
            ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
            return _writer.WriteAsync(
                w =>
                {
                    var now = SqliteValues.Time(w.Time.GetUtcNow());
                    using (var reader = w.Command("SELECT admitted_flow FROM outbox WHERE id = $id AND lease_owner = $owner").Bind("$id", itemId).Bind("$owner", owner).ExecuteReader())
                    {
                        if (!reader.Read())
                        {
                            return false; // not held by this owner (any more)
                        }

                        if (!reader.IsDBNull(0))
                        {
                            return true;
                        }
                    }

                    var inFlight = (long)w.Command("SELECT COUNT(*) FROM outbox WHERE admitted_flow = $flow AND lease_owner IS NOT NULL AND visible_at > $now")
                        .Bind("$flow", flowId).Bind("$now", now).ExecuteScalar()!;
                    if (inFlight >= limit)
                    {
                        return false;
                    }

                    w.Command("UPDATE outbox SET admitted_flow = $flow WHERE id = $id").Bind("$flow", flowId).Bind("$id", itemId).ExecuteNonQuery();
                    return true;
                },
                cancellationToken);
        }

        /// <summary>The refusal of a start that an engaged kill switch covers; null when none does.</summary>
        private static RunError? KillRefusal(SqliteWriter w, string flowId, int version)
        {
            using var rows = w.Statement(KillSwitchSql).Text(1, flowId).Text(2, JournalSafeguards.VersionKey(flowId, version)).Query();
            return rows.Next() ? JournalSafeguards.KillRefusal(new KillScope(rows.NullableString(0), rows.Int32(1)), rows.String(2)) : null;
        }

        internal static readonly SqliteSql KillSwitchSql = new("SELECT flow_id, version, reason FROM kill_switches WHERE scope IN ('*', ?1, ?2) ORDER BY scope LIMIT 1");

        /// <summary>Counts the start in each throttle's window; the refusal of a refusing one that is full, or when the start may run.</summary>
        private static (RunError? Refusal, long AvailableAt) ReserveThrottles(SqliteWriter w, string flowId, IReadOnlyList<ThrottleSlot> throttles, long now)
        {
            var (reservations, availableAt, refusal) = JournalSafeguards.Plan(flowId, throttles, now, key =>
            {
                using var rows = w.Statement(ThrottleWindowSql).Text(1, key).Query();
                return rows.Next() ? (rows.Int64(0), rows.Int32(1)) : null;
            });
            if (refusal is not null)
            {
                return (refusal, now);
            }

            foreach (var (slot, reservation) in reservations)
            {
                w.Statement(SaveThrottleWindowSql).Text(1, slot.Key).Int(2, reservation.WindowStart).Int(3, reservation.Count).Execute();
            }

            return (null, availableAt);
        }

        internal static readonly SqliteSql ThrottleWindowSql = new("SELECT window_start, count FROM throttle_windows WHERE key = ?1");
        internal static readonly SqliteSql SaveThrottleWindowSql = new("""
            INSERT INTO throttle_windows (key, window_start, count) VALUES (?1, ?2, ?3)
            ON CONFLICT (key) DO UPDATE SET window_start = excluded.window_start, count = excluded.count
            """);

        /// <summary>The runs a kill switch covers that have not ended, oldest first.</summary>
        private static List<(Guid RunId, FlowStatus Status, RunControl Control)> CoveredRuns(SqliteWriter w, KillScope scope)
        {
            var runs = new List<(Guid, FlowStatus, RunControl)>();
            using var reader = w.Command("""
                SELECT id, status, control FROM runs
                WHERE status IN ('Pending', 'Running', 'Waiting', 'Paused') AND ($flow IS NULL OR flow_id = $flow) AND ($version = 0 OR flow_version = $version)
                ORDER BY seq
                """).Bind("$flow", scope.FlowId).Bind("$version", scope.Version).ExecuteReader();
            while (reader.Read())
            {
                runs.Add((SqliteValues.Id(reader.GetString(0)), SqliteValues.Enum<FlowStatus>(reader.GetString(1)), reader.IsDBNull(2) ? RunControl.None : SqliteValues.Enum<RunControl>(reader.GetString(2))));
            }

            return runs;
        }

        private static void MarkKilled(SqliteWriter w, Guid runId, string? scope)
            => w.Command("UPDATE runs SET killed_by = $scope WHERE id = $run").Bind("$scope", scope).Bind("$run", SqliteValues.Id(runId)).ExecuteNonQuery();

        private static List<KillSwitch> ReadKillSwitches(SqliteDataReader reader)
        {
            using (reader)
            {
                var switches = new List<KillSwitch>();
                while (reader.Read())
                {
                    switches.Add(new KillSwitch(new KillScope(reader.NullableString(0), reader.GetInt32(1)), SqliteValues.Enum<KillMode>(reader.GetString(2)), reader.GetString(3), reader.NullableString(4), SqliteValues.Time(reader.GetInt64(5))));
                }

                return switches;
            }
        }
    }
}
