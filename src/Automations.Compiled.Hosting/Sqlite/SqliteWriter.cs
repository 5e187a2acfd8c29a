using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace Automations.Compiled.Hosting.Sqlite
{
    /// <summary>
    /// The journal's only writer, with group commit: callers queue writes; the loop takes everything queued (up to a
    /// batch size) into one transaction, commits once, then completes every caller. While one batch is being synced the
    /// next one gathers, so under load many runs share one fsync and no caller waits for a timer.
    /// </summary>
    /// <remarks>
    /// A write that is refused (an illegal transition) is undone alone and the rest of its batch commits: the batch then
    /// runs again with each write in its own savepoint (a batch of accepted writes needs none). A failed commit fails
    /// exactly the writes of that batch; later batches go on.
    /// </remarks>
    internal sealed class SqliteWriter : JournalWriter<SqliteWriter>, IAsyncDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommandCache _commands;
        private readonly int _maxBatch;
        private readonly JournalMetrics _metrics;
        private readonly Task _loop;
        private long _commits;

        // The batch's own statements, raw like the writes (through Microsoft.Data.Sqlite each cost a reader and its
        // enumerators: at one run at a time, a quarter of a run's bytes).
        private static readonly SqliteSql BeginSql = new("BEGIN IMMEDIATE");
        private static readonly SqliteSql CommitSql = new("COMMIT");
        private static readonly SqliteSql RollbackSql = new("ROLLBACK");
        private static readonly SqliteSql SavepointSql = new("SAVEPOINT write");
        private static readonly SqliteSql ReleaseSql = new("RELEASE write");
        private static readonly SqliteSql RollbackToSql = new("ROLLBACK TO write");

        public SqliteWriter(SqliteConnection connection, int maxBatch, TimeProvider time, JournalMetrics metrics)
            : base(nameof(SqliteRunJournal))
        {
            _connection = connection;
            _commands = new SqliteCommandCache(connection);
            _maxBatch = Math.Max(1, maxBatch);
            Time = time;
            _metrics = metrics;
            _loop = Task.Run(RunAsync);
        }

        /// <summary>The clock, for writes that stamp rows.</summary>
        public TimeProvider Time { get; }

        /// <summary>Transactions committed so far (tests read it to see batching).</summary>
        public long Commits => Interlocked.Read(ref _commits);

        /// <summary>A prepared command for <paramref name="sql"/>, kept for the writer's lifetime: the same few statements run all day.</summary>
        public SqliteCommand Command(string sql) => _commands.Get(sql);

        /// <summary>A raw statement for <paramref name="sql"/>, prepared once on the writer's connection: the per-run writes.</summary>
        public SqliteStatement Statement(SqliteSql sql) => _commands.Statement(sql);

        public async ValueTask DisposeAsync()
        {
            // Writes already queued still commit; new ones are refused.
            CloseQueue();
            await _loop.ConfigureAwait(false);
            _commands.Dispose();
        }

        private async Task RunAsync()
        {
            var batch = new List<JournalWrite<SqliteWriter>>();
            while (await WaitToReadAsync().ConfigureAwait(false))
            {
                var exclusive = TakeBatch(batch, _maxBatch);
                if (batch.Count > 0)
                {
                    Commit(batch);
                    batch.Clear();
                }

                if (exclusive is not null)
                {
                    RunExclusive(exclusive);
                }

                Delivery.Flush();
            }
        }

        /// <summary>Runs an exclusive body in autocommit mode, between two batches; its failure is its own.</summary>
        private void RunExclusive(JournalWrite<SqliteWriter> write)
        {
            try
            {
                write.Execute(this);
                if (SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0)
                {
                    throw new JournalException("An exclusive write left a transaction open.");
                }
            }
            catch (Exception error)
            {
                TryRollback();
                write.Failed(error);
                return;
            }

            write.Committed();
        }

        private void Commit(List<JournalWrite<SqliteWriter>> batch)
        {
            try
            {
                Statement(BeginSql).Execute();
                if (!TryExecuteAll(batch))
                {
                    // A write was refused: nothing of the batch is kept, and it runs again with a savepoint per write.
                    Statement(RollbackSql).Execute();
                    Statement(BeginSql).Execute();
                    ExecuteEachInSavepoint(batch);
                }

                Statement(CommitSql).Execute();
            }
            catch (Exception error)
            {
                // The transaction is gone or unusable: roll back whatever is left and fail the whole batch, no more.
                TryRollback();
                var failure = new JournalException($"The journal could not commit a batch of {batch.Count} write(s); none of them happened: {error.Message}", error);
                foreach (var write in batch)
                {
                    write.Failed(failure);
                }

                return;
            }

            Interlocked.Increment(ref _commits);
            _metrics.Committed(batch.Count);
            foreach (var write in batch)
            {
                write.Committed();
            }
        }

        /// <summary>
        /// The common case, every write accepted: the writes run one after the other in the batch's transaction, without
        /// the savepoint each would need to be undone alone (two statements, and a copy of every page it changes). False
        /// when one is refused; the caller then rolls the batch back and runs it again with savepoints. Writes only read
        /// and write the journal, so running one again gives what the first run would have.
        /// </summary>
        private bool TryExecuteAll(List<JournalWrite<SqliteWriter>> batch)
        {
            foreach (var write in batch)
            {
                try
                {
                    write.Execute(this);
                }
                catch (Exception error) when (!IsStorageFailure(error))
                {
                    return false;
                }

                // A write must not end the batch's transaction: what ran after it would commit on its own.
                if (SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) != 0)
                {
                    throw new JournalException("A write ended the batch's transaction.");
                }
            }

            return true;
        }

        /// <summary>Runs each write in its own savepoint: a refused write (an illegal transition) is undone alone and the rest commit.</summary>
        private void ExecuteEachInSavepoint(List<JournalWrite<SqliteWriter>> batch)
        {
            foreach (var write in batch)
            {
                Statement(SavepointSql).Execute();
                try
                {
                    write.Execute(this);
                    Statement(ReleaseSql).Execute();
                }
                catch (Exception error) when (!IsStorageFailure(error))
                {
                    Statement(RollbackToSql).Execute();
                    Statement(ReleaseSql).Execute();
                    write.Refuse(error is SqliteException sqlite ? new JournalException("The journal refused the write: " + sqlite.Message, sqlite) : error);
                }
            }
        }

        /// <summary>A disk that is full, failing or corrupt fails the whole batch; any other error refuses only its write.</summary>
        private static bool IsStorageFailure(Exception error)
            => error is SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_FULL or SQLitePCL.raw.SQLITE_IOERR or SQLitePCL.raw.SQLITE_CORRUPT };

        private void TryRollback()
        {
            try
            {
                if (!_connection.Handle!.IsInvalid && SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0)
                {
                    Statement(RollbackSql).Execute();
                }
            }
            catch (SqliteException)
            {
                // Nothing more to undo: SQLite already rolled the transaction back.
            }
        }
    }
}
