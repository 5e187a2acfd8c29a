using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled
{
    /// <summary>A record: field names to values.</summary>
    public sealed class FlowRecord : Dictionary<string, object?>
    {
        /// <summary>Creates an empty record.</summary>
        public FlowRecord()
            : base(System.StringComparer.Ordinal)
        {
        }

        /// <summary>Creates a record holding <paramref name="fields"/>.</summary>
        public FlowRecord(IDictionary<string, object?> fields)
            : base(fields, System.StringComparer.Ordinal)
        {
        }
    }

    /// <summary>A query step's request: equality filters on fields, and a limit.</summary>
    /// <param name="Filter">Fields that must equal the given values.</param>
    /// <param name="Limit">At most this many records; 0 for no limit.</param>
    public sealed record RecordQuery(IReadOnlyDictionary<string, object?> Filter, int Limit = 0);

    /// <summary>An update step's request.</summary>
    /// <param name="Id">The record id.</param>
    /// <param name="Fields">The fields to set.</param>
    public sealed record RecordChange(string Id, IReadOnlyDictionary<string, object?> Fields);

    /// <summary>The host's records, acted on by query, create, update and delete steps (SPEC §2.12).</summary>
    public interface IRecordStore
    {
        /// <summary>Records of <paramref name="objectName"/> that match <paramref name="query"/>.</summary>
        ValueTask<IReadOnlyList<FlowRecord>> QueryAsync(string objectName, RecordQuery query, CancellationToken cancellationToken);

        /// <summary>Creates a record and returns it with its id.</summary>
        ValueTask<FlowRecord> CreateAsync(string objectName, IReadOnlyDictionary<string, object?> fields, CancellationToken cancellationToken);

        /// <summary>Updates a record and returns it.</summary>
        ValueTask<FlowRecord> UpdateAsync(string objectName, RecordChange change, CancellationToken cancellationToken);

        /// <summary>Deletes a record; returns false when it did not exist.</summary>
        ValueTask<bool> DeleteAsync(string objectName, string id, CancellationToken cancellationToken);
    }
}
