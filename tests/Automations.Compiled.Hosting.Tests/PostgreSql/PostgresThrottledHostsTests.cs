using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Contract;
using Automations.Compiled.Hosting.Tests.Host;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.PostgreSql
{
    /// <summary>
    /// Many hosts' worth of starts against one throttle and one concurrency limit (issue 20): four hosts on one PostgreSQL
    /// journal start a throttled flow at once; the journal counts every host's starts in one window, so no window holds
    /// more than the limit, and no more runs of the capped flow execute at once than its limit, whichever host runs them.
    /// </summary>
    public sealed partial class PostgresThrottledHostsTests : HostTest<PostgresBackend>
    {
        private const int Hosts = 4;
        private const int StartsPerHost = 5;

        internal static readonly ConcurrentDictionary<string, int> Executing = new();
        internal static int MostAtOnce;

        [Flow("metered-shared")]
        [Throttle(3, "00:00:01")]
        internal sealed partial class MeteredShared : IFlow<ContractFlows.Item>
        {
            private readonly Effects _e;

            public MeteredShared(Effects e) => _e = e;

            [Action(1)]
            private void Go(ContractFlows.Item item) => _e.Add("metered:" + item.Id);
        }

        [Flow("capped-shared", MaxConcurrentRuns = 2)]
        internal sealed partial class CappedShared : IFlow<ContractFlows.Item>
        {
            private readonly Effects _e;

            public CappedShared(Effects e) => _e = e;

            [Action(1)]
            private async Task Work(ContractFlows.Item item)
            {
                var now = Executing.AddOrUpdate("capped", 1, (_, n) => n + 1);
                InterlockedMax(now);
                await Task.Delay(150);
                Executing.AddOrUpdate("capped", 0, (_, n) => n - 1);
                _e.Add("capped:" + item.Id);
            }

            private static void InterlockedMax(int value)
            {
                int seen;
                while (value > (seen = MostAtOnce) && System.Threading.Interlocked.CompareExchange(ref MostAtOnce, value, seen) != seen)
                {
                }
            }
        }

        [Fact]
        public async Task Four_hosts_starting_at_once_share_one_throttle_window_and_one_concurrency_limit()
        {
            var hosts = await Task.WhenAll(Enumerable.Range(0, Hosts).Select(_ => StartTestHostAsync(o => o.AddFlow<MeteredShared>().AddFlow<CappedShared>())));
            try
            {
                var metered = await Task.WhenAll(hosts.SelectMany((host, h) => Enumerable.Range(0, StartsPerHost).Select(i =>
                    host.Client.StartAsync<MeteredShared>(new ContractFlows.Item(string.Create(CultureInfo.InvariantCulture, $"{h}-{i}"))))));
                var capped = await Task.WhenAll(hosts.SelectMany((host, h) => Enumerable.Range(0, 3).Select(i =>
                    host.Client.StartAsync<CappedShared>(new ContractFlows.Item(string.Create(CultureInfo.InvariantCulture, $"{h}-{i}"))))));

                // Every start was accepted; at most three share a window, across all four hosts. A start that is not queued
                // counts in the window of its acceptance (the journal's time, floored to the second; the starts may straddle
                // a second), a queued one in the window it waits for.
                Assert.Equal(Hosts * StartsPerHost, metered.Select(r => r.RunId).Distinct().Count());
                var windows = new List<DateTimeOffset>();
                foreach (var run in metered)
                {
                    var accepted = (await hosts[0].Client.GetRunAsync(run.RunId))!.Run.CreatedAt;
                    windows.Add(run.QueuedUntil ?? DateTimeOffset.FromUnixTimeMilliseconds(accepted.ToUnixTimeMilliseconds() / 1000 * 1000));
                }

                Assert.All(windows.GroupBy(w => w), w => Assert.True(w.Count() <= 3, $"{w.Count()} starts share the window of {w.Key:O}"));
                Assert.True(windows.Distinct().Count() >= Hosts * StartsPerHost / 3);

                foreach (var run in metered.Concat(capped))
                {
                    Assert.Equal(FlowStatus.Completed, await hosts[0].Client.UntilAsync(run.RunId, FlowStatus.Completed));
                }

                foreach (var run in metered.Where(r => r.QueuedUntil is not null))
                {
                    var first = (await hosts[0].Client.GetRunAsync(run.RunId))!.Steps[0];
                    Assert.True(first.StartedAt >= run.QueuedUntil, $"run {run.RunId} started at {first.StartedAt:O}, before its window {run.QueuedUntil:O}");
                }

                Assert.InRange(MostAtOnce, 1, 2);
                Assert.Equal(Hosts * 3, Effects.Entries.Count(e => e.StartsWith("capped:", StringComparison.Ordinal)));
            }
            finally
            {
                foreach (var host in hosts)
                {
                    await host.DisposeAsync();
                }
            }
        }
    }
}
