using System;
using System.Collections.Generic;
using Npgsql;
using NpgsqlTypes;

namespace Automations.Compiled.Hosting.PostgreSql
{
    /// <summary>
    /// Brings a journal's schema to the newest version this assembly knows, or refuses a schema that is not a journal's or
    /// was written by a newer release. Several hosts starting at once migrate once: the migration's transaction holds an
    /// advisory lock of the schema's own, so the others wait and then find it done.
    /// </summary>
    internal static class PostgresMigrator
    {
        /// <summary>Applies every missing migration in one transaction; returns the schema's version afterwards.</summary>
        /// <param name="connection">An open connection, not in a transaction.</param>
        /// <param name="migrations">The migrations, numbered 1, 2, 3, ….</param>
        /// <param name="schema">The journal's schema (validated by <see cref="PostgresNames.Schema"/>).</param>
        /// <param name="where">The journal as <see cref="PostgresRunJournal.Describe(PostgresJournalOptions)"/> names it, for errors.</param>
        /// <param name="time">The clock for <c>applied_at</c>.</param>
        public static int Migrate(NpgsqlConnection connection, IReadOnlyList<PostgresMigration> migrations, string schema, string where, TimeProvider time)
        {
            var latest = migrations.Count;
            for (var i = 0; i < migrations.Count; i++)
            {
                if (migrations[i].Version != i + 1)
                {
                    throw new InvalidOperationException($"Journal migrations must be numbered 1, 2, 3, ...; found {migrations[i].Version} at position {i + 1}.");
                }
            }

            var quoted = PostgresNames.Quote(schema);
            using var transaction = connection.BeginTransaction();

            // Held to the end of the transaction: a host starting meanwhile waits here, then finds the schema migrated.
            Scalar(connection, "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", "Automations.Compiled journal schema " + schema);

            // CREATE SCHEMA checks the right to create schemas even when the schema exists: a schema an administrator made
            // beforehand is used without that right.
            if (Scalar(connection, "SELECT 1 FROM pg_namespace WHERE nspname = $1", schema) is null)
            {
                Execute(connection, $"CREATE SCHEMA {quoted}");
            }

            Execute(connection, $"SET LOCAL search_path TO {quoted}");
            var tables = Tables(connection, schema);
            if (tables.Count > 0 && !tables.Contains("schema_version"))
            {
                throw new JournalException(
                    $"The schema '{schema}' of {where} holds tables ({string.Join(", ", tables)}) but no journal: it is not a database " +
                    "that is ours. Point the journal at another schema (PostgresJournalOptions.Schema), or at an empty one; it never " +
                    "writes into a schema of other tables.");
            }

            Execute(connection, "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, description text NOT NULL, applied_at bigint NOT NULL)");
            var current = Convert.ToInt32(Scalar(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_version"), System.Globalization.CultureInfo.InvariantCulture);
            if (current > latest)
            {
                throw new JournalException(
                    $"The journal in schema '{schema}' of {where} has schema version {current}, but this version of " +
                    $"Automations.Compiled.Hosting.PostgreSql knows versions up to {latest}: it was written by a newer release. Upgrade " +
                    "the package, or point the host at another schema; an older release never changes a newer journal.");
            }

            foreach (var migration in migrations)
            {
                if (migration.Version <= current)
                {
                    continue;
                }

                Execute(connection, migration.Script);
                using var record = new NpgsqlCommand("INSERT INTO schema_version (version, description, applied_at) VALUES ($1, $2, $3)", connection);
                record.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = migration.Version });
                record.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = migration.Description });
                record.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = PostgresValues.Time(time.GetUtcNow()) });
                record.ExecuteNonQuery();
            }

            transaction.Commit();
            return Math.Max(current, latest);
        }

        /// <summary>The tables of <paramref name="schema"/>, by name.</summary>
        private static List<string> Tables(NpgsqlConnection connection, string schema)
        {
            using var command = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename", connection);
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = schema });
            var tables = new List<string>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }

            return tables;
        }

        private static object? Scalar(NpgsqlConnection connection, string sql, string? text = null)
        {
            using var command = new NpgsqlCommand(sql, connection);
            if (text is not null)
            {
                command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = text });
            }

            var value = command.ExecuteScalar();
            return value is DBNull ? null : value;
        }

        private static void Execute(NpgsqlConnection connection, string sql)
        {
            using var command = new NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }
    }
}
