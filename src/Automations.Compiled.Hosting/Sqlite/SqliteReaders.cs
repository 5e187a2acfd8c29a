using System;
using System.Collections.Concurrent;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace Automations.Compiled.Hosting.Sqlite
{
    /// <summary>
    /// Read connections kept open with their prepared commands, for the reads made once or twice per run (a run's status,
    /// its details and snapshot when a claimed leg starts): a read rents one, runs its statements and hands it back, instead
    /// of opening a pooled connection and preparing its statement again. Between reads a connection holds no read
    /// transaction (every statement is reset when its reader is disposed), so an idle one never pins the WAL.
    /// </summary>
    internal sealed class SqliteReaders : IDisposable
    {
        private readonly string _connectionString;
        private readonly int _maxIdle;
        private readonly ConcurrentBag<Session> _idle = new();
        private int _idleCount;
        private volatile bool _disposed;

        public SqliteReaders(string connectionString, int maxIdle)
        {
            _connectionString = connectionString;
            _maxIdle = maxIdle;
        }

        /// <summary>Runs <paramref name="read"/> on an idle connection (opening one when none is idle).</summary>
        public T Read<T>(Func<SqliteCommandCache, T> read) => Read(read, static (commands, read) => read(commands));

        /// <summary>The same, with a static body over <paramref name="state"/> (no closure).</summary>
        public T Read<TState, T>(TState state, Func<SqliteCommandCache, TState, T> read)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var session = Rent();
            T result;
            try
            {
                result = read(session.Commands, state);
            }
            catch
            {
                // A connection left in an unknown state is not reused.
                session.Dispose();
                throw;
            }

            Return(session);
            return result;
        }

        /// <summary>Closes the idle connections; a connection in use is closed when its read ends.</summary>
        public void Dispose()
        {
            _disposed = true;
            while (_idle.TryTake(out var session))
            {
                session.Dispose();
            }
        }

        private Session Rent()
        {
            if (_idle.TryTake(out var idle))
            {
                Interlocked.Decrement(ref _idleCount);
                return idle;
            }

            var connection = new SqliteConnection(_connectionString);
            try
            {
                connection.Open();
            }
            catch
            {
                connection.Dispose();
                throw;
            }

            return new Session(connection);
        }

        private void Return(Session session)
        {
            if (_disposed || Interlocked.Increment(ref _idleCount) > _maxIdle)
            {
                if (!_disposed)
                {
                    Interlocked.Decrement(ref _idleCount);
                }

                session.Dispose();
                return;
            }

            _idle.Add(session);

            // Disposed meanwhile: nobody else will close it.
            if (_disposed && _idle.TryTake(out var late))
            {
                late.Dispose();
            }
        }

        private sealed class Session : IDisposable
        {
            private readonly SqliteConnection _connection;

            public Session(SqliteConnection connection)
            {
                _connection = connection;
                Commands = new SqliteCommandCache(connection);
            }

            public SqliteCommandCache Commands { get; }

            public void Dispose()
            {
                Commands.Dispose();
                _connection.Dispose();
            }
        }
    }
}
