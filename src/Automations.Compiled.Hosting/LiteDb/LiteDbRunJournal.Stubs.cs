using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting.LiteDb
{
#pragma warning disable CS1591 // TEMPORARY: replaced by the Legs, Entities and Schedules partials being ported.
    public sealed partial class LiteDbRunJournal
    {
        public Task<CheckpointCommit> SaveCheckpointAsync(RunCheckpoint checkpoint, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<bool> EndLegAsync(RunLegEnd end, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<bool> DeferOutboxAsync(long itemId, string owner, DateTimeOffset until, string reason, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<DeferredItem>> ListDeferredAsync(int max, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<int> EnqueueDueTimersAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<Guid>> DeliverEventAsync(string eventName, ReadOnlyMemory<byte> payload, int max, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<bool> DeliverToRunAsync(Guid runId, WaitKind kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<FlowStatus> PauseRunAsync(Guid runId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<FlowStatus> ResumeRunAsync(Guid runId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<FlowStatus> CancelRunAsync(Guid runId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task RetryRunAsync(Guid runId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<bool> DeleteRunAsync(Guid runId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
