using System;
using System.Collections.Generic;
using System.Data;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Automations.Compiled.Hosting.PostgreSql
{
    /// <summary>
    /// A host's only writer to the journal, with group commit, on one connection of its own: callers queue writes; the
    /// loop takes everything queued (up to a batch size) into one transaction, commits once, then completes every caller.
    /// While one batch commits the next one gathers, so under load many runs share one commit (one WAL flush).
    /// </summary>
    /// <remarks>
    /// <para>
    /// A write that is refused (an illegal transition, a constraint) is undone alone and the rest of its batch commits: the
    /// batch then runs again with each write in its own savepoint (a batch of accepted writes needs none).
    /// </para>
    /// <para>
    /// Other hosts write the same tables: a batch that deadlocks with one of theirs, or fails to serialize, is rolled back
    /// and runs again whole, a few times. A connection lost before the COMMIT went out is opened again (backing off from
    /// 50 ms to 2 s, for up to <see cref="PostgresJournalOptions.ReconnectFor"/>) and the batch runs again; a COMMIT cut off
    /// on its way has an unknown outcome, and its writes fail saying so. Any other failure fails exactly that batch.
    /// </para>
    /// </remarks>
    internal sealed class PostgresWriter : JournalWriter<PostgresWriter>, IAsyncDisposable
    {
        /// <summary>How many times a batch runs again after a deadlock or a serialization failure before its writes fail.</summary>
        private const int ConflictRetries = 5;

        private static readonly TimeSpan FirstReconnectDelay = TimeSpan.FromMilliseconds(50);
        private static readonly TimeSpan LastReconnectDelay = TimeSpan.FromSeconds(2);

        private readonly NpgsqlDataSource _source;
        private readonly int _maxBatch;
        private readonly TimeSpan _reconnectFor;
        private readonly JournalMetrics _metrics;
        private readonly string _where;
        private readonly Task _loop;
        private NpgsqlConnection? _connection;
        private NpgsqlTransaction? _transaction;
        private NpgsqlCommand?[] _commands = new NpgsqlCommand?[64];
        private NpgsqlBatch? _pending;
        private long _commits;

        /// <param name="source">Opens the writer's connection (unpooled: it is held for the journal's lifetime).</param>
        /// <param name="connection">The writer's connection, open (the migration ran on it).</param>
        /// <param name="maxBatch">The most writes one transaction carries.</param>
        /// <param name="reconnectFor">How long a lost connection is retried before the batch waiting on it fails.</param>
        /// <param name="time">The clock for the rows' timestamps and leases.</param>
        /// <param name="metrics">Where commits are counted.</param>
        /// <param name="where">The journal as <see cref="PostgresRunJournal.Describe(PostgresJournalOptions)"/> names it, for errors.</param>
        public PostgresWriter(NpgsqlDataSource source, NpgsqlConnection connection, int maxBatch, TimeSpan reconnectFor, TimeProvider time, JournalMetrics metrics, string where)
            : base(nameof(PostgresRunJournal))
        {
            _source = source;
            _connection = connection;
            _maxBatch = Math.Max(1, maxBatch);
            _reconnectFor = reconnectFor;
            Time = time;
            _metrics = metrics;
            _where = where;
            _loop = Task.Run(RunAsync);
        }

        /// <summary>The clock, for writes that stamp rows.</summary>
        public TimeProvider Time { get; }

        /// <summary>Transactions committed so far (tests read it to see batching).</summary>
        public long Commits => Interlocked.Read(ref _commits);

        /// <summary>The writer's connection, for a statement run once (maintenance); a write's own statements go through <see cref="Command"/>.</summary>
        public NpgsqlConnection Connection => _connection ?? throw new InvalidOperationException("The journal's writer has no connection.");

        /// <summary>
        /// The command for <paramref name="sql"/>, prepared on the writer's connection at its first use and kept for the
        /// connection's lifetime (the same few statements run all day); bind every parameter at each use. The statements
        /// <see cref="Defer"/> queued are sent first, so the command sees what they wrote.
        /// </summary>
        public NpgsqlCommand Command(PostgresSql sql)
        {
            Send();
            var slot = sql.Slot;
            if (slot < _commands.Length && _commands[slot] is { } cached)
            {
                return cached;
            }

            if (slot >= _commands.Length)
            {
                Array.Resize(ref _commands, Math.Max(slot + 1, _commands.Length * 2));
            }

            var command = sql.CreateCommand(Connection);
            command.Prepare();
            return _commands[slot] = command;
        }

        /// <summary>
        /// Queues <paramref name="sql"/> (bind its parameters on the returned command) to go to the server with the next
        /// round trip: the next <see cref="Command"/>, <see cref="SendAndRead"/> or <see cref="Send"/>, or the batch's end.
        /// For statements whose outcome the write does not look at (their failure still fails the write that sent them: the
        /// batch then runs again with a savepoint per write, each write's statements sent before its savepoint is released).
        /// </summary>
        public NpgsqlBatchCommand Defer(PostgresSql sql)
        {
            var command = sql.CreateBatchCommand();
            (_pending ??= new NpgsqlBatch(Connection)).BatchCommands.Add(command);
            return command;
        }

        /// <summary>Sends the statements <see cref="Defer"/> queued, in one round trip (nothing when none are queued).</summary>
        public void Send()
        {
            if (_pending is not { } pending)
            {
                return;
            }

            _pending = null;
            using (pending)
            {
                pending.ExecuteNonQuery();
            }
        }

        /// <summary>
        /// Sends the statements <see cref="Defer"/> queued in one round trip and reads what they return: the reader is on
        /// the first statement that returns rows (queue the statements that return none first), the next one after
        /// <see cref="NpgsqlDataReader.NextResult"/>. Dispose it before the next statement.
        /// </summary>
        public NpgsqlDataReader SendAndRead()
        {
            var pending = _pending ?? throw new InvalidOperationException("No statement was queued to read from.");
            _pending = null;

            // The batch goes with its reader: disposing the reader (CloseConnection is not asked for) leaves the batch to the GC.
            var reader = pending.ExecuteReader();
            while (reader.FieldCount == 0)
            {
                if (!reader.NextResult())
                {
                    break;
                }
            }

            return reader;
        }

        /// <summary>Forgets the statements queued and not sent (the transaction they were for is rolled back).</summary>
        private void DropPending()
        {
            _pending?.Dispose();
            _pending = null;
        }

        public async ValueTask DisposeAsync()
        {
            // Writes already queued still commit; new ones are refused.
            CloseQueue();
            await _loop.ConfigureAwait(false);
            DropConnection();
            await _source.DisposeAsync().ConfigureAwait(false);
        }

        private async Task RunAsync()
        {
            var batch = new List<JournalWrite<PostgresWriter>>();
            while (await WaitToReadAsync().ConfigureAwait(false))
            {
                var exclusive = TakeBatch(batch, _maxBatch);
                if (batch.Count > 0)
                {
                    await CommitAsync(batch).ConfigureAwait(false);
                    batch.Clear();
                }

                if (exclusive is not null)
                {
                    await RunExclusiveAsync(exclusive).ConfigureAwait(false);
                }

                Delivery.Flush();
            }
        }

        /// <summary>Runs an exclusive body outside any transaction, between two batches; its failure is its own.</summary>
        private async Task RunExclusiveAsync(JournalWrite<PostgresWriter> write)
        {
            if (await EnsureConnectedAsync().ConfigureAwait(false) is { } lost)
            {
                write.Failed(lost);
                return;
            }

            try
            {
                write.Execute(this);
                Send();
            }
            catch (Exception error)
            {
                DropPending();
                write.Failed(error);
                return;
            }

            write.Committed();
        }

        private async Task CommitAsync(List<JournalWrite<PostgresWriter>> batch)
        {
            long? lostSince = null;
            var conflicts = 0;
            while (true)
            {
                if (await EnsureConnectedAsync().ConfigureAwait(false) is { } lost)
                {
                    Fail(batch, lost);
                    return;
                }

                var (outcome, error) = TryCommit(batch);
                switch (outcome)
                {
                    case Outcome.Committed:
                        Interlocked.Increment(ref _commits);
                        _metrics.Committed(batch.Count);
                        foreach (var write in batch)
                        {
                            write.Committed();
                        }

                        return;

                    case Outcome.Conflict when conflicts < ConflictRetries:
                        // Another host's transaction took the same rows in another order: one of the two is rolled back,
                        // and running it again a moment later finds the other committed.
                        await Task.Delay(TimeSpan.FromMilliseconds((5 << conflicts++) + Random.Shared.Next(10))).ConfigureAwait(false);
                        continue;

                    case Outcome.ConnectionLost when Stopwatch.GetElapsedTime(lostSince ??= Stopwatch.GetTimestamp()) <= _reconnectFor:
                        // Nothing was committed: the next round opens a connection again and runs the batch on it.
                        DropConnection();
                        continue;

                    case Outcome.Unknown:
                        Fail(batch, new JournalException(
                            $"The connection to {_where} was lost while the journal committed a batch of {batch.Count} write(s): whether they " +
                            $"happened is unknown (read the runs to find out). {error!.Message}",
                            error));
                        return;

                    case Outcome.ConnectionLost:
                        Fail(batch, new JournalUnavailableException(
                            $"The journal kept losing its connection to {_where} for {_reconnectFor.TotalSeconds:0.#} s; none of the {batch.Count} write(s) happened: {error!.Message}",
                            error));
                        return;

                    default:
                        Fail(batch, new JournalException($"The journal could not commit a batch of {batch.Count} write(s); none of them happened: {error!.Message}", error));
                        return;
                }
            }
        }

        /// <summary>One try at the batch: its transaction, committed or rolled back, and how it went.</summary>
        private (Outcome Outcome, Exception? Error) TryCommit(List<JournalWrite<PostgresWriter>> batch)
        {
            var committing = false;
            try
            {
                _transaction = Connection.BeginTransaction();
                if (!TryExecuteAll(batch))
                {
                    // A write was refused: nothing of the batch is kept, and it runs again with a savepoint per write.
                    DropPending();
                    _transaction.Rollback();
                    _transaction.Dispose();
                    _transaction = Connection.BeginTransaction();
                    ExecuteEachInSavepoint(batch);
                }

                committing = true;
                _transaction.Commit();
                EndTransaction();
                return (Outcome.Committed, null);
            }
            catch (Exception error)
            {
                var lost = IsConnectionLost(error);
                DropPending();
                TryRollback();
                if (lost)
                {
                    return (committing ? Outcome.Unknown : Outcome.ConnectionLost, error);
                }

                return (IsConflict(error) ? Outcome.Conflict : Outcome.Failed, error);
            }
        }

        /// <summary>
        /// The common case, every write accepted: the writes run one after the other in the batch's transaction, without
        /// the savepoint each would need to be undone alone (two more round trips per write), and the statements one
        /// write queued go to the server with the next write's first read (or before the commit). False when one is refused;
        /// the caller then rolls the batch back and runs it again with savepoints. Writes only read and write the journal,
        /// so running one again gives what the first run would have.
        /// </summary>
        private bool TryExecuteAll(List<JournalWrite<PostgresWriter>> batch)
        {
            foreach (var write in batch)
            {
                try
                {
                    write.Execute(this);
                }
                catch (Exception error) when (!IsBatchFailure(error))
                {
                    return false;
                }
            }

            // The statements the last writes queued; one that fails cannot be told apart from the rest here.
            try
            {
                Send();
            }
            catch (Exception error) when (!IsBatchFailure(error))
            {
                return false;
            }

            return true;
        }

        /// <summary>Runs each write in its own savepoint: a refused write is undone alone and the rest commit.</summary>
        private void ExecuteEachInSavepoint(List<JournalWrite<PostgresWriter>> batch)
        {
            const string Savepoint = "write";
            foreach (var write in batch)
            {
                _transaction!.Save(Savepoint);
                try
                {
                    write.Execute(this);
                    Send();
                    _transaction.Release(Savepoint);
                }
                catch (Exception error) when (!IsBatchFailure(error))
                {
                    DropPending();
                    _transaction.Rollback(Savepoint);
                    _transaction.Release(Savepoint);
                    write.Refuse(error is PostgresException server ? new JournalException("The journal refused the write: " + server.Message, server) : error);
                }
            }
        }

        /// <summary>
        /// An error that is not the write's own: a lost connection, a conflict with another host's transaction, or the
        /// server out of resources or failing. It fails (or retries) the whole batch; any other error refuses only its write.
        /// </summary>
        private bool IsBatchFailure(Exception error)
            => IsConnectionLost(error) || IsConflict(error) || (error is PostgresException server && IsServerFailure(server.SqlState));

        /// <summary>Connection exceptions (08), insufficient resources (53), program limits (54), operator intervention (57), system and internal errors (58, XX).</summary>
        private static bool IsServerFailure(string sqlState)
            => sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState.StartsWith("53", StringComparison.Ordinal)
                || sqlState.StartsWith("54", StringComparison.Ordinal) || sqlState.StartsWith("57", StringComparison.Ordinal)
                || sqlState.StartsWith("58", StringComparison.Ordinal) || sqlState.StartsWith("XX", StringComparison.Ordinal);

        /// <summary>A deadlock (40P01) or a serialization failure (40001): the batch may simply run again.</summary>
        private static bool IsConflict(Exception error)
            => error is PostgresException { SqlState: "40P01" or "40001" };

        /// <summary>Whether the connection is gone (a network error, a server restart, a failover).</summary>
        private bool IsConnectionLost(Exception error)
            => ConnectionBroken || error is NpgsqlException { IsTransient: true } and not PostgresException;

        private bool ConnectionBroken
            => _connection is null || (_connection.FullState & ConnectionState.Open) == 0 || (_connection.FullState & ConnectionState.Broken) != 0;

        /// <summary>
        /// Opens the connection again when it was lost, backing off from 50 ms to 2 s between tries for up to
        /// <see cref="PostgresJournalOptions.ReconnectFor"/>; null once it is open, else the error to fail the waiting writes with.
        /// </summary>
        private async Task<Exception?> EnsureConnectedAsync()
        {
            if (_connection is { FullState: ConnectionState.Open })
            {
                return null;
            }

            DropConnection();
            var started = Stopwatch.GetTimestamp();
            var delay = FirstReconnectDelay;
            while (true)
            {
                try
                {
                    _connection = await _source.OpenConnectionAsync().ConfigureAwait(false);
                    return null;
                }
                catch (NpgsqlException error) when (error.IsTransient && Stopwatch.GetElapsedTime(started) + delay <= _reconnectFor)
                {
                    await Task.Delay(delay).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastReconnectDelay.Ticks));
                }
                catch (Exception error)
                {
                    return new JournalUnavailableException(
                        $"The journal lost its connection to {_where} and could not open it again (tried for {Stopwatch.GetElapsedTime(started).TotalSeconds:0.#} s): " +
                        $"{error.Message} The writes waiting for it did not happen.",
                        error);
                }
            }
        }

        /// <summary>Forgets a lost connection and the statements prepared on it.</summary>
        private void DropConnection()
        {
            DropPending();
            EndTransaction();
            foreach (var command in _commands)
            {
                command?.Dispose();
            }

            Array.Clear(_commands);
            _connection?.Dispose();
            _connection = null;
        }

        private void TryRollback()
        {
            try
            {
                if (_transaction is { } transaction && !ConnectionBroken)
                {
                    transaction.Rollback();
                }
            }
            catch (Exception error) when (error is NpgsqlException or InvalidOperationException)
            {
                // Nothing more to undo: the server rolls back a transaction whose connection is gone.
            }
            finally
            {
                EndTransaction();
            }
        }

        private void EndTransaction()
        {
            _transaction?.Dispose();
            _transaction = null;
        }

        private static void Fail(List<JournalWrite<PostgresWriter>> batch, Exception error)
        {
            foreach (var write in batch)
            {
                write.Failed(error);
            }
        }

        private enum Outcome
        {
            Committed,
            Conflict,
            ConnectionLost,
            Unknown,
            Failed,
        }
    }
}
