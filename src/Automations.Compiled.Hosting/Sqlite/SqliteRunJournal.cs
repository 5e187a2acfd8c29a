using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace Automations.Compiled.Hosting.Sqlite
{
    /// <summary>
    /// The run journal in one SQLite file: WAL, <c>synchronous=FULL</c> by default, foreign keys on. Every write goes
    /// through one writer connection with group commit; reads use their own pooled connections and never wait for it.
    /// </summary>
    /// <remarks>The schema, the durability settings and group commit are described in docs/journal.md.</remarks>
    public sealed partial class SqliteRunJournal : IRunJournal, IRunStatusReader, IPooledRunWrites
    {
        private const string RunColumns =
            "seq, id, flow_id, flow_version, trace_id, status, trigger_kind, idempotency_key, parent_run_id, " +
            "created_at, updated_at, ended_at, message, error_step, error_message, error_type";

        private const string RunStateColumns = "flow_id, flow_version, status, paused_from, control";

        private const string RunInfoSql = $"SELECT {RunColumns} FROM runs WHERE id = $run";

        internal static readonly SqliteSql RunInfoByIdSql = new($"SELECT {RunColumns} FROM runs WHERE id = ?1");

        private const string WaitingColumns =
            "s.run_id, r.flow_id, r.flow_version, s.step_id, s.wait_kind, s.due_at, s.event_name";

        private readonly SqliteConnection _writeConnection;
        private readonly SqliteWriter _writer;
        private readonly JournalMetrics _metrics;
        private readonly string _readConnectionString;
        private readonly SqliteReaders _readers;
        private int _disposed;

        private SqliteRunJournal(string path, SqliteConnection writeConnection, string readConnectionString, SqliteJournalOptions options)
        {
            Path = path;
            _writeConnection = writeConnection;
            _readConnectionString = readConnectionString;
            _readers = new SqliteReaders(readConnectionString, Math.Max(4, Environment.ProcessorCount * 2));
            _metrics = new JournalMetrics();
            _writer = new SqliteWriter(writeConnection, options.MaxBatchSize, options.TimeProvider, _metrics);
        }

        /// <summary>The full path of the database file.</summary>
        public string Path { get; }

        /// <summary>Transactions the writer has committed (each one carries a batch of writes).</summary>
        internal long Commits => _writer.Commits;

        /// <summary>The writer, for tests that hold it to line up a batch.</summary>
        internal SqliteWriter Writer => _writer;

        /// <summary>This journal's meter, so a test's listener can pick its instruments out.</summary>
        internal Meter Meter => _metrics.Meter;

        /// <summary>
        /// Opens (creating when missing) a journal file: switches it to WAL, applies the durability settings, and migrates
        /// an older schema forward.
        /// </summary>
        /// <exception cref="JournalException">The file is not a SQLite database, was written by a newer release, or cannot use WAL.</exception>
        public static async Task<SqliteRunJournal> OpenAsync(SqliteJournalOptions options, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
            ArgumentNullException.ThrowIfNull(options.TimeProvider);
            var path = System.IO.Path.GetFullPath(options.Path);
            var connection = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Cache = SqliteCacheMode.Private,
                ForeignKeys = true,

                // Microsoft.Data.Sqlite retries a busy statement until the command timeout, in whole seconds.
                DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
                Pooling = false,
            };

            var write = new SqliteConnection(connection.ToString());
            try
            {
                await write.OpenAsync(cancellationToken).ConfigureAwait(false);
                Configure(write, options, path);
                SqliteMigrator.Migrate(write, SqliteSchema.Migrations, path, options.TimeProvider);
            }
            catch (SqliteException error)
            {
                // A text file or random bytes fail here (SQLITE_NOTADB) before anything is written to them.
                write.Dispose();
                throw new JournalException($"The journal file '{path}' cannot be opened: {error.Message}", error);
            }
            catch
            {
                write.Dispose();
                throw;
            }

            connection.Pooling = true;
            return new SqliteRunJournal(path, write, connection.ToString(), options);
        }

        private static void Configure(SqliteConnection connection, SqliteJournalOptions options, string path)
        {
            using var command = connection.CreateCommand();

            // WAL: readers never block the writer nor the writer them, and a commit appends instead of rewriting pages.
            command.CommandText = "PRAGMA journal_mode = WAL";
            var mode = command.ExecuteScalar() as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new JournalException($"The journal file '{path}' cannot use WAL mode (SQLite kept '{mode}'); put it on a local file system.");
            }

            var synchronous = options.Synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL";
            var busy = ((long)options.BusyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

            // temp_store: each write's savepoint journals the original of every page it changes; in memory, that is a copy
            // instead of a write system call per page (it never has to outlive the transaction).
            command.CommandText = $"PRAGMA synchronous = {synchronous}; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {busy}; PRAGMA temp_store = MEMORY;";
            command.ExecuteNonQuery();
        }

        /// <inheritdoc />
        public Task<FlowVersionChange> RegisterFlowVersionAsync(FlowVersionRecord version, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(version);
            ArgumentException.ThrowIfNullOrWhiteSpace(version.FlowId);
            ArgumentException.ThrowIfNullOrEmpty(version.Hash);
            return _writer.WriteAsync(
                w =>
                {
                    var now = SqliteValues.Time(w.Time.GetUtcNow());
                    w.Command("INSERT INTO flows (flow_id) VALUES ($flow) ON CONFLICT (flow_id) DO NOTHING").Bind("$flow", version.FlowId).ExecuteNonQuery();
                    var hash = w.Command("SELECT hash FROM flow_versions WHERE flow_id = $flow AND version = $version")
                        .Bind("$flow", version.FlowId).Bind("$version", version.Version).ExecuteScalar() as string;
                    if (string.Equals(hash, version.Hash, StringComparison.Ordinal))
                    {
                        return FlowVersionChange.Unchanged;
                    }

                    var sql = hash is null
                        ? "INSERT INTO flow_versions (flow_id, version, hash, description, journal_mode, registered_at) VALUES ($flow, $version, $hash, $description, $mode, $now)"
                        : "UPDATE flow_versions SET hash = $hash, description = $description, journal_mode = $mode WHERE flow_id = $flow AND version = $version";
                    w.Command(sql)
                        .Bind("$flow", version.FlowId).Bind("$version", version.Version).Bind("$hash", version.Hash)
                        .Bind("$description", version.Description).Bind("$mode", version.Journal.ToString()).Bind("$now", now)
                        .ExecuteNonQuery();
                    return hash is null ? FlowVersionChange.Added : FlowVersionChange.HashChanged;
                },
                cancellationToken);
        }

        /// <inheritdoc />
        public async Task<IReadOnlyList<FlowVersionRecord>> ListFlowVersionsAsync(string flowId, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(flowId);
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT flow_id, version, hash, description, journal_mode, registered_at FROM flow_versions WHERE flow_id = $flow ORDER BY version";
            command.Bind("$flow", flowId);
            var versions = new List<FlowVersionRecord>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                versions.Add(new FlowVersionRecord(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.NullableString(3), SqliteValues.Enum<JournalMode>(reader.GetString(4)))
                {
                    RegisteredAt = SqliteValues.Time(reader.GetInt64(5)),
                });
            }

            return versions;
        }

        /// <inheritdoc />
        public async Task<IReadOnlyList<FlowStats>> ListFlowsAsync(CancellationToken cancellationToken = default)
        {
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT flow_id, run_count, last_run_at FROM flows ORDER BY flow_id";
            var flows = new List<FlowStats>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                flows.Add(new FlowStats(reader.GetString(0), reader.GetInt64(1), reader.NullableTime(2)));
            }

            return flows;
        }

        /// <inheritdoc />
        public Task<RunStart> StartRunAsync(NewRun run, CancellationToken cancellationToken = default)
        {
            var (traceId, payload) = NewRunChecks.Check(run, nameof(run));
            return _writer.WriteAsync((run, traceId, payload), InsertRun, cancellationToken);
        }

        /// <inheritdoc />
        ValueTask<RunStart> IPooledRunWrites.StartRunAsync(NewRun run, CancellationToken cancellationToken)
        {
            var (traceId, payload) = NewRunChecks.Check(run, nameof(run));
            return _writer.WritePooledAsync((run, traceId, payload), InsertRun, cancellationToken, inline: false);
        }

        private static RunStart InsertRun(SqliteWriter w, (NewRun Run, string TraceId, byte[] Payload) args) => InsertRun(w, args.Run, args.TraceId, args.Payload);

        /// <summary>
        /// Starts a run inside the open write: the run, its outbox start item (leased to <see cref="NewRun.LeaseOwner"/> when
        /// given) and the flow's run count; or the existing run for an idempotency key already used.
        /// </summary>
        private static RunStart InsertRun(SqliteWriter w, NewRun run, string traceId, byte[] payload)
        {
            // The writer runs one write at a time, so this look-up and the insert below cannot interleave with
            // another start; the unique index on (flow_id, idempotency_key) backs it up against other processes.
            if (run.IdempotencyKey is { } key)
            {
                using var found = w.Statement(RunByKeySql).Text(1, run.FlowId).Text(2, key).Query();
                if (found.Next())
                {
                    return new RunStart(found.Id(0), Created: false);
                }
            }

            if (w.Statement(FlowVersionExistsSql).Text(1, run.FlowId).Int(2, run.FlowVersion).ScalarInt64() is null)
            {
                throw new JournalException($"Flow '{run.FlowId}' version {run.FlowVersion} is not registered: register it (RegisterFlowVersionAsync) before starting runs of it.");
            }

            var nowInstant = w.Time.GetUtcNow();
            var now = SqliteValues.Time(nowInstant);
            var runId = run.RunId == Guid.Empty ? Guid.CreateVersion7(nowInstant) : run.RunId;
            var refusal = run.Refusal ?? KillRefusal(w, run.FlowId, run.FlowVersion);
            var availableAt = now;
            if (refusal is null && run.Throttles is { Count: > 0 } throttles)
            {
                (refusal, availableAt) = ReserveThrottles(w, run.FlowId, throttles, now);
            }

            var queued = refusal is null && availableAt > now;
            var insert = w.Statement(InsertRunSql).Id(1, runId).Text(2, run.FlowId).Int(3, run.FlowVersion).Text(4, traceId);
            if (run.ParentRunId is { } parent)
            {
                insert.Id(5, parent);
            }
            else
            {
                insert.Null(5);
            }

            insert.Text(6, run.IdempotencyKey).Text(7, run.LeaseOwner is null || queued || refusal is not null ? "Pending"u8 : "Running"u8).Text(8, run.TriggerKind).Blob(9, payload).Int(10, now)
                .Execute();
            w.Statement(CountRunSql).Int(1, now).Text(2, run.FlowId).Execute();
            if (refusal is not null)
            {
                // Refused, and recorded as such: a dead letter with the reason and the payload, which a retry starts later.
                MoveRun(w, runId, FlowStatus.Failed, null, new RunOutcome(Error: refusal), now);
                return new RunStart(runId, Created: true, Refusal: refusal);
            }

            // A leased start is claimed in the same commit: the starting host runs it at once; if it dies, the lease
            // runs out and the item is claimable like any other. A throttled start waits for its window, leased to no one.
            var itemId = run.LeaseOwner is { } owner && !queued
                ? InsertOutbox(w, runId, OutboxKind.Start, [], SqliteValues.Time(nowInstant + run.Lease), now, owner)
                : InsertOutbox(w, runId, OutboxKind.Start, [], availableAt, now);
            return new RunStart(runId, Created: true, itemId, QueuedUntil: queued ? SqliteValues.Time(availableAt) : null);
        }

        internal static readonly SqliteSql RunByKeySql = new("SELECT id FROM runs WHERE flow_id = ?1 AND idempotency_key = ?2");
        internal static readonly SqliteSql FlowVersionExistsSql = new("SELECT 1 FROM flow_versions WHERE flow_id = ?1 AND version = ?2");
        internal static readonly SqliteSql InsertRunSql = new("""
            INSERT INTO runs (id, flow_id, flow_version, trace_id, parent_run_id, idempotency_key, status, trigger_kind, payload, created_at, updated_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)
            """);
        internal static readonly SqliteSql CountRunSql = new("UPDATE flows SET run_count = run_count + 1, last_run_at = ?1 WHERE flow_id = ?2");

        /// <inheritdoc />
        public Task AppendStepAsync(StepEntry step, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(step);
            ArgumentException.ThrowIfNullOrEmpty(step.StepId);
            return _writer.WriteAsync(
                w =>
                {
                    try
                    {
                        InsertStep(w, step);
                    }
                    catch (SqliteException error) when (error.SqliteExtendedErrorCode == SQLitePCL.raw.SQLITE_CONSTRAINT_FOREIGNKEY)
                    {
                        throw NoSuchRun(step.RunId, error);
                    }

                    return true;
                },
                cancellationToken);
        }

        /// <inheritdoc />
        public Task SaveSuspendedAsync(FlowSnapshot snapshot, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(snapshot);
            var waitJson = WaitSpecJson.Write(snapshot.Wait);
            return _writer.WriteAsync(
                w =>
                {
                    var run = ReadRunState(w, snapshot.RunId);
                    EnsurePinned(run, snapshot);
                    RunMoveChecks.Suspend(snapshot.RunId, run.Status);

                    var now = SqliteValues.Time(w.Time.GetUtcNow());
                    SaveSnapshot(w, snapshot, waitJson, now);
                    w.Command("UPDATE runs SET status = $status, paused_from = NULL, updated_at = $now WHERE id = $run")
                        .Bind("$status", nameof(FlowStatus.Waiting)).Bind("$now", now).Bind("$run", SqliteValues.Id(snapshot.RunId))
                        .ExecuteNonQuery();
                    return true;
                },
                cancellationToken);
        }

        /// <inheritdoc />
        public Task SetStatusAsync(Guid runId, FlowStatus status, RunOutcome? outcome = null, CancellationToken cancellationToken = default)
        {
            var final = RunStatusRules.IsFinal(status);
            if (outcome is not null && !final)
            {
                throw new ArgumentException("An outcome is kept only when a run ends (Completed, Failed or Cancelled).", nameof(outcome));
            }

            return _writer.WriteAsync(
                w =>
                {
                    var run = ReadRunState(w, runId);
                    var from = run.Status;
                    RunMoveChecks.SetStatus(runId, from, run.PausedFrom, status);

                    var now = SqliteValues.Time(w.Time.GetUtcNow());
                    MoveRun(w, runId, status, status == FlowStatus.Paused ? from : null, outcome, now);
                    if (final)
                    {
                        // An ended run is never resumed: its snapshot would only take space (and show up as a timer).
                        w.Command("DELETE FROM suspended WHERE run_id = $run").Bind("$run", SqliteValues.Id(runId)).ExecuteNonQuery();
                    }

                    return true;
                },
                cancellationToken);
        }

        /// <inheritdoc />
        public Task<RunInfo?> GetRunInfoAsync(Guid runId, CancellationToken cancellationToken = default)
        {
            return ReadAsync(commands =>
            {
                using var rows = commands.Statement(RunInfoByIdSql).Id(1, runId).Query();
                return rows.Next() ? ReadRunInfo(rows) : null;
            }, cancellationToken);
        }

        /// <inheritdoc />
        FlowStatus? IRunStatusReader.ReadStatus(Guid runId)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _readers.Read(runId, static (commands, runId) =>
            {
                using var rows = commands.Statement(RunStatusSql).Id(1, runId).Query();
                return rows.Next() ? rows.Enum<FlowStatus>(0) : (FlowStatus?)null;
            });
        }

        internal static readonly SqliteSql RunStatusSql = new("SELECT status FROM runs WHERE id = ?1");

        /// <inheritdoc />
        public Task<RunDetails?> GetRunAsync(Guid runId, CancellationToken cancellationToken = default)
        {
            var id = SqliteValues.Id(runId);
            return ReadAsync(commands =>
            {
                // One read transaction: the run and its steps come from the same committed state.
                commands.Get("BEGIN DEFERRED").ExecuteNonQuery();
                RunInfo? run = null;
                byte[] payload = [];
                byte[]? output = null;
                using (var reader = commands.Get($"SELECT {RunColumns}, payload, output FROM runs WHERE id = $run").Bind("$run", id).ExecuteReader())
                {
                    if (reader.Read())
                    {
                        run = ReadRunInfo(reader);
                        payload = reader.NullableBytes(16) ?? [];
                        output = reader.NullableBytes(17);
                    }
                }

                if (run is null)
                {
                    commands.Get("COMMIT").ExecuteNonQuery();
                    return null;
                }

                var steps = new List<StepEntry>();
                using (var reader = commands.Get("SELECT step_id, attempt, status, endpoint, started_at, ended_at, output, error FROM steps WHERE run_id = $run ORDER BY seq").Bind("$run", id).ExecuteReader())
                {
                    while (reader.Read())
                    {
                        steps.Add(new StepEntry(
                            runId,
                            reader.GetString(0),
                            reader.GetInt32(1),
                            SqliteValues.Enum<StepStatus>(reader.GetString(2)),
                            reader.NullableString(3),
                            SqliteValues.Time(reader.GetInt64(4)),
                            SqliteValues.Time(reader.GetInt64(5)),
                            reader.NullableBytes(6),
                            reader.NullableString(7)));
                    }
                }

                commands.Get("COMMIT").ExecuteNonQuery();
                return new RunDetails(run, payload, output, steps);
            }, cancellationToken);
        }

        /// <inheritdoc />
        public Task<FlowSnapshot?> GetSnapshotAsync(Guid runId, CancellationToken cancellationToken = default)
        {
            var id = SqliteValues.Id(runId);
            return ReadAsync(commands =>
            {
                using var reader = commands.Get("SELECT r.flow_id, r.flow_version, s.trace_id, s.step_id, s.wait, s.state FROM suspended s JOIN runs r ON r.id = s.run_id WHERE s.run_id = $run")
                    .Bind("$run", id).ExecuteReader();
                if (!reader.Read())
                {
                    return null;
                }

                return new FlowSnapshot(
                    reader.GetString(0),
                    reader.GetInt32(1),
                    runId,
                    reader.GetString(2),
                    reader.GetString(3),
                    WaitSpecJson.Read(reader.GetString(4)),
                    reader.NullableBytes(5) ?? []);
            }, cancellationToken);
        }

        /// <inheritdoc />
        public async Task<RunPage> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default)
        {
            var page = RunPaging.Start(query, out var before);
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = ListRunsSql(command, query, before, page.Fetch);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && page.Accepts())
            {
                page.Add(reader.GetInt64(0), ReadRunInfo(reader));
            }

            return page.Page();
        }

        /// <summary>
        /// The listing's SQL for <paramref name="query"/>, its values bound on <paramref name="command"/> (internal for the
        /// query-plan test). Only the filters asked for go into the SQL, so each shape of query uses its index: (status, seq),
        /// (flow, seq), (flow, status, seq), (idempotency key, seq), created_at (docs/journal.md, "Queries at scale").
        /// </summary>
        internal static string ListRunsSql(SqliteCommand command, RunQuery query, long? before, int fetch)
        {
            var where = new List<string>();
            if (query.FlowId is { } flowId)
            {
                where.Add("flow_id = $flow");
                command.Bind("$flow", flowId);
            }

            if (query.Status is { } status)
            {
                where.Add("status = $status");
                command.Bind("$status", status.ToString());
            }

            if (query.CreatedFrom is { } from)
            {
                where.Add("created_at >= $from");
                command.Bind("$from", SqliteValues.Time(from));
            }

            if (query.CreatedBefore is { } until)
            {
                where.Add("created_at < $until");
                command.Bind("$until", SqliteValues.Time(until));
            }

            if (query.IdempotencyKey is { } key)
            {
                where.Add("idempotency_key = $key");
                command.Bind("$key", key);
            }

            if (before is { } b)
            {
                where.Add("seq < $before");
                command.Bind("$before", b);
            }

            command.Bind("$limit", fetch);
            return $"SELECT {RunColumns} FROM runs {(where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where))} ORDER BY seq DESC LIMIT $limit";
        }

        /// <inheritdoc />
        public Task<IReadOnlyList<WaitingRun>> GetDueTimersAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);

            // A snapshot stays while a resumed run executes (a crash must find it again), so only Waiting runs count.
            return ReadWaitingAsync(
                $"SELECT {WaitingColumns} FROM suspended s JOIN runs r ON r.id = s.run_id WHERE s.due_at <= $now AND r.status = 'Waiting' ORDER BY s.due_at, s.run_id LIMIT $max",
                command => command.Bind("$now", SqliteValues.Time(now)).Bind("$max", max),
                cancellationToken);
        }

        /// <inheritdoc />
        public Task<IReadOnlyList<WaitingRun>> GetEventWaitersAsync(string eventName, int max, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrEmpty(eventName);
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
            return ReadWaitingAsync(
                $"SELECT {WaitingColumns} FROM suspended s JOIN runs r ON r.id = s.run_id WHERE s.event_name = $event AND r.status = 'Waiting' ORDER BY s.saved_at, s.run_id LIMIT $max",
                command => command.Bind("$event", eventName).Bind("$max", max),
                cancellationToken);
        }

        /// <inheritdoc />
        public Task<long> EnqueueAsync(OutboxEntry entry, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(entry);
            var payload = entry.Payload.ToArray();
            return _writer.WriteAsync(
                w =>
                {
                    var now = SqliteValues.Time(w.Time.GetUtcNow());
                    try
                    {
                        return InsertOutbox(w, entry.RunId, entry.Kind, payload, entry.AvailableAt is { } at ? SqliteValues.Time(at) : now, now);
                    }
                    catch (SqliteException error) when (error.SqliteExtendedErrorCode == SQLitePCL.raw.SQLITE_CONSTRAINT_FOREIGNKEY)
                    {
                        throw NoSuchRun(entry.RunId, error);
                    }
                },
                cancellationToken);
        }

        /// <summary>
        /// Leases up to <c>$max</c> claimable outbox items (see <see cref="ClaimOutboxAsync"/>). <c>CROSS JOIN</c> keeps the
        /// outbox as the outer loop, walked in <c>ix_outbox_visible</c>'s order so the <c>LIMIT</c> ends the scan: left to
        /// itself SQLite starts from the runs by <c>ix_runs_status</c> and sorts every waiting run's items, which took
        /// 218 ms per claim with 100,000 runs waiting (0.2 ms this way). A test checks the plan.
        /// </summary>
        internal static readonly SqliteSql ClaimSql = new("""
            UPDATE outbox SET lease_owner = ?1, visible_at = ?2, attempts = attempts + 1
            WHERE id IN (
                SELECT o.id FROM outbox o CROSS JOIN runs r ON r.id = o.run_id
                WHERE o.visible_at <= ?3
                  AND r.status IN ('Pending', 'Running', 'Waiting')
                  AND (r.control IS NULL OR r.status <> 'Pending')
                  AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.run_id = o.run_id AND e.id < o.id)
                  AND NOT EXISTS (SELECT 1 FROM outbox h WHERE h.run_id = o.run_id AND h.lease_owner IS NOT NULL AND h.visible_at > ?3)
                ORDER BY o.visible_at, o.id LIMIT ?4)
            RETURNING id, run_id, kind, payload, attempts, visible_at
            """);

        /// <inheritdoc />
        public Task<IReadOnlyList<OutboxItem>> ClaimOutboxAsync(string owner, int max, TimeSpan lease, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(owner);
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
            return _writer.WriteAsync<IReadOnlyList<OutboxItem>>(
                w =>
                {
                    // An item is claimable once visible_at has passed: new items are visible at once, a claimed one when its
                    // lease runs out. Claiming pushes visible_at to the lease's end, so one index serves both.
                    // One worker per run: only a run's oldest item is claimable (so one claim never takes two items of a run,
                    // and a leased item blocks the ones queued after it), never while another of its items is leased, and
                    // never for a paused or ended run (a paused run's items wait for its resume).
                    var now = w.Time.GetUtcNow();
                    var until = SqliteValues.Time(now + lease);
                    var items = new List<OutboxItem>();
                    using (var rows = w.Statement(ClaimSql).Text(1, owner).Int(2, until).Int(3, SqliteValues.Time(now)).Int(4, max).Query())
                    {
                        while (rows.Next())
                        {
                            items.Add(new OutboxItem(
                                rows.Int64(0),
                                rows.Id(1),
                                rows.Enum<OutboxKind>(2),
                                rows.NullableBytes(3) ?? [],
                                rows.Int32(4),
                                SqliteValues.Time(rows.Int64(5))));
                        }
                    }

                    items.Sort((a, b) => a.Id.CompareTo(b.Id));
                    return items;
                },
                cancellationToken);
        }

        /// <inheritdoc />
        public Task<bool> RenewLeaseAsync(long itemId, string owner, TimeSpan lease, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(owner);
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
            return _writer.WriteAsync(
                w => w.Command("UPDATE outbox SET visible_at = $until WHERE id = $id AND lease_owner = $owner")
                    .Bind("$until", SqliteValues.Time(w.Time.GetUtcNow() + lease)).Bind("$id", itemId).Bind("$owner", owner)
                    .ExecuteNonQuery() == 1,
                cancellationToken);
        }

        /// <inheritdoc />
        public Task<bool> CompleteOutboxAsync(long itemId, string owner, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(owner);
            return _writer.WriteAsync(
                w => w.Command("DELETE FROM outbox WHERE id = $id AND lease_owner = $owner").Bind("$id", itemId).Bind("$owner", owner).ExecuteNonQuery() == 1,
                cancellationToken);
        }

        /// <summary>Closes the journal once every queued write has committed.</summary>
        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            await _writer.DisposeAsync().ConfigureAwait(false);
            await _writeConnection.DisposeAsync().ConfigureAwait(false);
            _readers.Dispose();

            // Pooled readers keep the file open; release them so the file can be moved, deleted or opened again.
            using (var pooled = new SqliteConnection(_readConnectionString))
            {
                SqliteConnection.ClearPool(pooled);
            }

            _metrics.Dispose();
        }

        /// <summary>Reads a PRAGMA on the writer's connection, where the durability settings live (for tests and diagnostics).</summary>
        internal Task<object?> PragmaAsync(string name)
        {
            foreach (var c in name)
            {
                if (!char.IsAsciiLetter(c) && c != '_')
                {
                    throw new ArgumentException($"'{name}' is not a PRAGMA name.", nameof(name));
                }
            }

            return _writer.WriteAsync(w => w.Command("PRAGMA " + name).ExecuteScalar(), CancellationToken.None);
        }

        /// <summary>
        /// Runs a read on a kept connection (<see cref="SqliteReaders"/>): it completes synchronously, as SQLite reads do,
        /// and reports a failure through the task like the reads that open their own connection.
        /// </summary>
        private Task<T> ReadAsync<T>(Func<SqliteCommandCache, T> read, CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled<T>(cancellationToken);
            }

            try
            {
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
                return Task.FromResult(_readers.Read(read));
            }
            catch (Exception error)
            {
                return Task.FromException<T>(error);
            }
        }

        private async Task<SqliteConnection> OpenReadAsync(CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            var connection = new SqliteConnection(_readConnectionString);
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                return connection;
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        private async Task<IReadOnlyList<WaitingRun>> ReadWaitingAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
        {
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command);
            var runs = new List<WaitingRun>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                runs.Add(new WaitingRun(
                    SqliteValues.Id(reader.GetString(0)),
                    reader.GetString(1),
                    reader.GetInt32(2),
                    reader.GetString(3),
                    SqliteValues.Enum<WaitKind>(reader.GetString(4)),
                    reader.NullableTime(5),
                    reader.NullableString(6)));
            }

            return runs;
        }

        /// <summary>Adds an item; with <paramref name="owner"/> it is leased to it at once (one claim counted) until <paramref name="visibleAt"/>.</summary>
        private static long InsertOutbox(SqliteWriter w, Guid runId, OutboxKind kind, byte[] payload, long visibleAt, long now, string? owner = null)
            => w.Statement(InsertOutboxSql).Id(1, runId).Text(2, SqliteValues.Name(kind)).Blob(3, payload.AsSpan()).Int(4, visibleAt)
                .Text(5, owner).Int(6, owner is null ? 0 : 1).Int(7, now)
                .ScalarInt64()!.Value;

        internal static readonly SqliteSql InsertOutboxSql = new(
            "INSERT INTO outbox (run_id, kind, payload, visible_at, lease_owner, attempts, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id");

        /// <summary>
        /// Saves a snapshot, replacing the run's earlier one: a wait is armed (its due time and event name in their columns,
        /// not yet delivered); a checkpoint (<see cref="WaitKind.None"/>) arms nothing.
        /// </summary>
        private static void SaveSnapshot(SqliteWriter w, FlowSnapshot snapshot, string waitJson, long now)
        {
            var wait = snapshot.Wait;
            var checkpoint = wait.Kind == WaitKind.None;
            w.Statement(SaveSnapshotSql)
                .Id(1, snapshot.RunId).Text(2, snapshot.StepId).Text(3, snapshot.TraceId).Text(4, SqliteValues.Name(wait.Kind))
                .Int(5, !checkpoint && wait.Until is { } until ? SqliteValues.Time(until) : null)
                .Text(6, wait.Kind == WaitKind.Event ? wait.EventName : null).Text(7, waitJson)
                .Blob(8, snapshot.State).Int(9, now)
                .Execute();
        }

        internal static readonly SqliteSql SaveSnapshotSql = new("""
            INSERT INTO suspended (run_id, step_id, trace_id, wait_kind, due_at, event_name, wait, state, saved_at, delivered_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL)
            ON CONFLICT (run_id) DO UPDATE SET
                step_id = excluded.step_id, trace_id = excluded.trace_id, wait_kind = excluded.wait_kind, due_at = excluded.due_at,
                event_name = excluded.event_name, wait = excluded.wait, state = excluded.state, saved_at = excluded.saved_at, delivered_at = NULL
            """);

        private static void EnsurePinned(RunState run, FlowSnapshot snapshot)
        {
            if (!string.Equals(run.FlowId, snapshot.FlowId, StringComparison.Ordinal) || run.FlowVersion != snapshot.FlowVersion)
            {
                throw new JournalException(
                    $"Run {snapshot.RunId:N} is pinned to flow '{run.FlowId}' v{run.FlowVersion}; a snapshot of '{snapshot.FlowId}' v{snapshot.FlowVersion} cannot be saved for it.");
            }
        }

        private static void InsertStep(SqliteWriter w, StepEntry step)
            => w.Statement(InsertStepSql)
                .Id(1, step.RunId).Text(2, step.StepId).Int(3, step.Attempt).Text(4, SqliteValues.Name(step.Status)).Text(5, step.Endpoint)
                .Int(6, SqliteValues.Time(step.StartedAt)).Int(7, SqliteValues.Time(step.EndedAt))
                .Blob(8, step.Output).Text(9, step.Error)
                .Execute();

        internal static readonly SqliteSql InsertStepSql = new("""
            INSERT INTO steps (run_id, step_id, attempt, status, endpoint, started_at, ended_at, output, error)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            """);

        /// <summary>
        /// Sets a run's status and its outcome columns (cleared unless it ends). Any move but one to Running also takes or
        /// drops a pending operator request: only a running run has one waiting for its next checkpoint. Every final move
        /// comes through here, so this is where a lifecycle entity linked to the run gets its pending outcome, in the
        /// same transaction (a crash never leaves the entity out of step with its run).
        /// </summary>
        private static void MoveRun(SqliteWriter w, Guid runId, FlowStatus status, FlowStatus? pausedFrom, RunOutcome? outcome, long now)
        {
            if (RunStatusRules.IsFinal(status))
            {
                SettleEntity(w, runId, status, now);
            }

            var error = outcome?.Error;
            w.Statement(MoveRunSql)
                .Text(1, SqliteValues.Name(status)).Text(2, pausedFrom is { } from ? SqliteValues.Name(from) : null)
                .Int(3, now).Int(4, RunStatusRules.IsFinal(status) ? now : null).Blob(5, outcome?.Output).Text(6, outcome?.Message)
                .Text(7, error?.StepId).Text(8, error?.Message).Text(9, error?.ExceptionType)
                .Id(10, runId)
                .Execute();
        }

        internal static readonly SqliteSql MoveRunSql = new("""
            UPDATE runs SET status = ?1, paused_from = ?2, updated_at = ?3, ended_at = ?4,
                control = CASE WHEN ?1 = 'Running' THEN control END,
                output = ?5, message = ?6, error_step = ?7, error_message = ?8, error_type = ?9
            WHERE id = ?10
            """);

        private static RunState ReadRunState(SqliteWriter w, Guid runId) => TryReadRunState(w, runId) ?? throw NoSuchRun(runId, null);

        private static RunState? TryReadRunState(SqliteWriter w, Guid runId)
        {
            using var rows = w.Statement(RunStateSql).Id(1, runId).Query();
            return rows.Next() ? ReadRunState(rows) : null;
        }

        internal static readonly SqliteSql RunStateSql = new($"SELECT {RunStateColumns} FROM runs WHERE id = ?1");

        /// <summary>
        /// A <see cref="RunState"/> from the first columns of a row (<see cref="RunStateColumns"/>); a leg passes the flow id
        /// it expects, kept instead of a new string when the row holds the same.
        /// </summary>
        private static RunState ReadRunState(in SqliteStatement.Rows rows, string? flowId = null) => new(
            rows.String(0, flowId),
            rows.Int32(1),
            rows.Enum<FlowStatus>(2),
            rows.IsNull(3) ? null : rows.Enum<FlowStatus>(3),
            rows.IsNull(4) ? RunControl.None : rows.Enum<RunControl>(4));

        private static RunInfo ReadRunInfo(in SqliteStatement.Rows rows)
        {
            var errorMessage = rows.NullableString(14);
            return new RunInfo
            {
                RunId = rows.Id(1),
                FlowId = rows.String(2),
                FlowVersion = rows.Int32(3),
                TraceId = rows.String(4),
                Status = rows.Enum<FlowStatus>(5),
                TriggerKind = rows.String(6),
                IdempotencyKey = rows.NullableString(7),
                ParentRunId = rows.IsNull(8) ? null : rows.Id(8),
                CreatedAt = SqliteValues.Time(rows.Int64(9)),
                UpdatedAt = SqliteValues.Time(rows.Int64(10)),
                EndedAt = rows.NullableInt64(11) is { } ended ? SqliteValues.Time(ended) : null,
                Message = rows.NullableString(12),
                Error = errorMessage is null ? null : new RunError(rows.NullableString(13), errorMessage, rows.NullableString(15)),
            };
        }

        private static RunInfo ReadRunInfo(SqliteDataReader reader)
        {
            var errorMessage = reader.NullableString(14);
            var parent = reader.NullableString(8);
            return new RunInfo
            {
                RunId = SqliteValues.Id(reader.GetString(1)),
                FlowId = reader.GetString(2),
                FlowVersion = reader.GetInt32(3),
                TraceId = reader.GetString(4),
                Status = SqliteValues.Enum<FlowStatus>(reader.GetString(5)),
                TriggerKind = reader.GetString(6),
                IdempotencyKey = reader.NullableString(7),
                ParentRunId = parent is null ? null : SqliteValues.Id(parent),
                CreatedAt = SqliteValues.Time(reader.GetInt64(9)),
                UpdatedAt = SqliteValues.Time(reader.GetInt64(10)),
                EndedAt = reader.NullableTime(11),
                Message = reader.NullableString(12),
                Error = errorMessage is null ? null : new RunError(reader.NullableString(13), errorMessage, reader.NullableString(15)),
            };
        }

        private static JournalException NoSuchRun(Guid runId, Exception? inner) => new($"Run {runId:N} does not exist in the journal.", inner);

        /// <summary>What a write checks before it changes a run; <paramref name="Control"/> is a pending operator request.</summary>
        private readonly record struct RunState(string FlowId, int FlowVersion, FlowStatus Status, FlowStatus? PausedFrom, RunControl Control);
    }
}
