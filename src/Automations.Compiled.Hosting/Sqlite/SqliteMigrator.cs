using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace Automations.Compiled.Hosting.Sqlite
{
    /// <summary>Brings a journal file to the newest schema this assembly knows, or refuses a file from a newer one.</summary>
    internal static class SqliteMigrator
    {
        /// <summary>Applies every missing migration in one transaction; returns the file's version afterwards.</summary>
        public static int Migrate(SqliteConnection connection, IReadOnlyList<SqliteMigration> migrations, string path, TimeProvider time)
        {
            var latest = migrations.Count;
            for (var i = 0; i < migrations.Count; i++)
            {
                if (migrations[i].Version != i + 1)
                {
                    throw new InvalidOperationException($"Journal migrations must be numbered 1, 2, 3, ...; found {migrations[i].Version} at position {i + 1}.");
                }
            }

            // IMMEDIATE takes the write lock before reading the version, so two processes opening one old file
            // cannot both migrate it.
            Execute(connection, "BEGIN IMMEDIATE");
            try
            {
                Execute(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)");
                using var read = connection.CreateCommand();
                read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
                var current = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
                if (current > latest)
                {
                    throw new JournalException(
                        $"The journal file '{path}' has schema version {current}, but this version of Automations.Compiled.Hosting " +
                        $"knows versions up to {latest}: it was written by a newer release. Upgrade the package, or point the host at another file; " +
                        "an older release never changes a newer file.");
                }

                foreach (var migration in migrations)
                {
                    if (migration.Version <= current)
                    {
                        continue;
                    }

                    Execute(connection, migration.Script);
                    using var record = connection.CreateCommand();
                    record.CommandText = "INSERT INTO schema_version (version, description, applied_at) VALUES ($version, $description, $at)";
                    record.Bind("$version", migration.Version).Bind("$description", migration.Description).Bind("$at", SqliteValues.Time(time.GetUtcNow()));
                    record.ExecuteNonQuery();
                }

                Execute(connection, "COMMIT");
                return Math.Max(current, latest);
            }
            catch
            {
                Execute(connection, "ROLLBACK");
                throw;
            }
        }

        /// <summary>The schema version of an open file (0 for a file without a journal).</summary>
        public static int Version(SqliteConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";
            if (Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return 0;
            }

            command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        private static void Execute(SqliteConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}
