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
    /// The safeguards under the race the PostgreSQL journal exists for: eight journals on one schema (each a host with a
    /// writer connection of its own, as separate processes would have) decide at the same moment against one throttle
    /// window, one concurrency limit and one kill switch, and none of them ever lets more through than the limit.
    /// </summary>
    public sealed class PostgresSafeguardRaceTests : IAsyncLifetime
    {
        private const string Flow = "orders";
        private const int Hosts = 8;
        private static readonly TimeSpan Lease = TimeSpan.FromHours(1);

        private readonly List<IRunJournal> _hosts = [];

        /// <summary>A schema of this test's own.</summary>
        private string Schema { get; } = "t_" + Guid.NewGuid().ToString("N")[..20];

        /// <summary>Half way through a minute, and never moved during a race: every host sees the same windows.</summary>
        private ManualClock Clock { get; } = new(new DateTimeOffset(2026, 12, 6, 12, 0, 30, TimeSpan.Zero));

        public async Task InitializeAsync()
        {
            for (var i = 0; i < Hosts; i++)
            {
                _hosts.Add(await PostgresRunJournal.OpenAsync(new PostgresJournalOptions { ConnectionString = PostgresServer.ConnectionString, Schema = Schema, TimeProvider = Clock }));
            }

            await _hosts[0].RegisterFlowVersionAsync(new FlowVersionRecord(Flow, 1, "h"));
        }

        public async Task DisposeAsync()
        {
            foreach (var host in _hosts)
            {
                await host.DisposeAsync();
            }
        }

        [Fact]
        public async Task Starts_from_eight_hosts_at_once_never_put_more_than_the_limit_in_a_throttle_window()
        {
            const int Limit = 5;
            const int PerHost = 10;
            var slot = new ThrottleSlot("flow:" + Flow, Limit, TimeSpan.FromMinutes(1), Refuse: false);

            var starts = await Task.WhenAll(Enumerable.Range(0, Hosts * PerHost).Select(i =>
                _hosts[i % Hosts].StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, Payload = "{}"u8.ToArray(), Throttles = [slot] })));

            Assert.All(starts, s => Assert.Null(s.Refusal));
            Assert.Equal(Hosts * PerHost, starts.Select(s => s.RunId).Distinct().Count());

            // Every start counted in one window, the windows packed from this one on: 80 starts, 16 full minutes, not one
            // start more in any of them (what the journal says, and what it keeps: each start item's visible time).
            var now = Clock.GetUtcNow();
            var minute = new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
            var windows = Enumerable.Range(0, Hosts * PerHost / Limit).Select(m => minute.AddMinutes(m)).ToList();
            var byWindow = starts.GroupBy(s => Floor(s.QueuedUntil ?? now)).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(windows, byWindow.Keys.Order());
            Assert.All(byWindow, w => Assert.Equal(Limit, w.Value));
            Assert.Equal(Limit, starts.Count(s => s.QueuedUntil is null));
            Assert.All(starts.Where(s => s.QueuedUntil is { } at), s => Assert.Equal(s.QueuedUntil, Floor(s.QueuedUntil!.Value)));

            var kept = await ReadPairsAsync("SELECT visible_at / 60000, COUNT(*) FROM outbox GROUP BY 1 ORDER BY 1");
            Assert.Equal(windows.Select(w => (w.ToUnixTimeMilliseconds() / 60000, (long)Limit)), kept);
            Assert.Equal(new[] { (windows[^1].ToUnixTimeMilliseconds(), (long)Limit) }, await ReadPairsAsync("SELECT window_start, count FROM throttle_windows"));

            // A minute on, only the next window's five are due, whichever host claims.
            Clock.Set(minute.AddMinutes(1));
            var claims = await Task.WhenAll(_hosts.Select((h, i) => h.ClaimOutboxAsync("worker-" + i, 100, Lease)));
            Assert.Equal(Limit * 2, claims.Sum(c => c.Count)); // this window's and the first one's
        }

        [Fact]
        public async Task Admissions_from_eight_hosts_at_once_never_admit_more_than_the_limit()
        {
            const int Limit = 3;
            const int PerHost = 4;

            // Every host holds its own items (each leased to it at its start), then all of them ask at once, round after round:
            // exactly the limit is admitted each time, and a completed item frees its place for the next round.
            var held = new List<(IRunJournal Host, string Owner, long Item)>();
            for (var i = 0; i < Hosts * PerHost; i++)
            {
                var host = _hosts[i % Hosts];
                var owner = "host-" + (i % Hosts);
                held.Add((host, owner, (await host.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, Payload = "{}"u8.ToArray(), LeaseOwner = owner, Lease = Lease })).OutboxItemId));
            }

            var waiting = held;
            for (var round = 0; waiting.Count > 0; round++)
            {
                var answers = await Task.WhenAll(waiting.Select(h => h.Host.AdmitAsync(h.Item, h.Owner, Flow, Limit)));
                var admitted = waiting.Where((_, i) => answers[i]).ToList();

                Assert.Equal(Math.Min(Limit, waiting.Count), admitted.Count);
                Assert.Equal((long)admitted.Count, await ScalarAsync($"SELECT COUNT(*) FROM outbox WHERE admitted_flow = '{Flow}'"));
                foreach (var (host, owner, item) in admitted)
                {
                    Assert.True(await host.CompleteOutboxAsync(item, owner));
                }

                waiting = waiting.Where((_, i) => !answers[i]).ToList();
                Assert.True(round < Hosts * PerHost, "admission stopped making progress");
            }
        }

        [Fact]
        public async Task A_kill_switch_engaged_while_seven_hosts_start_runs_covers_or_refuses_every_one_of_them()
        {
            const int Before = 5;
            const int After = 5;
            var counters = new int[2]; // starts done, engaged (0/1)
            var starters = Enumerable.Range(1, Hosts - 1).Select(h => Task.Run(async () =>
            {
                // Starts until this host has begun five of them after the engage was acknowledged: the ones in flight
                // while it ran race it.
                var starts = new List<(bool AfterEngage, RunStart Start)>();
                for (var after = 0; after < After;)
                {
                    var afterEngage = Volatile.Read(ref counters[1]) == 1;
                    starts.Add((afterEngage, await _hosts[h].StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, Payload = "{}"u8.ToArray() })));
                    Interlocked.Increment(ref counters[0]);
                    after += afterEngage ? 1 : 0;
                }

                return starts;
            })).ToList();

            while (Volatile.Read(ref counters[0]) < (Hosts - 1) * Before)
            {
                await Task.Delay(5);
            }

            await _hosts[0].EngageKillSwitchAsync(new KillSwitch(KillScope.Flow(Flow), KillMode.Pause, "incident", "ops", Clock.GetUtcNow()));
            Volatile.Write(ref counters[1], 1);
            var starts = (await Task.WhenAll(starters)).SelectMany(s => s).ToList();

            // A run whose start committed before the engage is the switch's (asked to pause: it never starts); every start
            // begun after the engage, on any host, was refused. None slipped between the two.
            Assert.All(starts.Where(s => s.AfterEngage), s => Assert.Equal(RunRefusals.KillSwitch, s.Start.Refusal?.ExceptionType));
            Assert.True(starts.Count(s => s.Start.Refusal is null) >= (Hosts - 1) * Before);
            Assert.Equal(0L, await ScalarAsync($"SELECT COUNT(*) FROM runs WHERE status <> 'Failed' AND (killed_by IS DISTINCT FROM '{Flow}' OR control IS DISTINCT FROM 'Pause')"));
            Assert.Equal((long)starts.Count(s => s.Start.Refusal is not null), await ScalarAsync($"SELECT COUNT(*) FROM runs WHERE status = 'Failed' AND error_type = '{RunRefusals.KillSwitch}'"));
            Assert.Empty(await _hosts[1].ClaimOutboxAsync("worker", 1000, Lease));
        }

        private static DateTimeOffset Floor(DateTimeOffset at) => new(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero);

        private async Task<object?> ScalarAsync(string sql)
        {
            await using var connection = await PostgresBackend.OpenAsync(Schema);
            await using var command = new NpgsqlCommand(sql, connection);
            return await command.ExecuteScalarAsync();
        }

        private async Task<List<(long, long)>> ReadPairsAsync(string sql)
        {
            await using var connection = await PostgresBackend.OpenAsync(Schema);
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<(long, long)>();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetInt64(0), reader.GetInt64(1)));
            }

            return rows;
        }
    }
}
