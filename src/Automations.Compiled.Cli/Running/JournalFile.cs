using System;
using System.IO;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Automations.Compiled.Cli.Running
{
    /// <summary>
    /// Checks, reading only, that a file is a flow journal before the host opens it, and tells its kind by its header: opening
    /// a SQLite journal sets WAL and applies the journal's schema, which must never happen to a text file or another
    /// application's database. (A LiteDB journal checks its own header and meta document before it writes anything.)
    /// </summary>
    internal static class JournalFile
    {
        private static readonly byte[] SqliteHeader = Encoding.ASCII.GetBytes("SQLite format 3\0");
        private static readonly byte[] LiteDbHeader = Encoding.ASCII.GetBytes("** This is a LiteDB file **");
        private const int LiteDbHeaderOffset = 32;

        /// <summary>
        /// Refuses (with a <see cref="UsageException"/>) a file that is not a journal; a missing file only when it
        /// <paramref name="mustExist"/>. Returns the kind of an existing journal, and <paramref name="kindOfNew"/> for a
        /// missing file (one the journal creates); an empty file is not a journal.
        /// </summary>
        public static JournalKind Check(string path, bool mustExist, JournalKind kindOfNew = JournalKind.LiteDb)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new UsageException("The journal is not named (an empty path).");
            }

            if (Directory.Exists(path))
            {
                throw new UsageException($"The journal '{path}' is a folder, not a file.");
            }

            if (!File.Exists(path))
            {
                if (mustExist)
                {
                    throw new UsageException($"The journal '{path}' does not exist.");
                }

                var folder = Path.GetDirectoryName(Path.GetFullPath(path));
                if (folder is not null && !Directory.Exists(folder))
                {
                    throw new UsageException($"The folder of the journal '{path}' does not exist.");
                }

                return kindOfNew;
            }

            var header = new byte[LiteDbHeaderOffset + LiteDbHeader.Length];
            int read;
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // A LiteDB journal is locked while its host runs.
                throw new UsageException($"The journal '{path}' cannot be read: {error.Message} (a LiteDB journal is locked while a host uses it: stop the host first).");
            }

            if (read == header.Length && header.AsSpan(LiteDbHeaderOffset).SequenceEqual(LiteDbHeader))
            {
                return JournalKind.LiteDb;
            }

            if (read < SqliteHeader.Length || !header.AsSpan(0, SqliteHeader.Length).SequenceEqual(SqliteHeader))
            {
                throw new UsageException($"'{path}' is not a flow journal (neither a LiteDB nor a SQLite database).");
            }

            var connection = new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
            try
            {
                using var sqlite = new SqliteConnection(connection);
                sqlite.Open();
                using var command = sqlite.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('schema_version', 'runs', 'steps', 'outbox')";
                if (Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 4)
                {
                    throw new UsageException($"'{path}' is not a flow journal (a SQLite database without the journal's tables).");
                }

                // Tables of those names but another shape would fail later, after opening for writing: read the version as the host does.
                command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
                command.ExecuteScalar();
            }
            catch (SqliteException error)
            {
                throw new UsageException($"'{path}' cannot be read as a flow journal: {error.Message}");
            }

            return JournalKind.Sqlite;
        }
    }
}
