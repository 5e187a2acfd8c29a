using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;

namespace Automations.Compiled.AspNetCore.Webhooks
{
    /// <summary>
    /// A token bucket per tenant (SPEC §6: webhooks are throttled per tenant). Thread-safe; memory is bounded by
    /// <c>maxTenants</c>: a tenant whose bucket has refilled is forgotten first (that loses nothing, a new bucket is
    /// full too), then, if still too many, the least recently seen.
    /// </summary>
    internal sealed class TenantThrottle(int capacity, double refillPerSecond, int maxTenants, TimeProvider clock)
    {
        private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
        private readonly object _sweepLock = new();
        private int _count;

        /// <summary>Tenants tracked now.</summary>
        public int Count => Volatile.Read(ref _count);

        /// <summary>Takes a call from <paramref name="tenant"/>'s bucket; when it is empty, says how long until the next one.</summary>
        public bool TryTake(string tenant, out TimeSpan retryAfter)
        {
            while (true)
            {
                var now = clock.GetUtcNow();
                if (!_buckets.TryGetValue(tenant, out var bucket))
                {
                    if (Count >= maxTenants)
                    {
                        Sweep(now);
                    }

                    bucket = new Bucket(capacity, now);
                    if (!_buckets.TryAdd(tenant, bucket))
                    {
                        continue;
                    }

                    Interlocked.Increment(ref _count);
                }

                lock (bucket)
                {
                    // A sweep removed it between the lookup and the lock: take from the tenant's new bucket instead.
                    if (bucket.Evicted)
                    {
                        continue;
                    }

                    Refill(bucket, now);
                    if (bucket.Tokens >= 1)
                    {
                        bucket.Tokens -= 1;
                        retryAfter = TimeSpan.Zero;
                        return true;
                    }

                    retryAfter = TimeSpan.FromSeconds((1 - bucket.Tokens) / refillPerSecond);
                    return false;
                }
            }
        }

        private void Refill(Bucket bucket, DateTimeOffset now)
        {
            var elapsed = (now - bucket.Updated).TotalSeconds;
            if (elapsed > 0)
            {
                bucket.Tokens = Math.Min(capacity, bucket.Tokens + (elapsed * refillPerSecond));
                bucket.Updated = now;
            }
        }

        private void Sweep(DateTimeOffset now)
        {
            lock (_sweepLock)
            {
                if (Count < maxTenants)
                {
                    return;
                }

                foreach (var entry in _buckets)
                {
                    lock (entry.Value)
                    {
                        Refill(entry.Value, now);
                        if (entry.Value.Tokens >= capacity)
                        {
                            Evict(entry.Key, entry.Value);
                        }
                    }
                }

                // Every tenant is busy: forget the least recently seen quarter, so the next sweeps are rare.
                var keep = maxTenants - Math.Max(1, maxTenants / 4);
                if (Count > keep)
                {
                    foreach (var entry in _buckets.ToArray().OrderBy(e => e.Value.Updated).Take(Count - keep))
                    {
                        lock (entry.Value)
                        {
                            Evict(entry.Key, entry.Value);
                        }
                    }
                }
            }
        }

        private void Evict(string tenant, Bucket bucket)
        {
            if (!bucket.Evicted && _buckets.TryRemove(new(tenant, bucket)))
            {
                bucket.Evicted = true;
                Interlocked.Decrement(ref _count);
            }
        }

        private sealed class Bucket(double tokens, DateTimeOffset updated)
        {
            public double Tokens { get; set; } = tokens;

            public DateTimeOffset Updated { get; set; } = updated;

            public bool Evicted { get; set; }
        }
    }
}
