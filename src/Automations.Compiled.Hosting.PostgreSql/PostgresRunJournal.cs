using System;
using System.Collections.Generic;
using System.Data;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;

namespace Automations.Compiled.Hosting.PostgreSql
{
    // Inside the namespace: Automations.Compiled.Text would hide NpgsqlDbType.Text otherwise.
    using static NpgsqlTypes.NpgsqlDbType;

    /// <summary>
    /// The run journal in a PostgreSQL schema that several hosts may share. Each host writes through one connection of its
    /// own with group commit (<see cref="PostgresWriter"/>); reads use pooled connections and never wait for it. Hosts share
    /// the work: they claim outbox items with <c>FOR UPDATE SKIP LOCKED</c>, and a host whose lease was taken over cannot
    /// commit a step of that run.
    /// </summary>
    /// <remarks>The same semantics as the SQLite journal; running several hosts is described in docs/postgresql.md.</remarks>
    public sealed partial class PostgresRunJournal : IRunJournal, IRunStatusReader, IPooledRunWrites, IAsyncDisposable
    {
        private const string RunColumns =
            "seq, id, flow_id, flow_version, trace_id, status, trigger_kind, idempotency_key, parent_run_id, " +
            "created_at, updated_at, ended_at, message, error_step, error_message, error_type";

        private const string WaitingColumns =
            "s.run_id, r.flow_id, r.flow_version, s.step_id, s.wait_kind, s.due_at, s.event_name";

        private readonly PostgresWriter _writer;
        private readonly NpgsqlDataSource _reads;
        private readonly JournalMetrics _metrics;
        private int _disposed;

        private PostgresRunJournal(PostgresWriter writer, NpgsqlDataSource reads, JournalMetrics metrics)
        {
            _writer = writer;
            _reads = reads;
            _metrics = metrics;
        }

        /// <summary>Transactions the writer has committed (each one carries a batch of writes).</summary>
        internal long Commits => _writer.Commits;

        /// <summary>The writer, for tests that hold it to line up a batch.</summary>
        internal PostgresWriter Writer => _writer;

        /// <summary>This journal's meter, so a test's listener can pick its instruments out.</summary>
        internal Meter Meter => _metrics.Meter;

        /// <summary>
        /// Opens the journal in <see cref="PostgresJournalOptions.Schema"/>: creates the schema when missing and migrates an
        /// older journal forward (once, however many hosts start at the same time).
        /// </summary>
        /// <exception cref="ArgumentException">The connection string or the schema name cannot be used.</exception>
        /// <exception cref="JournalException">
        /// The server cannot be reached or refused the login, the schema holds tables that are not a journal's, or the
        /// journal was written by a newer release. The message names the server, database and schema, never the password.
        /// </exception>
        public static async Task<PostgresRunJournal> OpenAsync(PostgresJournalOptions options, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(options.TimeProvider);
            ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(options.ReconnectFor, TimeSpan.Zero);
            var schema = PostgresNames.Schema(options.Schema);
            var settings = Settings(options);
            var where = Describe(settings, schema);

            // Every connection looks in the journal's schema first, so the statements name tables as they are.
            settings.SearchPath = PostgresNames.Quote(schema);
            // The writer prepares its own statements; the batches it sends are prepared by Npgsql once seen a few times.
            var writes = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(settings.ConnectionString)
            {
                Pooling = false,
                MaxAutoPrepare = settings.MaxAutoPrepare == 0 ? 64 : settings.MaxAutoPrepare,
            });
            NpgsqlConnection? connection = null;
            try
            {
                connection = await writes.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                PostgresMigrator.Migrate(connection, PostgresSchema.Migrations, schema, where, options.TimeProvider);
            }
            catch (Exception error)
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }

                await writes.DisposeAsync().ConfigureAwait(false);
                if (error is NpgsqlException)
                {
                    throw new JournalException($"The PostgreSQL journal at {where} cannot be opened: {WithoutPassword(error.Message, settings.Password)}", error);
                }

