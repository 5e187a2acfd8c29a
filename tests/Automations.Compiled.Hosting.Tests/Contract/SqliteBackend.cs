using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Sqlite;
using Microsoft.Data.Sqlite;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>The SQLite journal: inspection reads the file through a second connection (WAL lets it, while the journal is open).</summary>
    public sealed class SqliteBackend : IJournalBackend
    {
        public string Name => "sqlite";

        public string FileName => "automations.db";

        public async Task<IRunJournal> OpenAsync(string path, TimeProvider clock, CancellationToken cancellationToken = default)
            => await SqliteRunJournal.OpenAsync(new SqliteJournalOptions { Path = path, TimeProvider = clock }, cancellationToken);

        public void Use(AutomationsOptions options, string path) => options.UseSqlite(path);

        public Task<long> CountAsync(IRunJournal journal, string path, JournalTable table, Guid? runId = null)
        {
            var (name, runColumn) = table switch
            {
                JournalTable.Runs => ("runs", "id"),
                JournalTable.Steps => ("steps", "run_id"),
                JournalTable.Suspended => ("suspended", "run_id"),
                JournalTable.Outbox => ("outbox", "run_id"),
                JournalTable.Entities => ("entities", "run_id"),
                JournalTable.EntityHistory => ("entity_history", "run_id"),
                _ => throw new ArgumentOutOfRangeException(nameof(table), table, null),
            };
            var where = runId is { } id ? $" WHERE {runColumn} = '{id:N}'" : "";
            return Task.FromResult((long)Scalar(path, $"SELECT COUNT(*) FROM {name}{where}")!);
        }

        public Task<string?> RunControlAsync(IRunJournal journal, string path, Guid runId)
            => Task.FromResult((string?)Scalar(path, $"SELECT control FROM runs WHERE id = '{runId:N}'"));

        public Task<long> LinkedEntitiesAsync(IRunJournal journal, string path)
            => Task.FromResult((long)Scalar(path, "SELECT COUNT(*) FROM entities WHERE run_id IS NOT NULL")!);

        public long Commits(IRunJournal journal) => ((SqliteRunJournal)journal).Commits;

        public Meter JournalMeter(IRunJournal journal) => ((SqliteRunJournal)journal).Meter;

        public async Task<IDisposable> HoldWriterAsync(IRunJournal journal)
        {
            var hold = new WriterHold();
            _ = ((SqliteRunJournal)journal).Writer.WriteAsync(_ => hold.Hold(), CancellationToken.None);
            await hold.Held;
            return hold;
        }

        public Task<IReadOnlyDictionary<string, byte[]>> ReadFilesAsync(IRunJournal? journal, string path)
        {
            var files = new Dictionary<string, byte[]>();
            foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            {
                if (File.Exists(path + suffix))
                {
                    // The journal may hold the file open: read it as another process would, sharing everything.
                    using var stream = new FileStream(path + suffix, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    using var memory = new MemoryStream();
                    stream.CopyTo(memory);
                    files[path + suffix] = memory.ToArray();
                }
            }

            return Task.FromResult<IReadOnlyDictionary<string, byte[]>>(files);
        }

        public Task MakeNewerSchemaAsync(string path)
        {
            using var connection = Open(path);
            using var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO schema_version (version, description, applied_at) VALUES ({NewerVersion}, 'from the future', 0)";
            command.ExecuteNonQuery();
            return Task.CompletedTask;
        }

        /// <summary>The version <see cref="MakeNewerSchemaAsync"/> stamps: two above the newest migration.</summary>
        internal static int NewerVersion => SqliteSchema.Migrations.Count + 2;

        /// <summary>One value straight from the file.</summary>
        internal static object? Scalar(string path, string sql)
        {
            using var connection = Open(path);
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var value = command.ExecuteScalar();
            return value is DBNull ? null : value;
        }

        /// <summary>A connection of its own to the file, not pooled, so the file is free again once it is disposed.</summary>
        internal static SqliteConnection Open(string path)
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            connection.Open();
            return connection;
        }
    }
}
