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
    /// the journal's own statements (its <see cref="SqliteSql"/> texts, bound by position as it binds them), prepared once on one connection opened with the journal's settings (WAL,
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
            if (reads && Statement(SqliteRunJournal.FlowVersionExistsSql).Text(1, start.FlowId).Int(2, start.FlowVersion).ScalarInt64() is null)
            {
                throw new InvalidOperationException("The floor's version is missing.");
            }

            var instant = DateTimeOffset.UtcNow;
            var now = SqliteValues.Time(instant);
            var runId = Guid.CreateVersion7(instant);
            Statement(SqliteRunJournal.InsertRunSql).Id(1, runId).Text(2, start.FlowId).Int(3, start.FlowVersion).Text(4, TraceId).Null(5)
                .Text(6, start.IdempotencyKey).Text(7, nameof(FlowStatus.Running)).Text(8, start.TriggerKind).Blob(9, Payload).Int(10, now)
                .Execute();
            var itemId = Statement(SqliteRunJournal.InsertOutboxSql).Id(1, runId).Text(2, nameof(OutboxKind.Start)).Blob(3, ReadOnlySpan<byte>.Empty)
                .Int(4, SqliteValues.Time(instant + Lease)).Text(5, Owner).Int(6, 1).Int(7, now)
                .ScalarInt64()!.Value;
            Statement(SqliteRunJournal.CountRunSql).Int(1, now).Text(2, start.FlowId).Execute();
            return new RunRow(runId, itemId);
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
                InsertStep(run.RunId, step);
            }

            var snapshot = checkpoint.Snapshot;
            Statement(SqliteRunJournal.SaveSnapshotSql)
                .Id(1, run.RunId).Text(2, snapshot.StepId).Text(3, snapshot.TraceId).Text(4, nameof(WaitKind.None)).Null(5)
                .Null(6).Text(7, WaitJson).Blob(8, snapshot.State).Int(9, now)
                .Execute();
            Statement(SqliteRunJournal.TouchRunSql).Int(1, now).Id(2, run.RunId).Execute();
            Statement(SqliteRunJournal.ExtendLeaseSql).Int(1, SqliteValues.Time(instant + checkpoint.Lease)).Int(2, run.ItemId).Execute();
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
                InsertStep(run.RunId, step);
            }

            Statement(SqliteRunJournal.DeleteRunItemsSql).Id(1, run.RunId).Execute();
            Statement(SqliteRunJournal.DeleteSnapshotSql).Id(1, run.RunId).Execute();
            if (reads)
            {
                using var rows = Statement(SqliteRunJournal.LinkedEntitySql).Id(1, run.RunId).Query();
                if (rows.Next())
                {
                    throw new InvalidOperationException("The floor has no entities.");
                }
            }

            var outcome = end.Outcome;
            var error = outcome?.Error;
            Statement(SqliteRunJournal.MoveRunSql)
                .Text(1, nameof(FlowStatus.Completed)).Null(2).Int(3, now).Int(4, now).Blob(5, outcome?.Output).Text(6, outcome?.Message)
                .Text(7, error?.StepId).Text(8, error?.Message).Text(9, error?.ExceptionType)
                .Id(10, run.RunId)
                .Execute();
        }

        protected override void Commit(bool reads) => _commands.Get("COMMIT").ExecuteNonQuery();

        protected override void Close()
        {
            _commands?.Dispose();
            _connection?.Dispose();
        }

        private SqliteStatement Statement(SqliteSql sql) => _commands.Statement(sql);

        /// <summary>The leg's look-up: the run's state and whether the owner holds the item (one statement, as <c>ReadLegState</c>).</summary>
        private void ReadLeg(RunRow run)
        {
            using var rows = Statement(SqliteRunJournal.LegStateSql).Id(1, run.RunId).Int(2, run.ItemId).Text(3, Owner).Query();
            if (!rows.Next() || rows.IsNull(5) || rows.Id(5) != run.RunId)
            {
                throw new InvalidOperationException($"Run {run.RunId:N} does not hold item {run.ItemId}.");
            }
        }

        private void InsertStep(Guid runId, StepEntry step)
            => Statement(SqliteRunJournal.InsertStepSql)
                .Id(1, runId).Text(2, step.StepId).Int(3, step.Attempt).Text(4, SqliteValues.Name(step.Status)).Text(5, step.Endpoint)
                .Int(6, SqliteValues.Time(step.StartedAt)).Int(7, SqliteValues.Time(step.EndedAt))
                .Blob(8, step.Output).Text(9, step.Error)
                .Execute();

        private sealed record RunRow(Guid RunId, long ItemId);
    }
}