                throw;
            }

            // The same few reads run on every run (its status, its details when a leg starts): Npgsql prepares them on
            // each pooled connection once they are seen a few times, unless the connection string says otherwise.
            if (settings.MaxAutoPrepare == 0)
            {
                settings.MaxAutoPrepare = 32;
            }

            var metrics = new JournalMetrics();
            var writer = new PostgresWriter(writes, connection, options.MaxBatchSize, options.ReconnectFor, options.TimeProvider, metrics, where);
            return new PostgresRunJournal(writer, NpgsqlDataSource.Create(settings), metrics);
        }

        /// <summary>The journal as errors and the host name it: <c>host:port/database/schema</c>, never the password.</summary>
        internal static string Describe(PostgresJournalOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            return Describe(Settings(options), options.Schema);
        }

        private static string Describe(NpgsqlConnectionStringBuilder settings, string schema)
            => $"{settings.Host ?? "localhost"}:{settings.Port.ToString(CultureInfo.InvariantCulture)}/{settings.Database ?? settings.Username ?? "(default database)"}/{schema}";

        private static NpgsqlConnectionStringBuilder Settings(PostgresJournalOptions options)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString, nameof(options));
            try
            {
                return new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException error)
            {
                // Npgsql names the keyword at fault; the connection string itself (and its password) stays out of the message.
                throw new ArgumentException("The journal's connection string is not an Npgsql connection string: " + error.Message, nameof(options));
            }
        }

        /// <summary>A server's or driver's message with the password masked, should it ever echo it.</summary>
        private static string WithoutPassword(string message, string? password)
            => string.IsNullOrEmpty(password) ? message : message.Replace(password, "***", StringComparison.Ordinal);

        /// <inheritdoc />
        public Task<FlowVersionChange> RegisterFlowVersionAsync(FlowVersionRecord version, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(version);
            ArgumentException.ThrowIfNullOrWhiteSpace(version.FlowId);
            ArgumentException.ThrowIfNullOrEmpty(version.Hash);
            return _writer.WriteAsync(version, RegisterFlowVersion, cancellationToken);
        }

        /// <summary>
        /// Registers a version. Every host registers its flows when it starts, often at the same moment: the insert skips a
        /// row another host has just added (instead of failing on the key), and the hash is read again, locked, to compare.
        /// </summary>
        private static FlowVersionChange RegisterFlowVersion(PostgresWriter w, FlowVersionRecord version)
        {
            var now = PostgresValues.Time(w.Time.GetUtcNow());
            w.Command(InsertFlowSql).Bind(1, version.FlowId).ExecuteNonQuery();
            var hash = VersionHash(w, version);
            if (hash is null)
            {
                var added = w.Command(InsertFlowVersionSql)
                    .Bind(1, version.FlowId).Bind(2, version.Version).Bind(3, version.Hash).Bind(4, version.Description)
                    .Bind(5, version.Journal.ToString()).Bind(6, now)
                    .ExecuteNonQuery();
                if (added == 1)
                {
                    return FlowVersionChange.Added;
                }

                hash = VersionHash(w, version);
            }

            if (string.Equals(hash, version.Hash, StringComparison.Ordinal))
            {
                return FlowVersionChange.Unchanged;
            }

            w.Command(UpdateFlowVersionSql)
                .Bind(1, version.FlowId).Bind(2, version.Version).Bind(3, version.Hash).Bind(4, version.Description).Bind(5, version.Journal.ToString())
                .ExecuteNonQuery();
            return FlowVersionChange.HashChanged;
        }

        private static string? VersionHash(PostgresWriter w, FlowVersionRecord version)
            => w.Command(VersionHashSql).Bind(1, version.FlowId).Bind(2, version.Version).ExecuteScalar() as string;

        private static readonly PostgresSql InsertFlowSql = new("INSERT INTO flows (flow_id) VALUES ($1) ON CONFLICT (flow_id) DO NOTHING", Text);
        private static readonly PostgresSql VersionHashSql = new("SELECT hash FROM flow_versions WHERE flow_id = $1 AND version = $2 FOR UPDATE", Text, Integer);
        private static readonly PostgresSql InsertFlowVersionSql = new("""
            INSERT INTO flow_versions (flow_id, version, hash, description, journal_mode, registered_at) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (flow_id, version) DO NOTHING
            """, Text, Integer, Text, Text, Text, Bigint);
        private static readonly PostgresSql UpdateFlowVersionSql = new(
            "UPDATE flow_versions SET hash = $3, description = $4, journal_mode = $5 WHERE flow_id = $1 AND version = $2", Text, Integer, Text, Text, Text);

        /// <inheritdoc />
        public async Task<IReadOnlyList<FlowVersionRecord>> ListFlowVersionsAsync(string flowId, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(flowId);
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using var command = ListFlowVersionsSql.CreateCommand(connection).Bind(1, flowId);
            var versions = new List<FlowVersionRecord>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                versions.Add(new FlowVersionRecord(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.NullableString(3), PostgresValues.Enum<JournalMode>(reader.GetString(4)))
                {
                    RegisteredAt = PostgresValues.Time(reader.GetInt64(5)),
                });
            }

            return versions;
        }

        private static readonly PostgresSql ListFlowVersionsSql = new(
            "SELECT flow_id, version, hash, description, journal_mode, registered_at FROM flow_versions WHERE flow_id = $1 ORDER BY version", Text);

        /// <inheritdoc />
        public async Task<IReadOnlyList<FlowStats>> ListFlowsAsync(CancellationToken cancellationToken = default)
        {
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(ListFlowsSql, connection);
            var flows = new List<FlowStats>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                flows.Add(new FlowStats(reader.GetString(0), reader.GetInt64(1), reader.NullableTime(2)));
            }

            return flows;
        }

        // A flow's starts are counted in its rows of flow_run_counts, one per writer connection (see CountRunSql).
        private const string ListFlowsSql = """
            SELECT f.flow_id, COALESCE(SUM(c.run_count), 0)::bigint, MAX(c.last_run_at)
            FROM flows f LEFT JOIN flow_run_counts c ON c.flow_id = f.flow_id
            GROUP BY f.flow_id ORDER BY f.flow_id
            """;

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

        private static RunStart InsertRun(PostgresWriter w, (NewRun Run, string TraceId, byte[] Payload) args) => InsertRun(w, args.Run, args.TraceId, args.Payload);

        /// <summary>
        /// Starts a run inside the open write: the run, its outbox start item (leased to <see cref="NewRun.LeaseOwner"/> when
        /// given) and the flow's run count; or the existing run for an idempotency key already used.
        /// </summary>
        private static RunStart InsertRun(PostgresWriter w, NewRun run, string traceId, byte[] payload)
        {
            if (run.IdempotencyKey is { } key && RunByKey(w, run.FlowId, key) is { } existing)
            {
                return new RunStart(existing, Created: false);
            }

            var nowInstant = w.Time.GetUtcNow();
            var now = PostgresValues.Time(nowInstant);
            var runId = run.RunId == Guid.Empty ? Guid.CreateVersion7(nowInstant) : run.RunId;
            var refusal = run.Refusal;
            var availableAt = now;
            if (refusal is null && run.Throttles is { Count: > 0 } throttles)
            {
                // Counted only when the start is not refused: the kill switch is looked at first (the start statement looks again).
                refusal = KillRefusal(w, run.FlowId, run.FlowVersion);
                if (refusal is null)
                {
                    (refusal, availableAt) = ReserveThrottles(w, run.FlowId, throttles, now);
                }
            }

            if (refusal is not null)
            {
                return InsertRefused(w, run, runId, traceId, payload, refusal, now);
            }

            var queued = availableAt > now;
            var leaseOwner = queued ? null : run.LeaseOwner;

            // One statement checks the version, adds the run and its start item: a leased start is claimed in the same
            // commit (the starting host runs it at once; if it dies, the lease runs out and any host may claim the item).
            // Another host may have started a run with the same key since the look-up: the insert then waits for it, does
            // nothing, and that run is the one returned (a unique violation would fail the whole batch).
            w.Defer(StartRunSql)
                .Bind(1, runId).Bind(2, run.FlowId).Bind(3, run.FlowVersion).Bind(4, traceId).Bind(5, run.ParentRunId).Bind(6, run.IdempotencyKey)
                .Bind(7, leaseOwner is null ? nameof(FlowStatus.Pending) : nameof(FlowStatus.Running)).Bind(8, run.TriggerKind).Bind(9, payload).Bind(10, now)
                .Bind(11, leaseOwner is null ? availableAt : PostgresValues.Time(nowInstant + run.Lease)).Bind(12, leaseOwner).Bind(13, leaseOwner is null ? 0 : 1)
                .Bind(14, JournalSafeguards.VersionKey(run.FlowId, run.FlowVersion));
            bool registered;
            long? itemId;
            string? killReason;
            KillScope? killScope = null;
            using (var reader = w.SendAndRead())
            {
                reader.Read();
                registered = reader.GetBoolean(0);
                itemId = reader.NullableInt64(1);
                killReason = reader.NullableString(4);
                if (killReason is not null)
                {
                    killScope = new KillScope(reader.NullableString(2), reader.GetInt32(3));
                }
            }

            if (!registered)
            {
                throw new JournalException($"Flow '{run.FlowId}' version {run.FlowVersion} is not registered: register it (RegisterFlowVersionAsync) before starting runs of it.");
            }

            if (killScope is not null)
            {
                return InsertRefused(w, run, runId, traceId, payload, JournalSafeguards.KillRefusal(killScope, killReason!), now);
            }

            if (itemId is not { } item)
            {
                return new RunStart(RunByKey(w, run.FlowId, run.IdempotencyKey!) ?? throw new JournalException($"A run of flow '{run.FlowId}' with idempotency key '{run.IdempotencyKey}' was started and removed meanwhile; start it again."), Created: false);
            }

            w.Defer(CountRunSql).Bind(1, now).Bind(2, run.FlowId);
            return new RunStart(runId, Created: true, item, QueuedUntil: queued ? PostgresValues.Time(availableAt) : null);
        }

        /// <summary>Records a refused start: the run, Failed with the refusal and its payload, and nothing queued.</summary>
        private static RunStart InsertRefused(PostgresWriter w, NewRun run, Guid runId, string traceId, byte[] payload, RunError refusal, long now)
        {
            var inserted = w.Command(InsertRefusedSql)
                .Bind(1, runId).Bind(2, run.FlowId).Bind(3, run.FlowVersion).Bind(4, traceId).Bind(5, run.ParentRunId).Bind(6, run.IdempotencyKey)
                .Bind(7, run.TriggerKind).Bind(8, payload).Bind(9, now).Bind(10, refusal.Message).Bind(11, refusal.ExceptionType)
                .ExecuteScalar() is Guid;
            if (!inserted)
            {
                // A run with the key was started meanwhile (it is the one returned), or the version is not registered.
                return run.IdempotencyKey is { } key && RunByKey(w, run.FlowId, key) is { } existing
                    ? new RunStart(existing, Created: false)
                    : throw new JournalException($"Flow '{run.FlowId}' version {run.FlowVersion} is not registered: register it (RegisterFlowVersionAsync) before starting runs of it.");
            }

            w.Defer(CountRunSql).Bind(1, now).Bind(2, run.FlowId);
            return new RunStart(runId, Created: true, Refusal: refusal);
        }

        private static readonly PostgresSql InsertRefusedSql = new("""
            INSERT INTO runs (id, flow_id, flow_version, trace_id, parent_run_id, idempotency_key, status, trigger_kind, payload, created_at, updated_at, ended_at, error_message, error_type)
            SELECT $1, $2, $3, $4, $5, $6, 'Failed', $7, $8, $9, $9, $9, $10, $11
            WHERE EXISTS (SELECT 1 FROM flow_versions WHERE flow_id = $2 AND version = $3)
            ON CONFLICT (flow_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
            RETURNING id
            """, Uuid, Text, Integer, Text, Uuid, Text, Text, Bytea, Bigint, Text, Text);

        private static Guid? RunByKey(PostgresWriter w, string flowId, string key)
            => w.Command(RunByKeySql).Bind(1, flowId).Bind(2, key).ExecuteScalar() is Guid id ? id : null;

        private static readonly PostgresSql RunByKeySql = new("SELECT id FROM runs WHERE flow_id = $1 AND idempotency_key = $2", Text, Text);

        /// <summary>
        /// Starts a run in one round trip: whether its version is registered, and the id of its start item (NULL when the
        /// version is not registered or a run with its idempotency key exists). The item's row references the run's, added
        /// by the same statement: the foreign key is checked at the statement's end.
        /// </summary>
        private static readonly PostgresSql StartRunSql = new($"""
            WITH version AS (SELECT 1 FROM flow_versions WHERE flow_id = $2 AND version = $3),
            kill AS (SELECT flow_id, version, reason FROM kill_switches WHERE scope IN ('*', $2, $14) ORDER BY scope LIMIT 1),
            run AS (
                INSERT INTO runs (id, flow_id, flow_version, trace_id, parent_run_id, idempotency_key, status, trigger_kind, payload, created_at, updated_at)
                SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10 WHERE EXISTS (SELECT 1 FROM version) AND NOT EXISTS (SELECT 1 FROM kill)
                ON CONFLICT (flow_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
                RETURNING id),
            item AS (
                INSERT INTO outbox (run_id, kind, payload, visible_at, lease_owner, attempts, created_at)
                SELECT id, '{nameof(OutboxKind.Start)}', ''::bytea, $11, $12, $13, $10 FROM run
                RETURNING id)
            SELECT EXISTS (SELECT 1 FROM version), (SELECT id FROM item), (SELECT flow_id FROM kill), (SELECT version FROM kill), (SELECT reason FROM kill)
            """, Uuid, Text, Integer, Text, Uuid, Text, Text, Text, Bytea, Bigint, Bigint, Text, Integer, Text);

        /// <summary>
        /// Counts a start in the flow's row of this writer's connection (its backend's process id, which no other live
        /// connection has): hosts starting runs of one flow never wait for each other's count. <see cref="ListFlowsAsync"/> sums the rows.
        /// </summary>
        private static readonly PostgresSql CountRunSql = new("""
            INSERT INTO flow_run_counts AS c (flow_id, shard, run_count, last_run_at) VALUES ($2, pg_backend_pid(), 1, $1)
            ON CONFLICT (flow_id, shard) DO UPDATE SET run_count = c.run_count + 1, last_run_at = GREATEST(c.last_run_at, excluded.last_run_at)
            """, Bigint, Text);

        /// <inheritdoc />
        public Task AppendStepAsync(StepEntry step, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(step);
            ArgumentException.ThrowIfNullOrEmpty(step.StepId);
            return _writer.WriteAsync(
                step,
                static (w, step) =>
                {
                    try
                    {
                        InsertStep(w, step);
                        w.Send();
                    }
                    catch (PostgresException error) when (error.SqlState == ForeignKeyViolation)
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
                (snapshot, waitJson),
                static (w, args) =>
                {
                    var (snapshot, waitJson) = args;
                    var run = ReadRunState(w, snapshot.RunId);
                    EnsurePinned(run, snapshot);
                    RunMoveChecks.Suspend(snapshot.RunId, run.Status);

                    var now = PostgresValues.Time(w.Time.GetUtcNow());
                    SaveSnapshot(w, snapshot, waitJson, now);
                    w.Command(WaitingRunSql).Bind(1, now).Bind(2, snapshot.RunId).ExecuteNonQuery();
                    return true;
                },
                cancellationToken);
        }

        private static readonly PostgresSql WaitingRunSql = new("UPDATE runs SET status = 'Waiting', paused_from = NULL, updated_at = $1 WHERE id = $2", Bigint, Uuid);

        /// <inheritdoc />
        public Task SetStatusAsync(Guid runId, FlowStatus status, RunOutcome? outcome = null, CancellationToken cancellationToken = default)
        {
            if (outcome is not null && !RunStatusRules.IsFinal(status))
            {
                throw new ArgumentException("An outcome is kept only when a run ends (Completed, Failed or Cancelled).", nameof(outcome));
            }

            return _writer.WriteAsync(
                (runId, status, outcome),
                static (w, args) =>
                {
                    var (runId, status, outcome) = args;
                    var run = ReadRunState(w, runId);
                    var from = run.Status;
                    RunMoveChecks.SetStatus(runId, from, run.PausedFrom, status);

                    var now = PostgresValues.Time(w.Time.GetUtcNow());
                    MoveRun(w, runId, status, status == FlowStatus.Paused ? from : null, outcome, now);
                    if (RunStatusRules.IsFinal(status))
                    {
                        // An ended run is never resumed: its snapshot would only take space (and show up as a timer).
                        w.Command(DeleteSnapshotSql).Bind(1, runId).ExecuteNonQuery();
                    }

                    return true;
                },
                cancellationToken);
        }

        /// <inheritdoc />
        public async Task<RunInfo?> GetRunInfoAsync(Guid runId, CancellationToken cancellationToken = default)
        {
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using var command = RunInfoSql.CreateCommand(connection).Bind(1, runId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadRunInfo(reader) : null;
        }

        private static readonly PostgresSql RunInfoSql = new($"SELECT {RunColumns} FROM runs WHERE id = $1", Uuid);

        /// <inheritdoc />
        FlowStatus? IRunStatusReader.ReadStatus(Guid runId)
        {
            using var connection = OpenRead();
            using var command = RunStatusSql.CreateCommand(connection).Bind(1, runId);
            return command.ExecuteScalar() is string status ? PostgresValues.Enum<FlowStatus>(status) : null;
        }

        private static readonly PostgresSql RunStatusSql = new("SELECT status FROM runs WHERE id = $1", Uuid);

        /// <inheritdoc />
        public async Task<RunDetails?> GetRunAsync(Guid runId, CancellationToken cancellationToken = default)
        {
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);

            // One snapshot for both reads: the run and its steps come from the same committed state.
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            RunInfo run;
            byte[] payload;
            byte[]? output;
            await using (var command = RunDetailsSql.CreateCommand(connection).Bind(1, runId))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                run = ReadRunInfo(reader);
                payload = reader.NullableBytes(16) ?? [];
                output = reader.NullableBytes(17);
            }

            var steps = new List<StepEntry>();
            await using (var command = StepsSql.CreateCommand(connection).Bind(1, runId))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    steps.Add(new StepEntry(
                        runId,
                        reader.GetString(0),
                        reader.GetInt32(1),
                        PostgresValues.Enum<StepStatus>(reader.GetString(2)),
                        reader.NullableString(3),
                        PostgresValues.Time(reader.GetInt64(4)),
                        PostgresValues.Time(reader.GetInt64(5)),
                        reader.NullableBytes(6),
                        reader.NullableString(7)));
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new RunDetails(run, payload, output, steps);
        }

        private static readonly PostgresSql RunDetailsSql = new($"SELECT {RunColumns}, payload, output FROM runs WHERE id = $1", Uuid);
        private static readonly PostgresSql StepsSql = new(
            "SELECT step_id, attempt, status, endpoint, started_at, ended_at, output, error FROM steps WHERE run_id = $1 ORDER BY seq", Uuid);

        /// <inheritdoc />
        public async Task<FlowSnapshot?> GetSnapshotAsync(Guid runId, CancellationToken cancellationToken = default)
        {
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using var command = SnapshotSql.CreateCommand(connection).Bind(1, runId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
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
        }

        private static readonly PostgresSql SnapshotSql = new(
            "SELECT r.flow_id, r.flow_version, s.trace_id, s.step_id, s.wait, s.state FROM suspended s JOIN runs r ON r.id = s.run_id WHERE s.run_id = $1", Uuid);

        /// <inheritdoc />
        public async Task<RunPage> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default)
        {
            var page = RunPaging.Start(query, out var before);

            // Only the filters asked for go into the SQL, so each shape of query uses its index: (status, seq), (flow, seq),
            // (flow, status, seq), (idempotency key, seq), (created_at, seq) (docs/journal.md, "Queries at scale").
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand { Connection = connection };
            var where = new List<string>();
            void Filter(string column, string comparison, object value, NpgsqlDbType type)
            {
                command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type, Value = value });
                where.Add($"{column} {comparison} ${command.Parameters.Count}");
            }

            if (query.FlowId is { } flowId)
            {
                Filter("flow_id", "=", flowId, Text);
            }

            if (query.Status is { } status)
            {
                Filter("status", "=", status.ToString(), Text);
            }

            if (query.CreatedFrom is { } from)
            {
                Filter("created_at", ">=", PostgresValues.Time(from), Bigint);
            }

            if (query.CreatedBefore is { } until)
            {
                Filter("created_at", "<", PostgresValues.Time(until), Bigint);
            }

            if (query.IdempotencyKey is { } key)
            {
                Filter("idempotency_key", "=", key, Text);
            }

            if (before is { } b)
            {
                Filter("seq", "<", b, Bigint);
            }

            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = Integer, Value = page.Fetch });
            command.CommandText = $"SELECT {RunColumns} FROM runs {(where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where))} ORDER BY seq DESC LIMIT ${command.Parameters.Count}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && page.Accepts())
            {
                page.Add(reader.GetInt64(0), ReadRunInfo(reader));
            }

            return page.Page();
        }

        /// <inheritdoc />
        public Task<IReadOnlyList<WaitingRun>> GetDueTimersAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);

            // A snapshot stays while a resumed run executes (a crash must find it again), so only Waiting runs count.
            return ReadWaitingAsync(DueTimersSql, PostgresValues.Time(now), max, cancellationToken);
        }

        private static readonly PostgresSql DueTimersSql = new(
            $"SELECT {WaitingColumns} FROM suspended s JOIN runs r ON r.id = s.run_id WHERE s.due_at <= $1 AND r.status = 'Waiting' ORDER BY s.due_at, s.run_id LIMIT $2",
            Bigint, Integer);

        /// <inheritdoc />
        public Task<IReadOnlyList<WaitingRun>> GetEventWaitersAsync(string eventName, int max, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrEmpty(eventName);
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
            return ReadWaitingAsync(EventWaitersSql, eventName, max, cancellationToken);
        }

        private static readonly PostgresSql EventWaitersSql = new(
            $"SELECT {WaitingColumns} FROM suspended s JOIN runs r ON r.id = s.run_id WHERE s.event_name = $1 AND r.status = 'Waiting' ORDER BY s.saved_at, s.run_id LIMIT $2",
            Text, Integer);

        /// <inheritdoc />
        public Task<long> EnqueueAsync(OutboxEntry entry, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(entry);
            var payload = entry.Payload.ToArray();
            return _writer.WriteAsync(
                (entry, payload),
                static (w, args) =>
                {
                    var (entry, payload) = args;
                    var now = PostgresValues.Time(w.Time.GetUtcNow());
                    try
                    {
                        return InsertOutbox(w, entry.RunId, entry.Kind, payload, entry.AvailableAt is { } at ? PostgresValues.Time(at) : now, now);
                    }
                    catch (PostgresException error) when (error.SqlState == ForeignKeyViolation)
                    {
                        throw NoSuchRun(entry.RunId, error);
                    }
                },
                cancellationToken);
        }

        /// <summary>
        /// Leases up to <c>$4</c> claimable outbox items (see <see cref="ClaimOutboxAsync"/>), the rules of the SQLite
        /// journal's claim. <c>FOR UPDATE OF o SKIP LOCKED</c>: an item another host is claiming (or finishing) right now is
        /// passed over instead of waited for, and one whose claim committed meanwhile is checked again on its new row
        /// (its <c>visible_at</c> is then in the future), so no item is ever given to two hosts.
        /// </summary>
        internal static readonly PostgresSql ClaimSql = new("""
            UPDATE outbox SET lease_owner = $1, visible_at = $2, attempts = attempts + 1
            WHERE id IN (
                SELECT o.id FROM outbox o JOIN runs r ON r.id = o.run_id
                WHERE o.visible_at <= $3
                  AND r.status IN ('Pending', 'Running', 'Waiting')
                  AND (r.control IS NULL OR r.status <> 'Pending')
                  AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.run_id = o.run_id AND e.id < o.id)
                  AND NOT EXISTS (SELECT 1 FROM outbox h WHERE h.run_id = o.run_id AND h.lease_owner IS NOT NULL AND h.visible_at > $3)
                ORDER BY o.visible_at, o.id LIMIT $4
                FOR UPDATE OF o SKIP LOCKED)
            RETURNING id, run_id, kind, payload, attempts, visible_at
            """, Text, Bigint, Bigint, Integer);

        /// <inheritdoc />
        public Task<IReadOnlyList<OutboxItem>> ClaimOutboxAsync(string owner, int max, TimeSpan lease, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(owner);
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
            return _writer.WriteAsync<(string, int, TimeSpan), IReadOnlyList<OutboxItem>>(
                (owner, max, lease),
                static (w, args) =>
                {
                    // An item is claimable once visible_at has passed: new items are visible at once, a claimed one when its
                    // lease runs out. One worker per run: only a run's oldest item is claimable, never while another of its
                    // items is leased, and never for a paused or ended run (a paused run's items wait for its resume).
                    var (owner, max, lease) = args;
                    var now = w.Time.GetUtcNow();
                    var items = new List<OutboxItem>();
                    using (var reader = w.Command(ClaimSql).Bind(1, owner).Bind(2, PostgresValues.Time(now + lease)).Bind(3, PostgresValues.Time(now)).Bind(4, max).ExecuteReader())
                    {
                        while (reader.Read())
                        {
                            items.Add(new OutboxItem(
                                reader.GetInt64(0),
                                reader.GetGuid(1),
                                PostgresValues.Enum<OutboxKind>(reader.GetString(2)),
                                reader.NullableBytes(3) ?? [],
                                reader.GetInt32(4),
                                PostgresValues.Time(reader.GetInt64(5))));
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
                (itemId, owner, lease),
                static (w, args) => w.Command(RenewLeaseSql)
                    .Bind(1, PostgresValues.Time(w.Time.GetUtcNow() + args.lease)).Bind(2, args.itemId).Bind(3, args.owner)
                    .ExecuteNonQuery() == 1,
                cancellationToken);
        }

        private static readonly PostgresSql RenewLeaseSql = new("UPDATE outbox SET visible_at = $1 WHERE id = $2 AND lease_owner = $3", Bigint, Bigint, Text);

        /// <inheritdoc />
        public Task<bool> CompleteOutboxAsync(long itemId, string owner, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(owner);
            return _writer.WriteAsync(
                (itemId, owner),
                static (w, args) => w.Command(CompleteSql).Bind(1, args.itemId).Bind(2, args.owner).ExecuteNonQuery() == 1,
                cancellationToken);
        }

        private static readonly PostgresSql CompleteSql = new("DELETE FROM outbox WHERE id = $1 AND lease_owner = $2", Bigint, Text);

        /// <summary>Closes the journal once every queued write has committed.</summary>
        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            await _writer.DisposeAsync().ConfigureAwait(false);
            await _reads.DisposeAsync().ConfigureAwait(false);
            _metrics.Dispose();
        }

        private async Task<NpgsqlConnection> OpenReadAsync(CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return await _reads.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }

        private NpgsqlConnection OpenRead()
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _reads.OpenConnection();
        }

        private async Task<IReadOnlyList<WaitingRun>> ReadWaitingAsync(PostgresSql sql, object key, int max, CancellationToken cancellationToken)
        {
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using var command = sql.CreateCommand(connection).Bind(1, key).Bind(2, max);
            var runs = new List<WaitingRun>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                runs.Add(new WaitingRun(
                    reader.GetGuid(0),
                    reader.GetString(1),
                    reader.GetInt32(2),
                    reader.GetString(3),
                    PostgresValues.Enum<WaitKind>(reader.GetString(4)),
                    reader.NullableTime(5),
                    reader.NullableString(6)));
            }

            return runs;
        }

        /// <summary>Adds an item; with <paramref name="owner"/> it is leased to it at once (one claim counted) until <paramref name="visibleAt"/>.</summary>
        private static long InsertOutbox(PostgresWriter w, Guid runId, OutboxKind kind, byte[] payload, long visibleAt, long now, string? owner = null)
            => (long)w.Command(InsertOutboxSql)
                .Bind(1, runId).Bind(2, kind.ToString()).Bind(3, payload).Bind(4, visibleAt).Bind(5, owner).Bind(6, owner is null ? 0 : 1).Bind(7, now)
                .ExecuteScalar()!;

        private static readonly PostgresSql InsertOutboxSql = new(
            "INSERT INTO outbox (run_id, kind, payload, visible_at, lease_owner, attempts, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            Uuid, Text, Bytea, Bigint, Text, Integer, Bigint);

        /// <summary>
        /// Saves a snapshot, replacing the run's earlier one: a wait is armed (its due time and event name in their columns,
        /// not yet delivered); a checkpoint (<see cref="WaitKind.None"/>) arms nothing.
        /// </summary>
        private static void SaveSnapshot(PostgresWriter w, FlowSnapshot snapshot, string waitJson, long now)
        {
            var wait = snapshot.Wait;
            var checkpoint = wait.Kind == WaitKind.None;
            w.Defer(SaveSnapshotSql)
                .Bind(1, snapshot.RunId).Bind(2, snapshot.StepId).Bind(3, snapshot.TraceId).Bind(4, wait.Kind.ToString())
                .Bind(5, !checkpoint && wait.Until is { } until ? PostgresValues.Time(until) : null)
                .Bind(6, wait.Kind == WaitKind.Event ? wait.EventName : null).Bind(7, waitJson)
                .Bind(8, snapshot.State).Bind(9, now);
        }

        private static readonly PostgresSql SaveSnapshotSql = new("""
            INSERT INTO suspended (run_id, step_id, trace_id, wait_kind, due_at, event_name, wait, state, saved_at, delivered_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL)
            ON CONFLICT (run_id) DO UPDATE SET
                step_id = excluded.step_id, trace_id = excluded.trace_id, wait_kind = excluded.wait_kind, due_at = excluded.due_at,
                event_name = excluded.event_name, wait = excluded.wait, state = excluded.state, saved_at = excluded.saved_at, delivered_at = NULL
            """, Uuid, Text, Text, Text, Bigint, Text, Text, Bytea, Bigint);

        private static void EnsurePinned(RunState run, FlowSnapshot snapshot)
        {
            if (!string.Equals(run.FlowId, snapshot.FlowId, StringComparison.Ordinal) || run.FlowVersion != snapshot.FlowVersion)
            {
                throw new JournalException(
                    $"Run {snapshot.RunId:N} is pinned to flow '{run.FlowId}' v{run.FlowVersion}; a snapshot of '{snapshot.FlowId}' v{snapshot.FlowVersion} cannot be saved for it.");
            }
        }

        private static void InsertStep(PostgresWriter w, StepEntry step)
            => w.Defer(InsertStepSql)
                .Bind(1, step.RunId).Bind(2, step.StepId).Bind(3, step.Attempt).Bind(4, step.Status.ToString()).Bind(5, step.Endpoint)
                .Bind(6, PostgresValues.Time(step.StartedAt)).Bind(7, PostgresValues.Time(step.EndedAt))
                .Bind(8, step.Output).Bind(9, step.Error);

        private static readonly PostgresSql InsertStepSql = new("""
            INSERT INTO steps (run_id, step_id, attempt, status, endpoint, started_at, ended_at, output, error)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, Uuid, Text, Integer, Text, Text, Bigint, Bigint, Bytea, Text);

        /// <summary>
        /// Sets a run's status and its outcome columns (cleared unless it ends). Any move but one to Running also takes or
        /// drops a pending operator request: only a running run has one waiting for its next checkpoint. Every final move
        /// comes through here, so this is where a lifecycle entity linked to the run gets its pending outcome, in the
        /// same transaction (a crash never leaves the entity out of step with its run).
        /// </summary>
        private static void MoveRun(PostgresWriter w, Guid runId, FlowStatus status, FlowStatus? pausedFrom, RunOutcome? outcome, long now)
        {
            var final = RunStatusRules.IsFinal(status);
            if (final)
            {
                SettleEntity(w, runId, status, now);
            }

            var error = outcome?.Error;
            w.Defer(MoveRunSql)
                .Bind(1, status.ToString()).Bind(2, pausedFrom?.ToString())
                .Bind(3, now).Bind(4, final ? now : null).Bind(5, outcome?.Output).Bind(6, outcome?.Message)
                .Bind(7, error?.StepId).Bind(8, error?.Message).Bind(9, error?.ExceptionType)
                .Bind(10, runId);
        }

        private static readonly PostgresSql MoveRunSql = new("""
            UPDATE runs SET status = $1, paused_from = $2, updated_at = $3, ended_at = $4,
                control = CASE WHEN $1 = 'Running' THEN control END,
                output = $5, message = $6, error_step = $7, error_message = $8, error_type = $9
            WHERE id = $10
            """, Text, Text, Bigint, Bigint, Bytea, Text, Text, Text, Text, Uuid);

        private static RunState ReadRunState(PostgresWriter w, Guid runId, string? flowId = null) => TryReadRunState(w, runId, flowId) ?? throw NoSuchRun(runId, null);

        /// <summary>
        /// What a write checks of a run, its row locked to the end of the batch: a write on another host that would change
        /// the run waits for this one, then reads what it committed (two hosts never act on the same old status).
        /// </summary>
        private static RunState? TryReadRunState(PostgresWriter w, Guid runId, string? flowId = null)
        {
            w.Defer(RunStateSql).Bind(1, runId);
            using var reader = w.SendAndRead();
            return ReadRunStateRow(reader, flowId);
        }

        /// <summary>The run's state from <see cref="RunStateSql"/>'s result, on <paramref name="reader"/>; null when it has no row.</summary>
        private static RunState? ReadRunStateRow(NpgsqlDataReader reader, string? flowId)
        {
            if (!reader.Read())
            {
                return null;
            }

            var storedFlow = reader.GetString(0);
            return new RunState(
                string.Equals(storedFlow, flowId, StringComparison.Ordinal) ? flowId! : storedFlow,
                reader.GetInt32(1),
                PostgresValues.Enum<FlowStatus>(reader.GetString(2)),
                reader.NullableEnum<FlowStatus>(3),
                reader.NullableEnum<RunControl>(4) ?? RunControl.None);
        }

        private static readonly PostgresSql RunStateSql = new("SELECT flow_id, flow_version, status, paused_from, control FROM runs WHERE id = $1 FOR UPDATE", Uuid);

        private static RunInfo ReadRunInfo(NpgsqlDataReader reader)
        {
            var errorMessage = reader.NullableString(14);
            return new RunInfo
            {
                RunId = reader.GetGuid(1),
                FlowId = reader.GetString(2),
                FlowVersion = reader.GetInt32(3),
                TraceId = reader.GetString(4),
                Status = PostgresValues.Enum<FlowStatus>(reader.GetString(5)),
                TriggerKind = reader.GetString(6),
                IdempotencyKey = reader.NullableString(7),
                ParentRunId = reader.NullableGuid(8),
                CreatedAt = PostgresValues.Time(reader.GetInt64(9)),
                UpdatedAt = PostgresValues.Time(reader.GetInt64(10)),
                EndedAt = reader.NullableTime(11),
                Message = reader.NullableString(12),
                Error = errorMessage is null ? null : new RunError(reader.NullableString(13), errorMessage, reader.NullableString(15)),
            };
        }

        private const string ForeignKeyViolation = "23503";

        private static JournalException NoSuchRun(Guid runId, Exception? inner) => new($"Run {runId:N} does not exist in the journal.", inner);

        /// <summary>What a write checks before it changes a run; <paramref name="Control"/> is a pending operator request.</summary>
        private readonly record struct RunState(string FlowId, int FlowVersion, FlowStatus Status, FlowStatus? PausedFrom, RunControl Control);
    }
}
