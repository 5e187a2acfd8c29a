using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Automations.Compiled.Hosting.PostgreSql
{
    // Inside the namespace: Automations.Compiled.Text would hide NpgsqlDbType.Text otherwise.
    using static NpgsqlTypes.NpgsqlDbType;

    // Kill switches, throttle windows and concurrency admission (docs/safeguards.md), safe across hosts: an engage locks runs
    // against inserts while it looks for the runs it covers, a throttle's window row is read FOR UPDATE, and admission to a
    // flow's concurrency limit takes a transaction lock on the flow.
    public sealed partial class PostgresRunJournal
    {
        /// <inheritdoc />
        public Task<KillSwitchChange> EngageKillSwitchAsync(KillSwitch kill, CancellationToken cancellationToken = default)
        {
            JournalSafeguards.Check(kill);
            return _writer.WriteAsync(
                kill,
                static (w, kill) =>
                {
                    // No start commits between the look for covered runs and this commit: a start waits for the lock, then sees
                    // the switch (its statement's snapshot is taken after the lock is granted) and is refused.
                    w.Command(LockRunsSql).ExecuteNonQuery();
                    var now = w.Time.GetUtcNow();
                    var changed = w.Command(UpsertKillSql)
                        .Bind(1, kill.Scope.Key).Bind(2, kill.Scope.FlowId).Bind(3, kill.Scope.Version).Bind(4, kill.Mode.ToString())
                        .Bind(5, kill.Reason).Bind(6, kill.By).Bind(7, PostgresValues.Time(kill.EngagedAt == default ? now : kill.EngagedAt))
                        .ExecuteScalar() is true;

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
                                MoveRun(w, runId, FlowStatus.Cancelled, null, new RunOutcome(Message: JournalSafeguards.KillCancelMessage(kill.Scope, kill.Reason)), PostgresValues.Time(now));
                                break;
                            case KillStep.PauseNow:
                                w.Command(RevokeLeasesSql).Bind(1, runId).ExecuteNonQuery();
                                MoveRun(w, runId, FlowStatus.Paused, FlowStatus.Waiting, null, PostgresValues.Time(now));
                                w.Defer(MarkKilledSql).Bind(1, kill.Scope.Key).Bind(2, runId);
                                break;
                            case KillStep.AskToPause:
                                SetControl(w, runId, RunControl.Pause, now);
                                w.Defer(MarkKilledSql).Bind(1, kill.Scope.Key).Bind(2, runId);
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
                scope,
                static (w, scope) =>
                {
                    if (w.Command(DeleteKillSql).Bind(1, scope.Key).ExecuteNonQuery() == 0)
                    {
                        return new KillSwitchChange(false, 0);
                    }

                    List<KillSwitch> others;
                    using (var reader = w.Command(KillSwitchesSql).ExecuteReader())
                    {
                        others = ReadKillSwitches(reader);
                    }

                    var held = new List<(Guid RunId, string FlowId, int Version, FlowStatus Status, FlowStatus? PausedFrom, RunControl Control)>();
                    using (var reader = w.Command(KilledRunsSql).Bind(1, scope.Key).ExecuteReader())
                    {
                        while (reader.Read())
                        {
                            held.Add((reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), PostgresValues.Enum<FlowStatus>(reader.GetString(3)),
                                reader.NullableEnum<FlowStatus>(4), reader.NullableEnum<RunControl>(5) ?? RunControl.None));
                        }
                    }

                    var now = w.Time.GetUtcNow();
                    var resumed = 0;
                    foreach (var run in held)
                    {
                        if (JournalSafeguards.StillPausing(others, run.FlowId, run.Version) is { } other)
                        {
                            w.Defer(MarkKilledSql).Bind(1, other.Scope.Key).Bind(2, run.RunId); // lifting that one resumes it
                            continue;
                        }

                        w.Defer(MarkKilledSql).Bind(1, null).Bind(2, run.RunId);
                        if (run.Status == FlowStatus.Paused)
                        {
                            if (run.PausedFrom == FlowStatus.Waiting)
                            {
                                MoveRun(w, run.RunId, FlowStatus.Waiting, null, null, PostgresValues.Time(now));
                            }
                            else
                            {
                                MoveRun(w, run.RunId, FlowStatus.Running, null, null, PostgresValues.Time(now));
                                QueueFromCheckpoint(w, run.RunId, PostgresValues.Time(now));
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
            await using var command = new NpgsqlCommand(KillSwitchesSql.Text, connection);
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
                (itemId, owner, flowId, limit),
                static (w, args) =>
                {
                    // Hosts admitting runs of one flow take turns: each counts what the others committed.
                    w.Command(LockFlowSql).Bind(1, "admit:" + args.flowId).ExecuteNonQuery();
                    var admitted = w.Command(HeldAdmissionSql).Bind(1, args.itemId).Bind(2, args.owner).ExecuteScalar();
                    if (admitted is null)
                    {
                        return false; // not held by this owner (any more)
                    }

                    if (admitted is true)
                    {
                        return true;
                    }

                    var now = PostgresValues.Time(w.Time.GetUtcNow());
                    var inFlight = (long)w.Command(CountAdmittedSql).Bind(1, args.flowId).Bind(2, now).ExecuteScalar()!;
                    if (inFlight >= args.limit)
                    {
                        return false;
                    }

                    w.Command(AdmitSql).Bind(1, args.flowId).Bind(2, args.itemId).ExecuteNonQuery();
                    return true;
                },
                cancellationToken);
        }

        /// <summary>The refusal of a start that an engaged kill switch covers; null when none does.</summary>
        private static RunError? KillRefusal(PostgresWriter w, string flowId, int version)
        {
            using var reader = w.Command(KillSwitchForSql).Bind(1, flowId).Bind(2, JournalSafeguards.VersionKey(flowId, version)).ExecuteReader();
            return reader.Read() ? JournalSafeguards.KillRefusal(new KillScope(reader.NullableString(0), reader.GetInt32(1)), reader.GetString(2)) : null;
        }

        /// <summary>
        /// Counts the start in each throttle's window, each window's row locked to the end of the batch (a start on another host
        /// waits, then counts on what this one committed); the refusal of a refusing one that is full, or when the start may run.
        /// </summary>
        private static (RunError? Refusal, long AvailableAt) ReserveThrottles(PostgresWriter w, string flowId, IReadOnlyList<ThrottleSlot> throttles, long now)
        {
            var (reservations, availableAt, refusal) = JournalSafeguards.Plan(flowId, throttles, now, key =>
            {
                w.Command(EnsureThrottleSql).Bind(1, key).ExecuteNonQuery();
                using var reader = w.Command(ThrottleWindowSql).Bind(1, key).ExecuteReader();
                return reader.Read() ? (reader.GetInt64(0), reader.GetInt32(1)) : null;
            });
            if (refusal is not null)
            {
                return (refusal, now);
            }

            foreach (var (slot, reservation) in reservations)
            {
                w.Defer(SaveThrottleSql).Bind(1, slot.Key).Bind(2, reservation.WindowStart).Bind(3, reservation.Count);
            }

            return (null, availableAt);
        }

        /// <summary>The runs a kill switch covers that have not ended, oldest first, their rows locked to the end of the batch.</summary>
        private static List<(Guid RunId, FlowStatus Status, RunControl Control)> CoveredRuns(PostgresWriter w, KillScope scope)
        {
            var runs = new List<(Guid, FlowStatus, RunControl)>();
            using var reader = w.Command(CoveredRunsSql).Bind(1, scope.FlowId).Bind(2, scope.Version).ExecuteReader();
            while (reader.Read())
            {
                runs.Add((reader.GetGuid(0), PostgresValues.Enum<FlowStatus>(reader.GetString(1)), reader.NullableEnum<RunControl>(2) ?? RunControl.None));
            }

            return runs;
        }

        private static List<KillSwitch> ReadKillSwitches(NpgsqlDataReader reader)
        {
            var switches = new List<KillSwitch>();
            while (reader.Read())
            {
                switches.Add(new KillSwitch(new KillScope(reader.NullableString(0), reader.GetInt32(1)), PostgresValues.Enum<KillMode>(reader.GetString(2)), reader.GetString(3), reader.NullableString(4), PostgresValues.Time(reader.GetInt64(5))));
            }

            return switches;
        }

        private static readonly PostgresSql LockRunsSql = new("LOCK TABLE runs IN SHARE ROW EXCLUSIVE MODE");

        private static readonly PostgresSql UpsertKillSql = new("""
            INSERT INTO kill_switches (scope, flow_id, version, mode, reason, engaged_by, engaged_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (scope) DO UPDATE SET mode = excluded.mode, reason = excluded.reason, engaged_by = excluded.engaged_by
            RETURNING (xmax = 0)
            """, Text, Text, Integer, Text, Text, Text, Bigint);

        private static readonly PostgresSql DeleteKillSql = new("DELETE FROM kill_switches WHERE scope = $1", Text);

        private static readonly PostgresSql KillSwitchesSql = new("SELECT flow_id, version, mode, reason, engaged_by, engaged_at FROM kill_switches ORDER BY scope");

        private static readonly PostgresSql KillSwitchForSql = new("SELECT flow_id, version, reason FROM kill_switches WHERE scope IN ('*', $1, $2) ORDER BY scope LIMIT 1", Text, Text);

        private static readonly PostgresSql CoveredRunsSql = new("""
            SELECT id, status, control FROM runs
            WHERE status IN ('Pending', 'Running', 'Waiting', 'Paused') AND ($1::text IS NULL OR flow_id = $1) AND ($2 = 0 OR flow_version = $2)
            ORDER BY seq FOR UPDATE
            """, Text, Integer);

        private static readonly PostgresSql KilledRunsSql = new("SELECT id, flow_id, flow_version, status, paused_from, control FROM runs WHERE killed_by = $1 FOR UPDATE", Text);

        private static readonly PostgresSql MarkKilledSql = new("UPDATE runs SET killed_by = $1 WHERE id = $2", Text, Uuid);

        private static readonly PostgresSql EnsureThrottleSql = new("INSERT INTO throttle_windows (key, window_start, count) VALUES ($1, 0, 0) ON CONFLICT (key) DO NOTHING", Text);

        private static readonly PostgresSql ThrottleWindowSql = new("SELECT window_start, count FROM throttle_windows WHERE key = $1 FOR UPDATE", Text);

        private static readonly PostgresSql SaveThrottleSql = new("UPDATE throttle_windows SET window_start = $2, count = $3 WHERE key = $1", Text, Bigint, Integer);

        private static readonly PostgresSql LockFlowSql = new("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", Text);

        private static readonly PostgresSql HeldAdmissionSql = new("SELECT admitted_flow IS NOT NULL FROM outbox WHERE id = $1 AND lease_owner = $2", Bigint, Text);

        private static readonly PostgresSql CountAdmittedSql = new("SELECT COUNT(*) FROM outbox WHERE admitted_flow = $1 AND lease_owner IS NOT NULL AND visible_at > $2", Text, Bigint);

        private static readonly PostgresSql AdmitSql = new("UPDATE outbox SET admitted_flow = $1 WHERE id = $2", Text, Bigint);
    }
}
