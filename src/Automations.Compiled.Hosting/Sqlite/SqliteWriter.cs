using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
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
    /// Each write runs in its own savepoint: a write that is refused (an illegal transition) is undone alone and the rest
    /// of its batch commits. A failed commit fails exactly the writes of that batch; later batches go on.
    /// </remarks>
    internal sealed class SqliteWriter : IAsyncDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly Channel<JournalWrite> _queue = Channel.CreateUnbounded<JournalWrite>(new UnboundedChannelOptions { SingleReader = true });
        private readonly SqliteCommandCache _commands;
        private readonly int _maxBatch;
        private readonly JournalMetrics _metrics;
        private readonly Task _loop;
        private long _commits;

        public SqliteWriter(SqliteConnection connection, int maxBatch, TimeProvider time, JournalMetrics metrics)
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

        /// <summary>Queues a write; the task completes once it is durable (or refused, or failed with its batch).</summary>
        public Task<T> WriteAsync<T>(Func<SqliteWriter, T> body, CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled<T>(cancellationToken);
            }

            var write = new JournalWrite<T>(body, cancellationToken);
            if (!_queue.Writer.TryWrite(write))
            {
                throw new ObjectDisposedException(nameof(SqliteRunJournal), "The journal is closed.");
            }

            return write.Task;
        }

        /// <summary>A prepared command for <paramref name="sql"/>, kept for the writer's lifetime: the same few statements run all day.</summary>
        public SqliteCommand Command(string sql) => _commands.Get(sql);

        public async ValueTask DisposeAsync()
        {
            // Writes already queued still commit; new ones are refused.
            _queue.Writer.TryComplete();
            await _loop.ConfigureAwait(false);
            _commands.Dispose();
        }

        private async Task RunAsync()
        {
            var batch = new List<JournalWrite>();
            var reader = _queue.Reader;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (batch.Count < _maxBatch && reader.TryRead(out var write))
                {
                    if (write.CancellationToken.IsCancellationRequested)
                    {
                        write.Cancelled();
                        continue;
                    }

                    batch.Add(write);
                }

                if (batch.Count > 0)
                {
                    Commit(batch);
                    batch.Clear();
                }
            }
        }

        private void Commit(List<JournalWrite> batch)
        {
            try
            {
                Command("BEGIN IMMEDIATE").ExecuteNonQuery();
                foreach (var write in batch)
                {
                    Command("SAVEPOINT write").ExecuteNonQuery();
                    try
                    {
                        write.Execute(this);
                        Command("RELEASE write").ExecuteNonQuery();
                    }
                    catch (Exception error) when (error is not SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_FULL or SQLitePCL.raw.SQLITE_IOERR or SQLitePCL.raw.SQLITE_CORRUPT })
                    {
                        Command("ROLLBACK TO write").ExecuteNonQuery();
                        Command("RELEASE write").ExecuteNonQuery();
                        write.Refuse(error is SqliteException sqlite ? new JournalException("The journal refused the write: " + sqlite.Message, sqlite) : error);
                    }
                }

                Command("COMMIT").ExecuteNonQuery();
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

        private void TryRollback()
        {
            try
            {
                if (!_connection.Handle!.IsInvalid && SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0)
                {
                    Command("ROLLBACK").ExecuteNonQuery();
                }
            }
            catch (SqliteException)
            {
                // Nothing more to undo: SQLite already rolled the transaction back.
            }
        }
    }
}
