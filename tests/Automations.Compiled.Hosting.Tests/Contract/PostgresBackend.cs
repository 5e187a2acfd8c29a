using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.PostgreSql;
using Automations.Compiled.Hosting.Tests.Support;
using Automations.Compiled.Testing;
using Npgsql;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>
    /// The PostgreSQL journal on the tests' server (<see cref="PostgresServer"/>). A test's "path" names a schema of its
    /// own (a hash of the path), so tests never see each other's runs and a reopen finds the same journal; inspection goes
    /// through a connection of its own.
    /// </summary>
    public sealed class PostgresBackend : IJournalBackend
    {
        public string Name => "postgres";

        public string FileName => "automations.pg";

        /// <summary>The schema a test's path names: <c>t_</c> and 20 hex digits of its hash.</summary>
        public static string SchemaFor(string path)
            => "t_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(System.IO.Path.GetFullPath(path))))[..20];

        public async Task<IRunJournal> OpenAsync(string path, TimeProvider clock, CancellationToken cancellationToken = default)
            => await PostgresRunJournal.OpenAsync(new PostgresJournalOptions { ConnectionString = PostgresServer.ConnectionString, Schema = SchemaFor(path), TimeProvider = clock }, cancellationToken);

        public void Use(AutomationsOptions options, string path)
            => options.UsePostgres(PostgresServer.ConnectionString, o => o.Schema = SchemaFor(path));

        public async Task<long> CountAsync(IRunJournal journal, string path, JournalTable table, Guid? runId = null)
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
            var where = runId is { } id ? $" WHERE {runColumn} = '{id}'" : "";
            return Convert.ToInt64(await ScalarAsync(path, $"SELECT COUNT(*) FROM {name}{where}"), System.Globalization.CultureInfo.InvariantCulture);
        }

        public async Task<string?> RunControlAsync(IRunJournal journal, string path, Guid runId)
            => (string?)await ScalarAsync(path, $"SELECT control FROM runs WHERE id = '{runId}'");

        public async Task<long> LinkedEntitiesAsync(IRunJournal journal, string path)
            => Convert.ToInt64(await ScalarAsync(path, "SELECT COUNT(*) FROM entities WHERE run_id IS NOT NULL"), System.Globalization.CultureInfo.InvariantCulture);

        public long Commits(IRunJournal journal) => ((PostgresRunJournal)journal).Commits;

        public Meter JournalMeter(IRunJournal journal) => ((PostgresRunJournal)journal).Meter;

        public async Task<IDisposable> HoldWriterAsync(IRunJournal journal)
        {
            var hold = new WriterHold();
            _ = ((PostgresRunJournal)journal).Writer.WriteAsync(_ => hold.Hold(), CancellationToken.None);
            await hold.Held;
            return hold;
        }

        /// <summary>
        /// What the database keeps for the journal: every row of every table of its schema, each value as the server stores
        /// it: <c>bytea</c> (payloads, outputs, snapshots) as its raw bytes, anything else as text. (Cast to text, a
        /// <c>bytea</c> reads as hex digits, and a scan for a secret in the payloads would find nothing either way.)
        /// </summary>
        public async Task<IReadOnlyDictionary<string, byte[]>> ReadFilesAsync(IRunJournal? journal, string path)
        {
            var schema = SchemaFor(path);
            var tables = new List<string>();
            await using (var connection = await OpenAsync(null))
            await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name", connection))
            {
                list.Parameters.Add(new NpgsqlParameter { Value = schema });
                await using var reader = await list.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            var contents = new Dictionary<string, byte[]>();
            await using var read = await OpenAsync(schema);
            foreach (var table in tables)
            {
                using var rows = new System.IO.MemoryStream();
                await using var command = new NpgsqlCommand($"SELECT * FROM \"{table}\"", read);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        var value = reader.GetValue(i);
                        rows.Write(value as byte[] ?? Encoding.UTF8.GetBytes(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
                        rows.WriteByte((byte)'|');
                    }

                    rows.WriteByte((byte)'\n');
                }

                contents[schema + "." + table] = rows.ToArray();
            }

            return contents;
        }

        public async Task MakeNewerSchemaAsync(string path)
            => await ScalarAsync(path, "INSERT INTO schema_version (version, description, applied_at) VALUES (1000, 'from the future', 0)");

        /// <summary>One value straight from the test's schema.</summary>
        internal static async Task<object?> ScalarAsync(string path, string sql)
        {
            await using var connection = await OpenAsync(SchemaFor(path));
            await using var command = new NpgsqlCommand(sql, connection);
            var value = await command.ExecuteScalarAsync();
            return value is DBNull ? null : value;
        }

        /// <summary>A connection of the tests' own, its search path on <paramref name="schema"/> when given.</summary>
        internal static async Task<NpgsqlConnection> OpenAsync(string? schema)
        {
            var builder = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Pooling = false };
            if (schema is not null)
            {
                builder.SearchPath = schema;
            }

            var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
            return connection;
        }
    }
}
