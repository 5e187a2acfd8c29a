using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Sqlite;
using Automations.Compiled.Hosting.Tests.Contract;
using Automations.Compiled.Hosting.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Sqlite
{
    /// <summary>The schema is versioned: a new file gets the latest, an old one is migrated forward, a newer one is refused.</summary>
    public sealed class SqliteMigrationTests : IDisposable
    {
        private readonly TempFolder _folder = new();

        private string DatabasePath => _folder.File("journal.db");

        public void Dispose() => _folder.Dispose();

        [Fact]
        public async Task A_new_file_gets_schema_version_8_with_every_table_and_index()
        {
            await (await SqliteRunJournal.OpenAsync(new SqliteJournalOptions { Path = DatabasePath })).DisposeAsync();

            using var connection = OpenRaw();
            Assert.Equal(8, SqliteMigrator.Version(connection));
            var objects = Strings(connection, "SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY name");
            Assert.Equal(
                new[]
                {
                    "entities", "entity_history", "flow_versions", "flows", "ix_entity_history_entity", "ix_outbox_admitted", "ix_outbox_deferred", "ix_outbox_run", "ix_outbox_visible",
                    "ix_run_audit_run", "ix_runs_created", "ix_runs_ended", "ix_runs_flow", "ix_runs_flow_seq", "ix_runs_key", "ix_runs_killed", "ix_runs_parent", "ix_runs_status",
                    "ix_steps_run", "ix_suspended_due", "ix_suspended_event", "kill_switches", "outbox", "run_audit", "runs", "schedules", "schema_version",
                    "steps", "suspended", "throttle_windows", "ux_entities_run", "ux_runs_idempotency",
                },
                objects);
        }

        [Fact]
        public async Task Opening_a_current_file_again_applies_nothing()
        {
            await (await SqliteRunJournal.OpenAsync(new SqliteJournalOptions { Path = DatabasePath })).DisposeAsync();
            var first = QueryOnce("SELECT version || ':' || applied_at FROM schema_version");

            await (await SqliteRunJournal.OpenAsync(new SqliteJournalOptions { Path = DatabasePath, TimeProvider = new ManualClock(DateTimeOffset.UnixEpoch) })).DisposeAsync();

            Assert.Equal(first, QueryOnce("SELECT version || ':' || applied_at FROM schema_version"));
        }

        [Fact]
        public async Task An_older_file_is_migrated_forward_and_keeps_its_data()
        {
            Guid runId;
            await using (var journal = await SqliteRunJournal.OpenAsync(new SqliteJournalOptions { Path = DatabasePath }))
            {
                await journal.RegisterFlowVersionAsync(new FlowVersionRecord("orders", 1, "h"));
                runId = (await journal.StartRunAsync(new NewRun { FlowId = "orders", FlowVersion = 1 })).RunId;
            }

            // A release with one more script meets this file.
            var next = SqliteSchema.Migrations.Count + 1;
            var withNext = new List<SqliteMigration>(SqliteSchema.Migrations) { new(next, "test: runs get a note", "ALTER TABLE runs ADD COLUMN note TEXT;") };
            using (var connection = OpenRaw())
            {
                Assert.Equal(next, SqliteMigrator.Migrate(connection, withNext, DatabasePath, TimeProvider.System));
                Assert.Equal(next, SqliteMigrator.Version(connection));
                Assert.Equal(new[] { runId.ToString("N") + ":" }, Strings(connection, "SELECT id || ':' || COALESCE(note, '') FROM runs"));
            }
        }

        [Fact]
        public async Task A_version_1_file_is_migrated_to_2_and_its_runs_go_on()
        {
            var clock = ManualClock.AtNoon();
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            const string waiting = "0000000000000000000000000000000a", pending = "0000000000000000000000000000000b";
            using (var connection = OpenRaw())
            {
                // A file as the release with only the first script left it: a waiting run with a due timer, a pending one with a leased start.
                SqliteMigrator.Migrate(connection, [SqliteSchema.Migrations[0]], DatabasePath, clock);
                Execute(connection, $$"""
                    INSERT INTO flows (flow_id, run_count, last_run_at) VALUES ('orders', 2, {{now}});
                    INSERT INTO flow_versions (flow_id, version, hash, journal_mode, registered_at) VALUES ('orders', 1, 'h', 'Durable', {{now}});
                    INSERT INTO runs (id, flow_id, flow_version, trace_id, status, trigger_kind, payload, created_at, updated_at)
                        VALUES ('{{waiting}}', 'orders', 1, '4bf92f3577b34da6a3ce929d0e0e4736', 'Waiting', 'manual', x'7b7d', {{now}}, {{now}}),
                               ('{{pending}}', 'orders', 1, '4bf92f3577b34da6a3ce929d0e0e4736', 'Pending', 'manual', x'7b7d', {{now}}, {{now}});
                    INSERT INTO suspended (run_id, step_id, trace_id, wait_kind, due_at, wait, state, saved_at)
                        VALUES ('{{waiting}}', 'cool-off', '4bf92f3577b34da6a3ce929d0e0e4736', 'Timer', {{now}}, '{"kind":"Timer","until":{{now}}}', x'7b7d', {{now}});
                    INSERT INTO outbox (run_id, kind, payload, visible_at, lease_owner, attempts, created_at) VALUES ('{{pending}}', 'Start', x'', {{now + 30_000}}, 'old-host', 1, {{now}});
                    """);
                Assert.Equal(1, SqliteMigrator.Version(connection));
            }

            await using var journal = await SqliteRunJournal.OpenAsync(new SqliteJournalOptions { Path = DatabasePath, TimeProvider = clock });

            var waitingId = Guid.ParseExact(waiting, "N");
            var pendingId = Guid.ParseExact(pending, "N");
            Assert.Equal(FlowStatus.Waiting, (await journal.GetRunAsync(waitingId))!.Run.Status);
            Assert.Equal("cool-off", (await journal.GetSnapshotAsync(waitingId))!.StepId);
            Assert.Equal(1, await journal.EnqueueDueTimersAsync(clock.GetUtcNow(), 10));
            Assert.Equal(0, await journal.EnqueueDueTimersAsync(clock.GetUtcNow(), 10));
            Assert.Equal(FlowStatus.Pending, await journal.CancelRunAsync(pendingId)); // the old host's lease still holds
            var timer = Assert.Single(await journal.ClaimOutboxAsync("new-host", 10, TimeSpan.FromSeconds(30)));
            Assert.Equal((waitingId, OutboxKind.Timer), (timer.RunId, timer.Kind));
            using (var connection = OpenRaw())
            {
                Assert.Equal(8, SqliteMigrator.Version(connection));
                Assert.Equal(new[] { "Cancel" }, Strings(connection, $"SELECT control FROM runs WHERE id = '{pending}'"));
            }
        }

        [Fact]
        public void A_migration_that_fails_leaves_the_file_at_its_old_version()
        {
            var broken = new List<SqliteMigration>(SqliteSchema.Migrations) { new(SqliteSchema.Migrations.Count + 1, "test: broken", "CREATE TABLE extra (x INTEGER); ALTER TABLE nowhere ADD COLUMN y TEXT;") };
            using var connection = OpenRaw();
            SqliteMigrator.Migrate(connection, SqliteSchema.Migrations, DatabasePath, TimeProvider.System);

            Assert.Throws<SqliteException>(() => SqliteMigrator.Migrate(connection, broken, DatabasePath, TimeProvider.System));

            Assert.Equal(SqliteSchema.Migrations.Count, SqliteMigrator.Version(connection));
            Assert.Empty(Strings(connection, "SELECT name FROM sqlite_master WHERE name = 'extra'"));
        }

        [Fact]
        public async Task A_file_from_a_newer_release_is_refused_and_left_alone()
        {
            await (await SqliteRunJournal.OpenAsync(new SqliteJournalOptions { Path = DatabasePath })).DisposeAsync();
            await new SqliteBackend().MakeNewerSchemaAsync(DatabasePath);

            var error = await Assert.ThrowsAsync<JournalException>(() => SqliteRunJournal.OpenAsync(new SqliteJournalOptions { Path = DatabasePath }));

            Assert.Contains($"has schema version {SqliteBackend.NewerVersion}", error.Message);
            Assert.Contains("knows versions up to 8", error.Message);
            Assert.Contains(DatabasePath, error.Message);
            using (var connection = OpenRaw())
            {
                Assert.Equal(SqliteBackend.NewerVersion, SqliteMigrator.Version(connection));
            }
        }

        private SqliteConnection OpenRaw() => SqliteBackend.Open(DatabasePath);

        private List<string> QueryOnce(string sql)
        {
            using var connection = OpenRaw();
            return Strings(connection, sql);
        }

        private static void Execute(SqliteConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        private static List<string> Strings(SqliteConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var values = new List<string>();
            while (reader.Read())
            {
                values.Add(reader.GetString(0));
            }

            return values;
        }
    }
}
