using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.PostgreSql;
using Automations.Compiled.Hosting.Tests.Contract;
using Automations.Compiled.Hosting.Tests.Support;
using Automations.Compiled.Testing;
using Npgsql;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.PostgreSql
{
    /// <summary>
    /// What only the PostgreSQL journal has: a schema that is not a journal's or is newer is refused, a login that fails says
    /// so without the password, and several journals (hosts) on one schema share its work without ever doing a thing twice.
    /// </summary>
    public sealed class PostgresJournalTests : IAsyncLifetime
    {
        private const string Flow = "orders";
        private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

        private readonly List<IRunJournal> _opened = [];

        /// <summary>A schema of this test's own.</summary>
        private string Schema { get; } = "t_" + Guid.NewGuid().ToString("N")[..20];

        private ManualClock Clock { get; } = ManualClock.AtNoon();

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            foreach (var journal in _opened)
            {
                await journal.DisposeAsync();
            }
        }

        [Fact]
        public async Task A_schema_that_holds_other_tables_is_refused_by_name_and_left_unchanged()
        {
            await ExecuteAsync($"CREATE SCHEMA {Schema}; CREATE TABLE {Schema}.invoices (id int PRIMARY KEY); INSERT INTO {Schema}.invoices VALUES (7)");

            var error = await Assert.ThrowsAsync<JournalException>(() => OpenAsync());

            Assert.Contains($"'{Schema}'", error.Message, StringComparison.Ordinal);
            Assert.Contains("invoices", error.Message, StringComparison.Ordinal);
            Assert.Contains("not a database that is ours", error.Message, StringComparison.Ordinal);
            Assert.Equal(new[] { "invoices" }, await TablesAsync());
            Assert.Equal(7, await ScalarAsync($"SELECT id FROM {Schema}.invoices"));
        }

        [Fact]
        public async Task A_journal_written_by_a_newer_release_is_refused_and_left_unchanged()
        {
            await using (var journal = await OpenAsync())
            {
                await journal.RegisterFlowVersionAsync(new FlowVersionRecord(Flow, 1, "h"));
            }

            await ExecuteAsync($"INSERT INTO {Schema}.schema_version (version, description, applied_at) VALUES (1000, 'from the future', 0)");

            var error = await Assert.ThrowsAsync<JournalException>(() => OpenAsync());

            Assert.Contains($"'{Schema}'", error.Message, StringComparison.Ordinal);
            Assert.Contains("newer release", error.Message, StringComparison.Ordinal);
            Assert.Equal(PostgresSchema.Migrations.Count + 1L, await ScalarAsync($"SELECT COUNT(*) FROM {Schema}.schema_version")); // and the one from the future
        }

        [Fact]
        public async Task A_wrong_password_is_a_clear_error_that_never_shows_the_password()
        {
            const string Wrong = "not-the-Pa55word-4711";
            var settings = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Password = Wrong };

            var error = await Assert.ThrowsAsync<JournalException>(() => PostgresRunJournal.OpenAsync(new PostgresJournalOptions { ConnectionString = settings.ConnectionString, Schema = Schema }));

            Assert.Contains($"{settings.Host}:{settings.Port}/{settings.Database}/{Schema}", error.Message, StringComparison.Ordinal);
            Assert.Contains("password authentication failed", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Wrong, error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(Wrong, PostgresRunJournal.Describe(new PostgresJournalOptions { ConnectionString = settings.ConnectionString, Schema = Schema }), StringComparison.Ordinal);
        }

        [Fact]
        public async Task An_unreachable_server_is_a_journal_error_naming_it()
        {
            var settings = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Port = PostgresCluster.FreePort(), Timeout = 3 };

            var error = await Assert.ThrowsAsync<JournalException>(() => PostgresRunJournal.OpenAsync(new PostgresJournalOptions { ConnectionString = settings.ConnectionString, Schema = Schema }));

            Assert.Contains($":{settings.Port}/", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(settings.Password!, error.ToString(), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("")]
        [InlineData("bad name")]
        [InlineData("x\";DROP SCHEMA public;--")]
        [InlineData("pg_journal")]
        public async Task A_schema_name_that_is_not_a_plain_identifier_is_refused(string schema)
            => await Assert.ThrowsAsync<ArgumentException>(() => PostgresRunJournal.OpenAsync(new PostgresJournalOptions { ConnectionString = PostgresServer.ConnectionString, Schema = schema }));

        [Fact]
        public async Task Hosts_that_start_at_once_on_a_new_schema_migrate_it_once()
        {
            var journals = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => OpenAsync()));

            Assert.Equal(6, journals.Length);
            Assert.Equal((long)PostgresSchema.Migrations.Count, await ScalarAsync($"SELECT COUNT(*) FROM {Schema}.schema_version"));
            await Task.WhenAll(journals.Select(j => j.RegisterFlowVersionAsync(new FlowVersionRecord(Flow, 1, "h"))));
            Assert.Single(await journals[0].ListFlowVersionsAsync(Flow));
        }

        [Fact]
        public async Task An_idempotency_key_started_from_two_hosts_at_once_gives_one_run()
        {
            var (a, b) = await TwoHostsAsync();

            var starts = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
                (i % 2 == 0 ? a : b).StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, IdempotencyKey = "order-" + (i / 4) })));

            Assert.Equal(10, starts.Select(s => s.RunId).Distinct().Count());
            Assert.Equal(10, starts.Count(s => s.Created));
            Assert.Equal(10L, await ScalarAsync($"SELECT COUNT(*) FROM {Schema}.runs"));
            Assert.Equal(10L, await ScalarAsync($"SELECT COUNT(*) FROM {Schema}.outbox"));
        }

        [Fact]
        public async Task Claims_from_two_hosts_never_give_one_item_to_both()
        {
            var (a, b) = await TwoHostsAsync();
            for (var i = 0; i < 200; i++)
            {
                await (i % 2 == 0 ? a : b).StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1 });
            }

            var claims = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
                (i % 2 == 0 ? a : b).ClaimOutboxAsync(i % 2 == 0 ? "host-a" : "host-b", 7, Lease)));

            var items = claims.SelectMany(c => c).ToList();
            Assert.Equal(200, items.Count);
            Assert.Equal(200, items.Select(i => i.Id).Distinct().Count());
            Assert.Equal(200, items.Select(i => i.RunId).Distinct().Count());
            Assert.Empty(await a.ClaimOutboxAsync("host-a", 10, Lease));
        }

        [Fact]
        public async Task A_host_whose_lapsed_item_was_claimed_by_another_cannot_commit_and_the_run_goes_on_once()
        {
            var (a, b) = await TwoHostsAsync();
            var runId = (await a.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1 })).RunId;
            var itemA = Assert.Single(await a.ClaimOutboxAsync("host-a", 1, Lease));
            Assert.True((await a.SaveCheckpointAsync(Checkpoint(itemA.Id, "host-a", runId, "one"))).LeaseHeld);

            // Host a stalls past its lease; host b takes the item over.
            Clock.Advance(Lease + TimeSpan.FromSeconds(1));
            var itemB = Assert.Single(await b.ClaimOutboxAsync("host-b", 1, Lease));
            Assert.Equal(itemA.Id, itemB.Id);

            Assert.False((await a.SaveCheckpointAsync(Checkpoint(itemA.Id, "host-a", runId, "two"))).LeaseHeld);
            Assert.False(await a.EndLegAsync(new RunLegEnd { OutboxItemId = itemA.Id, Owner = "host-a", RunId = runId, Status = FlowStatus.Completed }));
            Assert.False(await a.RenewLeaseAsync(itemA.Id, "host-a", Lease));

            Assert.True((await b.SaveCheckpointAsync(Checkpoint(itemB.Id, "host-b", runId, "two"))).LeaseHeld);
            Assert.True(await b.EndLegAsync(new RunLegEnd { OutboxItemId = itemB.Id, Owner = "host-b", RunId = runId, Status = FlowStatus.Completed }));

            var run = (await a.GetRunAsync(runId))!;
            Assert.Equal(FlowStatus.Completed, run.Run.Status);
            Assert.Equal(new[] { "one", "two" }, run.Steps.Select(s => s.StepId));
        }

        [Fact]
        public async Task A_schedule_occurrence_advanced_from_two_hosts_fires_once()
        {
            var (a, b) = await TwoHostsAsync();
            var first = new ScheduleState(Flow, "*/5 * * * *", "UTC", Clock.GetUtcNow(), null);
            Assert.True(await a.AdvanceScheduleAsync(null, first));
            Assert.False(await b.AdvanceScheduleAsync(null, first));

            var next = first with { NextAt = first.NextAt!.Value.AddMinutes(5), LastAt = first.NextAt };
            var swaps = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? a : b).AdvanceScheduleAsync(first, next)));

            Assert.Equal(1, swaps.Count(s => s));
        }

        [Fact]
        public async Task An_event_delivered_from_two_hosts_at_once_wakes_each_waiter_once()
        {
            var (a, b) = await TwoHostsAsync();
            var waiters = new List<Guid>();
            for (var i = 0; i < 20; i++)
            {
                var runId = (await a.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1 })).RunId;
                await a.SaveSuspendedAsync(new FlowSnapshot(Flow, 1, runId, "4bf92f3577b34da6a3ce929d0e0e4736", "wait", Wait.ForEvent("paid"), "{}"u8.ToArray()));
                waiters.Add(runId);
            }

            var delivered = await Task.WhenAll(a.DeliverEventAsync("paid", "1"u8.ToArray(), 100), b.DeliverEventAsync("paid", "2"u8.ToArray(), 100));

            Assert.Equal(waiters.Order(), delivered.SelectMany(d => d).Order());
            Assert.Equal(20L, await ScalarAsync($"SELECT COUNT(*) FROM {Schema}.outbox WHERE kind = 'Resume'"));
        }

        [Fact]
        public async Task The_writer_reconnects_when_its_connection_is_killed_and_the_writes_go_on()
        {
            var journal = (PostgresRunJournal)await OpenAsync();
            await journal.RegisterFlowVersionAsync(new FlowVersionRecord(Flow, 1, "h"));
            var pid = await journal.Writer.WriteAsync(w => w.Connection.ProcessID, CancellationToken.None);

            Assert.Equal(true, await ScalarAsync($"SELECT pg_terminate_backend({pid})"));
            var start = await journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1 });

            Assert.True(start.Created);
            Assert.Equal(FlowStatus.Pending, (await journal.GetRunInfoAsync(start.RunId))!.Status);
            Assert.NotEqual(pid, await journal.Writer.WriteAsync(w => w.Connection.ProcessID, CancellationToken.None));
        }

        [Fact]
        public async Task Compaction_vacuums_the_tables_and_reports_their_size()
        {
            var journal = await OpenAsync();
            await journal.RegisterFlowVersionAsync(new FlowVersionRecord(Flow, 1, "h"));
            for (var i = 0; i < 20; i++)
            {
                var runId = (await journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, Payload = new byte[4096] })).RunId;
                await journal.SetStatusAsync(runId, FlowStatus.Completed);
            }

            Clock.Advance(TimeSpan.FromDays(1));
            Assert.Equal(20, await journal.PurgeEndedRunsAsync(Clock.GetUtcNow(), 100));

            var compaction = await journal.CompactAsync();

            Assert.True(compaction.BytesBefore > 0);
            Assert.True(compaction.BytesAfter > 0);
            Assert.Empty((await journal.ListRunsAsync(new RunQuery())).Runs);
        }

        private static FlowSnapshot SnapshotOf(Guid runId) => new(Flow, 1, runId, "4bf92f3577b34da6a3ce929d0e0e4736", "step", WaitSpec.Restore(WaitKind.None, null, null, null, null), "{}"u8.ToArray());

        private RunCheckpoint Checkpoint(long itemId, string owner, Guid runId, string stepId)
            => new(itemId, owner, Lease, SnapshotOf(runId), [new StepEntry(runId, stepId, 1, StepStatus.Succeeded, Endpoints.Success, Clock.GetUtcNow(), Clock.GetUtcNow())]);

        private async Task<(IRunJournal A, IRunJournal B)> TwoHostsAsync()
        {
            var a = await OpenAsync();
            var b = await OpenAsync();
            await Task.WhenAll(a.RegisterFlowVersionAsync(new FlowVersionRecord(Flow, 1, "h")), b.RegisterFlowVersionAsync(new FlowVersionRecord(Flow, 1, "h")));
            return (a, b);
        }

        [Fact]
        public async Task A_new_schema_is_at_version_3_with_every_table_and_the_listing_indexes()
        {
            await OpenAsync();

            Assert.Equal(3, PostgresSchema.Migrations.Count);
            Assert.Equal(3, Convert.ToInt32(await ScalarAsync($"SELECT MAX(version) FROM {Schema}.schema_version"), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(
                new[]
                {
                    "entities", "entity_history", "flow_run_counts", "flow_versions", "flows", "kill_switches", "outbox", "run_audit",
                    "runs", "schedules", "schema_version", "steps", "suspended", "throttle_windows",
                },
                await TablesAsync());
            var indexes = (string)(await ScalarAsync($"SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname = '{Schema}' AND indexname IN ('ix_run_audit_run', 'ix_runs_flow_seq', 'ix_runs_created', 'ix_runs_key', 'ix_entities_page')"))!;
            Assert.Equal("ix_entities_page,ix_run_audit_run,ix_runs_created,ix_runs_flow_seq,ix_runs_key", indexes);
        }

        private async Task<IRunJournal> OpenAsync()
        {
            var journal = await PostgresRunJournal.OpenAsync(new PostgresJournalOptions { ConnectionString = PostgresServer.ConnectionString, Schema = Schema, TimeProvider = Clock });
            lock (_opened)
            {
                _opened.Add(journal);
            }

            return journal;
        }

        private async Task<List<string>> TablesAsync()
        {
            await using var connection = await PostgresBackend.OpenAsync(null);
            await using var command = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename", connection) { Parameters = { new() { Value = Schema } } };
            var tables = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }

            return tables;
        }

        private static async Task ExecuteAsync(string sql)
        {
            await using var connection = await PostgresBackend.OpenAsync(null);
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        private static async Task<object?> ScalarAsync(string sql)
        {
            await using var connection = await PostgresBackend.OpenAsync(null);
            await using var command = new NpgsqlCommand(sql, connection);
            return await command.ExecuteScalarAsync();
        }
    }
}
