using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Testing
{
    /// <summary>What a record step did to a store: <c>create</c>, <c>update</c> or <c>delete</c>.</summary>
    /// <param name="Operation">The operation: <c>create</c>, <c>update</c> or <c>delete</c>.</param>
    /// <param name="ObjectName">The record's object (its table).</param>
    /// <param name="Id">The record's id.</param>
    /// <param name="Fields">The fields written (the whole record for a create, the changed fields for an update, none for a delete).</param>
    public sealed record RecordWrite(string Operation, string ObjectName, string Id, IReadOnlyDictionary<string, object?> Fields)
    {
        /// <inheritdoc />
        public override string ToString() => $"{Operation} {ObjectName} '{Id}' {ScenarioValues.Print(Fields)}";
    }

    /// <summary>
    /// Records in memory, for scenario tests of flows with query, create, update and delete steps: seed it, run, then
    /// read <see cref="Writes"/>. A record's id is its <c>id</c> field; a created record without one gets the next
    /// number of its object (<c>"1"</c>, <c>"2"</c>, ...). Queries compare fields as JSON values, in insertion order.
    /// </summary>
    public sealed class InMemoryRecordStore : IRecordStore
    {
        private readonly object _gate = new();
        private readonly Dictionary<string, List<FlowRecord>> _objects = new(StringComparer.Ordinal);
        private readonly List<RecordWrite> _writes = [];

        /// <summary>Every write so far, in order.</summary>
        public IReadOnlyList<RecordWrite> Writes
        {
            get
            {
                lock (_gate)
                {
                    return _writes.ToArray();
                }
            }
        }

        /// <summary>The records of <paramref name="objectName"/> now.</summary>
        public IReadOnlyList<FlowRecord> Records(string objectName)
        {
            lock (_gate)
            {
                return _objects.TryGetValue(objectName, out var records) ? records.Select(r => new FlowRecord(r)).ToArray() : [];
            }
        }

        /// <summary>Adds a record without counting it as a write (the data a scenario starts from).</summary>
        public InMemoryRecordStore Seed(string objectName, IReadOnlyDictionary<string, object?> fields)
        {
            ArgumentException.ThrowIfNullOrEmpty(objectName);
            lock (_gate)
            {
                Insert(objectName, fields);
            }

            return this;
        }

        /// <inheritdoc />
        public ValueTask<IReadOnlyList<FlowRecord>> QueryAsync(string objectName, RecordQuery query, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                IEnumerable<FlowRecord> found = _objects.TryGetValue(objectName, out var records) ? records : [];
                found = found.Where(r => query.Filter.All(f => r.TryGetValue(f.Key, out var value) && ScenarioValues.Matches(f.Value, value)));
                if (query.Limit > 0)
                {
                    found = found.Take(query.Limit);
                }

                return new(found.Select(r => new FlowRecord(r)).ToArray());
            }
        }

        /// <inheritdoc />
        public ValueTask<FlowRecord> CreateAsync(string objectName, IReadOnlyDictionary<string, object?> fields, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                var record = Insert(objectName, fields);
                _writes.Add(new RecordWrite("create", objectName, IdOf(record), new FlowRecord(record)));
                return new(new FlowRecord(record));
            }
        }

        /// <inheritdoc />
        public ValueTask<FlowRecord> UpdateAsync(string objectName, RecordChange change, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                var record = Find(objectName, change.Id) ?? throw new KeyNotFoundException($"There is no {objectName} record '{change.Id}'.");
                foreach (var (name, value) in change.Fields)
                {
                    record[name] = value;
                }

                _writes.Add(new RecordWrite("update", objectName, change.Id, new Dictionary<string, object?>(change.Fields)));
                return new(new FlowRecord(record));
            }
        }

        /// <inheritdoc />
        public ValueTask<bool> DeleteAsync(string objectName, string id, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                if (Find(objectName, id) is not { } record)
                {
                    return new(false);
                }

                _objects[objectName].Remove(record);
                _writes.Add(new RecordWrite("delete", objectName, id, new Dictionary<string, object?>()));
                return new(true);
            }
        }

        private FlowRecord Insert(string objectName, IReadOnlyDictionary<string, object?> fields)
        {
            if (!_objects.TryGetValue(objectName, out var records))
            {
                _objects[objectName] = records = [];
            }

            var record = new FlowRecord(fields.ToDictionary(f => f.Key, f => f.Value));
            if (!record.ContainsKey("id"))
            {
                record["id"] = (records.Count + 1).ToString(CultureInfo.InvariantCulture);
            }

            records.Add(record);
            return record;
        }

        private FlowRecord? Find(string objectName, string id)
            => _objects.TryGetValue(objectName, out var records) ? records.Find(r => IdOf(r) == id) : null;

        private static string IdOf(FlowRecord record) => record.TryGetValue("id", out var id) ? IdText(id) : "";

        private static string IdText(object? id) => id switch
        {
            JsonElement { ValueKind: JsonValueKind.String } text => text.GetString()!,
            JsonElement other => other.GetRawText(),
            _ => Convert.ToString(id, CultureInfo.InvariantCulture) ?? "",
        };
    }
}
