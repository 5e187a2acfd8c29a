using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace Automations.Compiled.Hosting.Sqlite
{
    /// <summary>
    /// One connection's commands by SQL text (and its raw statements by <see cref="SqliteSql"/> slot), each prepared once and kept: the journal runs the same few statements all
    /// day, so each is parsed once per connection instead of once per call. Not thread-safe: a connection has one user at
    /// a time.
    /// </summary>
    internal sealed class SqliteCommandCache : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
        private SqliteStatement?[] _statements = new SqliteStatement?[32];

        public SqliteCommandCache(SqliteConnection connection) => _connection = connection;

        /// <summary>The command for <paramref name="sql"/>, created on first use (its parameters are set again at each use).</summary>
        public SqliteCommand Get(string sql)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = _connection.CreateCommand();
                command.CommandText = sql;
                _commands.Add(sql, command);
            }

            return command;
        }

        /// <summary>The raw statement for <paramref name="sql"/>, prepared on first use (bind every parameter at each use).</summary>
        public SqliteStatement Statement(SqliteSql sql)
        {
            var slot = sql.Slot;
            if (slot < _statements.Length && _statements[slot] is { } statement)
            {
                return statement;
            }

            if (slot >= _statements.Length)
            {
                Array.Resize(ref _statements, Math.Max(slot + 1, _statements.Length * 2));
            }

            return _statements[slot] = SqliteStatement.Prepare(_connection.Handle!, sql.Text);
        }

        public void Dispose()
        {
            foreach (var statement in _statements)
            {
                statement?.Dispose();
            }

            Array.Clear(_statements);
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }

            _commands.Clear();
        }
    }
}
