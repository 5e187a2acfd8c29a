using System;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.PostgreSql;
using Automations.Compiled.Hosting.Tests.Contract;
using Automations.Compiled.Testing;
using Npgsql;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.PostgreSql
{
    /// <summary>Several hosts that start at once on an empty database: one of them migrates, the others wait and find it done.</summary>
    public sealed class PostgresMigrationTests
    {
        [Fact]
        public async Task Six_hosts_opening_one_new_schema_at_once_migrate_it_once()
        {
            var schema = "mig_" + Guid.NewGuid().ToString("N")[..12];
            var journals = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
                PostgresRunJournal.OpenAsync(new PostgresJournalOptions { ConnectionString = PostgresServer.ConnectionString, Schema = schema }))));
            try
            {
                await using var db = await PostgresBackend.OpenAsync(schema);
                await using var versions = new NpgsqlCommand("SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_version", db);
                await using var reader = await versions.ExecuteReaderAsync();
                Assert.True(await reader.ReadAsync());
                Assert.Equal(reader.GetInt64(1), reader.GetInt64(0)); // each migration recorded once
                Assert.True(reader.GetInt64(0) >= 1);

                // And every one of them works on it.
                foreach (var journal in journals)
                {
                    await journal.RegisterFlowVersionAsync(new FlowVersionRecord("orders", 1, "hash-1"));
                }

                Assert.Single(await journals[0].ListFlowVersionsAsync("orders"));
            }
            finally
            {
                foreach (var journal in journals)
                {
                    await journal.DisposeAsync();
                }
            }
        }
    }
}
