using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Tests.Support
{
    /// <summary>A record store in a dictionary, with sequential ids.</summary>
    internal sealed class InMemoryRecordStore : IRecordStore
    {
        private readonly Dictionary<string, Dictionary<string, FlowRecord>> _objects = new(StringComparer.Ordinal);
        private int _nextId;

        public IReadOnlyCollection<FlowRecord> All(string objectName) => Table(objectName).Values;

        public ValueTask<IReadOnlyList<FlowRecord>> QueryAsync(string objectName, RecordQuery query, CancellationToken cancellationToken)
        {
            IEnumerable<FlowRecord> matches = Table(objectName).Values.Where(r => query.Filter.All(f => r.TryGetValue(f.Key, out var v) && Equals(v, f.Value)));
            if (query.Limit > 0)
            {
                matches = matches.Take(query.Limit);
            }

            return new(matches.ToList());
        }

        public ValueTask<FlowRecord> CreateAsync(string objectName, IReadOnlyDictionary<string, object?> fields, CancellationToken cancellationToken)
        {
            var record = new FlowRecord(fields.ToDictionary(f => f.Key, f => f.Value)) { ["id"] = $"{objectName}-{++_nextId}" };
            Table(objectName).Add((string)record["id"]!, record);
            return new(record);
        }

        public ValueTask<FlowRecord> UpdateAsync(string objectName, RecordChange change, CancellationToken cancellationToken)
        {
            var record = Table(objectName)[change.Id];
            foreach (var field in change.Fields)
            {
                record[field.Key] = field.Value;
            }

            return new(record);
        }

        public ValueTask<bool> DeleteAsync(string objectName, string id, CancellationToken cancellationToken)
            => new(Table(objectName).Remove(id));

        private Dictionary<string, FlowRecord> Table(string objectName)
        {
            if (!_objects.TryGetValue(objectName, out var table))
            {
                table = new Dictionary<string, FlowRecord>(StringComparer.Ordinal);
                _objects.Add(objectName, table);
            }

            return table;
        }
    }
}
