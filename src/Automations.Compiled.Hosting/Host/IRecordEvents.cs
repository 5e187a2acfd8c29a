using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting
{
    /// <summary>What happened to a record.</summary>
    public enum RecordChange
    {
        /// <summary>It is (being) inserted.</summary>
        Insert,

        /// <summary>It is (being) updated.</summary>
        Update,

        /// <summary>It is (being) deleted.</summary>
        Delete,
    }

    /// <summary>
    /// Record triggers (SPEC §6), called by the app's data layer around its writes (a repository, a unit of work, an EF Core
    /// <c>SaveChanges</c> interceptor: <see cref="BeforeAsync{TRecord}"/> in <c>SavingChanges</c>, <see cref="AfterAsync"/>
    /// in <c>SavedChanges</c>).
    /// </summary>
    public interface IRecordEvents
    {
        /// <summary>
        /// Runs the <c>before_&lt;change&gt;</c> flows of <paramref name="object"/> whose condition accepts the record, inline,
        /// in memory, one after another in flow-id order, before the write. A flow may change the record (a C# step mutates
        /// <c>trigger.Record</c>, or the flow's output of the record's type replaces it); the record they leave is returned.
        /// </summary>
        /// <exception cref="RecordVetoedException">A flow failed or stopped as failed or cancelled: do not write.</exception>
        Task<TRecord> BeforeAsync<TRecord>(string @object, RecordChange change, TRecord record, TRecord? old = default, CancellationToken cancellationToken = default)
            where TRecord : class;

        /// <summary>
        /// Starts the <c>after_&lt;change&gt;</c> flows of <paramref name="object"/> whose condition accepts the record, as durable
        /// runs through the outbox (committed when this returns). The journal is its own database, so it cannot join the
        /// app's transaction: call this after the app's commit, with an idempotency key that names the change (the record's
        /// id and version), so calling it again after a crash starts nothing twice.
        /// </summary>
        Task<IReadOnlyList<FlowRun>> AfterAsync(string @object, RecordChange change, object record, object? old = null, string? idempotencyKey = null, CancellationToken cancellationToken = default);
    }

    /// <summary>A <c>before_*</c> record flow refused the write.</summary>
    public sealed class RecordVetoedException : Exception
    {
        /// <summary>Created by the host.</summary>
        public RecordVetoedException(string flowId, string reason)
            : base($"Flow '{flowId}' refused the write: {reason}")
        {
            FlowId = flowId;
            Reason = reason;
        }

        /// <summary>The flow that refused.</summary>
        public string FlowId { get; }

        /// <summary>Why (the failed step's error or the stop message, secrets redacted).</summary>
        public string Reason { get; }
    }
}
