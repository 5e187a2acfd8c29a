using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Linq;

namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>
    /// <c>--allocations</c>: the runtime's allocation samples (one <c>GCAllocationTick</c> about every 100 KB allocated,
    /// naming the type that crossed the mark) tallied by type while a case runs, so a report can say what the bytes per
    /// run are made of. Sampled, so a type's share is an estimate; the total per run stays the exact figure of the table.
    /// </summary>
    internal sealed class AllocationSampler : EventListener
    {
        private const EventKeywords GcKeyword = (EventKeywords)0x1;
        private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);
        private volatile bool _recording;

        public void Start()
        {
            _bytes.Clear();
            _recording = true;
        }

        public void Stop() => _recording = false;

        /// <summary>The types with the most sampled bytes, as (type, share of the sampled bytes).</summary>
        public IReadOnlyList<(string Type, double Share)> Top(int count)
        {
            var total = (double)Math.Max(1, _bytes.Values.Sum());
            return _bytes.OrderByDescending(p => p.Value).Take(count).Select(p => (p.Key, p.Value / total)).ToList();
        }

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(source, EventLevel.Verbose, GcKeyword);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs data)
        {
            // GCAllocationTick_V4: AllocationAmount, AllocationKind, ClrInstanceID, AllocationAmount64, TypeId, TypeName, ...
            if (!_recording || data.EventId != 10 || data.Payload is null)
            {
                return;
            }

            var names = data.PayloadNames!;
            var amount = Convert.ToInt64(data.Payload[names.IndexOf("AllocationAmount64")]);
            var type = data.Payload[names.IndexOf("TypeName")] as string ?? "?";
            _bytes.AddOrUpdate(type, amount, (_, b) => b + amount);
        }
    }
}
