using System;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.AspNetCore.Webhooks;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;

namespace Automations.Compiled.AspNetCore.Tests
{
    /// <summary>The throttle's memory bound, which no HTTP call can see.</summary>
    public sealed class TenantThrottleTests
    {
        [Fact]
        public void A_full_table_forgets_tenants_whose_bucket_refilled_and_keeps_the_busy_ones()
        {
            var clock = ManualClock.AtNoon();
            var throttle = new TenantThrottle(capacity: 2, refillPerSecond: 1, maxTenants: 4, clock);
            Assert.True(throttle.TryTake("idle", out _));
            clock.Advance(TimeSpan.FromSeconds(1));
            foreach (var busy in new[] { "a", "b", "c" })
            {
                Assert.True(throttle.TryTake(busy, out _) && throttle.TryTake(busy, out _));
            }

            Assert.Equal(4, throttle.Count);
            Assert.True(throttle.TryTake("newcomer", out _));

            Assert.Equal(4, throttle.Count);
            // The busy tenants kept their empty buckets (a forgotten one would start full again).
            Assert.All(new[] { "a", "b", "c" }, busy => Assert.False(throttle.TryTake(busy, out _)));
            Assert.False(throttle.TryTake("a", out var wait));
            Assert.Equal(TimeSpan.FromSeconds(1), wait);
        }

        [Fact]
        public void Threads_racing_for_one_tenant_get_exactly_its_budget()
        {
            var throttle = new TenantThrottle(capacity: 100_000, refillPerSecond: 1, maxTenants: 10, new Frozen());
            var taken = 0;
            using var start = new System.Threading.Barrier(4);
            var threads = Enumerable.Range(0, 4).Select(_ => new System.Threading.Thread(() =>
            {
                start.SignalAndWait();
                for (var i = 0; i < 100_000; i++)
                {
                    if (throttle.TryTake("acme", out var __))
                    {
                        System.Threading.Interlocked.Increment(ref taken);
                    }
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            Assert.Equal(100_000, taken);
        }

        [Fact]
        public void When_every_tenant_is_busy_the_least_recently_seen_are_forgotten()
        {
            var throttle = new TenantThrottle(capacity: 5, refillPerSecond: 1, maxTenants: 100, ManualClock.AtNoon());
            Parallel.For(0, 10_000, i => throttle.TryTake("t" + i, out _));

            Assert.InRange(throttle.Count, 1, 100 + Environment.ProcessorCount);
        }
    
        /// <summary>A clock that never moves and takes no lock, so the threads meet at the bucket and nowhere else.</summary>
        private sealed class Frozen : TimeProvider
        {
            private static readonly DateTimeOffset Noon = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

            public override DateTimeOffset GetUtcNow() => Noon;
        }
    }
}
