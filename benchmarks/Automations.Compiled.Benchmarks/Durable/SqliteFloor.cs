using System;
using System.IO;
using Automations.Compiled.Hosting;
using Automations.Compiled.Hosting.Sqlite;
using Microsoft.Data.Sqlite;

namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>
    /// The SQLite floor: the journal's statements for a run (<c>SqliteRunJournal</c>: <c>InsertRun</c>, <c>InsertOutbox</c>,
    /// <c>InsertStep</c>, <c>SaveSnapshot</c>, <c>SaveCheckpointAsync</c>, <c>EndLegAsync</c>/<c>Forget</c>/<c>MoveRun</c>),
    /// prepared once (<see cref="SqliteCommandCache"/>) on one connection opened with the journal's settings (WAL,
    /// <c>synchronous=FULL</c>, foreign keys, <c>temp_store=MEMORY</c>), between <c>BEGIN IMMEDIATE</c> and <c>COMMIT</c>
    /// as <c>SqliteWriter</c> commits. With <c>reads</c>, also the journal's look-ups (the version, the leg's run and held
    /// item, a linked entity).
    /// </summary>
    internal sealed class SqliteFloor(RunSample sample) : JournalFloor(sample, JournalBackend.Sqlite)
    {
        private SqliteConnection _connection = null!;
        private SqliteCommandCache _commands = null!;

        protected override void Open()
        {
            var path = Path.Combine(Folder, "floor.db");
            Create(SqliteRunJournal.OpenAsync(new SqliteJournalOptions { Path = path }).GetAwaiter().GetResult());
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWrite,
                Cache = SqliteCacheMode.Private,
                ForeignKeys = true,
                Pooling = false,
            }.ToString());
            _connection.Open();
            _commands = new SqliteCommandCache(_connection);
            _commands.Get("PRAGMA journal_mode = WAL").ExecuteNonQuery();
            _commands.Get("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA temp_store = MEMORY;").ExecuteNonQuery();
        }

        protected override void Begin() => _commands.Get("BEGIN IMMEDIATE").ExecuteNonQuery();

        protected override object StartRun(bool reads)
        {
            var start = Sample.Start;
            if (reads && _commands.Get("SELECT 1 FROM flow_versions WHERE flow_id = $flow AND version = $version").Bind("$flow", start.FlowId).Bind("$version", start.FlowVersion).ExecuteScalar() is null)
            {
                throw new InvalidOperationException("The floor's version is missing.");
            }

            var instant = DateTimeOffset.UtcNow;
            var now = SqliteValues.Time(instant);
            var runId = Guid.CreateVersion7(instant);
            var id = SqliteValues.Id(runId);
            _commands.Get("""
                INSERT INTO runs (id, flow_id, flow_version, trace_id, parent_run_id, idempotency_key, status, trigger_kind, payload, created_at, updated_at)
                VALUES ($id, $flow, $version, $trace, $parent, $key, $status, $trigger, $payload, $now, $now)
                """)
                .Bind("$id", id).Bind("$flow", start.FlowId).Bind("$version", start.FlowVersion).Bind("$trace", TraceId)
                .Bind("$parent", null).Bind("$key", start.IdempotencyKey)
                .Bind("$status", nameof(FlowStatus.Running)).Bind("$trigger", start.TriggerKind).Bind("$payload", Payload).Bind("$now", now)
                .ExecuteNonQuery();
            var itemId = (long)_commands.Get("INSERT INTO outbox (run_id, kind, payload, visible_at, lease_owner, attempts, created_at) VALUES ($run, $kind, $payload, $visible, $owner, $attempts, $now) RETURNING id")
                .Bind("$run", id).Bind("$kind", nameof(OutboxKind.Start)).Bind("$payload", Array.Empty<byte>()).Bind("$visible", SqliteValues.Time(instant + Lease))
                .Bind("$owner", Owner).Bind("$attempts", 1).Bind("$now", now)
                .ExecuteScalar()!;
            _commands.Get("UPDATE flows SET run_count = run_count + 1, last_run_at = $now WHERE flow_id = $flow").Bind("$now", now).Bind("$flow", start.FlowId).ExecuteNonQuery();
            return new RunRow(runId, id, itemId);
        }

        protected override void Checkpoint(object state, RunCheckpoint checkpoint, bool reads)
        {
            var run = (RunRow)state;
            if (reads)
            {
                ReadLeg(run);
            }

            var instant = DateTimeOffset.UtcNow;
            var now = SqliteValues.Time(instant);
            foreach (var step in checkpoint.Steps)
            {
                InsertStep(run.Id, step);
            }

            var snapshot = checkpoint.Snapshot;
            _commands.Get("""
                INSERT INTO suspended (run_id, step_id, trace_id, wait_kind, due_at, event_name, wait, state, saved_at, delivered_at)
                VALUES ($run, $step, $trace, $kind, $due, $event, $wait, $state, $now, NULL)
                ON CONFLICT (run_id) DO UPDATE SET
                    step_id = excluded.step_id, trace_id = excluded.trace_id, wait_kind = excluded.wait_kind, due_at = excluded.due_at,
                    event_name = excluded.event_name, wait = excluded.wait, state = excluded.state, saved_at = excluded.saved_at, delivered_at = NULL
                """)
                .Bind("$run", run.Id).Bind("$step", snapshot.StepId).Bind("$trace", snapshot.TraceId)
                .Bind("$kind", snapshot.Wait.Kind.ToString()).Bind("$due", null)
                .Bind("$event", null).Bind("$wait", WaitJson)
                .Bind("$state", snapshot.State).Bind("$now", now)
                .ExecuteNonQuery();
            _commands.Get("UPDATE runs SET updated_at = $now WHERE id = $run").Bind("$now", now).Bind("$run", run.Id).ExecuteNonQuery();
            _commands.Get("UPDATE outbox SET visible_at = $until WHERE id = $id").Bind("$until", SqliteValues.Time(instant + checkpoint.Lease)).Bind("$id", run.ItemId).ExecuteNonQuery();
        }

        protected override void EndRun(object state, bool reads)
        {
            var run = (RunRow)state;
            if (reads)
            {
                ReadLeg(run);
            }

            var end = Sample.End;
            var now = SqliteValues.Time(DateTimeOffset.UtcNow);
            foreach (var step in end.Steps)
            {
                InsertStep(run.Id, step);
            }

            _commands.Get("DELETE FROM outbox WHERE run_id = $run").Bind("$run", run.Id).ExecuteNonQuery();
            _commands.Get("DELETE FROM suspended WHERE run_id = $run").Bind("$run", run.Id).ExecuteNonQuery();
            if (reads)
            {
                using var reader = _commands.Get("SELECT template, entity_id, state, action, on_success, on_failure, destroy_on_success, revision FROM entities WHERE run_id = $run")
                    .Bind("$run", run.Id).ExecuteReader();
                if (reader.Read())
                {
                    throw new InvalidOperationException("The floor has no entities.");
                }
            }

            var outcome = end.Outcome;
            var error = outcome?.Error;
            _commands.Get("""
                UPDATE runs SET status = $status, paused_from = $pausedFrom, updated_at = $now, ended_at = $ended,
                    control = CASE WHEN $status = 'Running' THEN control END,
                    output = $output, message = $message, error_step = $errorStep, error_message = $errorMessage, error_type = $errorType
                WHERE id = $run
                """)
                .Bind("$status", nameof(FlowStatus.Completed)).Bind("$pausedFrom", null)
                .Bind("$now", now).Bind("$ended", now).Bind("$output", outcome?.Output).Bind("$message", outcome?.Message)
                .Bind("$errorStep", error?.StepId).Bind("$errorMessage", error?.Message).Bind("$errorType", error?.ExceptionType)
                .Bind("$run", run.Id)
                .ExecuteNonQuery();
        }

        protected override void Commit(bool reads) => _commands.Get("COMMIT").ExecuteNonQuery();

        protected override void Close()
        {
            _commands?.Dispose();
            _connection?.Dispose();
        }

        /// <summary>The leg's look-up: the run's state and whether the owner holds the item (one statement, as <c>ReadLegState</c>).</summary>
        private void ReadLeg(RunRow run)
        {
            using var reader = _commands.Get("SELECT flow_id, flow_version, status, paused_from, control, (SELECT o.run_id FROM outbox o WHERE o.id = $id AND o.lease_owner = $owner) FROM runs WHERE id = $run")
                .Bind("$run", run.Id).Bind("$id", run.ItemId).Bind("$owner", Owner).ExecuteReader();
            if (!reader.Read() || reader.IsDBNull(5) || reader.GetString(5) != run.Id)
            {
                throw new InvalidOperationException($"Run {run.Id} does not hold item {run.ItemId}.");
            }
        }

        private void InsertStep(string runId, StepEntry step)
            => _commands.Get("""
                INSERT INTO steps (run_id, step_id, attempt, status, endpoint, started_at, ended_at, output, error)
                VALUES ($run, $step, $attempt, $status, $endpoint, $started, $ended, $output, $error)
                """)
                .Bind("$run", runId).Bind("$step", step.StepId).Bind("$attempt", step.Attempt)
                .Bind("$status", step.Status.ToString()).Bind("$endpoint", step.Endpoint)
                .Bind("$started", SqliteValues.Time(step.StartedAt)).Bind("$ended", SqliteValues.Time(step.EndedAt))
                .Bind("$output", step.Output).Bind("$error", step.Error)
                .ExecuteNonQuery();

        private sealed record RunRow(Guid RunId, string Id, long ItemId);
    }
}
