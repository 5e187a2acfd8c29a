using System;
using System.Threading;
using Npgsql;
using NpgsqlTypes;

namespace Automations.Compiled.Hosting.PostgreSql
{
    /// <summary>
    /// The text of a statement the journal runs, declared once (a <c>static readonly</c> field) with the types of its
    /// positional parameters (<c>$1</c>, <c>$2</c>, …) and a slot of its own in the writer's command cache: the writer
    /// prepares it once on its connection and finds it again by an array index, not by its text.
    /// </summary>
    /// <remarks>
    /// The types are declared, not inferred from the first values bound: a NULL bound first would leave the server to
    /// guess, and a prepared statement must keep the types it was prepared with.
    /// </remarks>
    internal sealed class PostgresSql
    {
        private static int s_count;
        private readonly NpgsqlDbType[] _parameters;

        public PostgresSql(string text, params NpgsqlDbType[] parameters)
        {
            Text = text;
            _parameters = parameters;
            Slot = Interlocked.Increment(ref s_count) - 1;
        }

        /// <summary>The SQL, its parameters numbered <c>$1</c>, <c>$2</c>, ….</summary>
        public string Text { get; }

        /// <summary>Its index in a writer's command cache.</summary>
        public int Slot { get; }

        /// <summary>A command for this statement on <paramref name="connection"/>, its parameters typed and NULL until bound.</summary>
        public NpgsqlCommand CreateCommand(NpgsqlConnection connection)
        {
            var command = new NpgsqlCommand(Text, connection);
            foreach (var type in _parameters)
            {
                command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type, Value = DBNull.Value });
            }

            return command;
        }

        /// <summary>A statement of an <see cref="NpgsqlBatch"/> for this text, its parameters typed and NULL until bound.</summary>
        public NpgsqlBatchCommand CreateBatchCommand()
        {
            var command = new NpgsqlBatchCommand(Text);
            foreach (var type in _parameters)
            {
                command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type, Value = DBNull.Value });
            }

            return command;
        }

        public override string ToString() => Text;
    }
}
