using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting.Sqlite
{
    // Placeholder bodies while the SQLite side of these journal operations is written (same commit series).
    public sealed partial class SqliteRunJournal
    {
        /// <inheritdoc />
        public Task<CheckpointCommit> SaveCheckpointAsync(RunCheckpoint checkpoint, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <inheritdoc />
        public Task<bool> EndLegAsync(RunLegEnd end, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <inheritdoc />
        public Task<bool> DeferOutboxAsync(long itemId, string owner, DateTimeOffset until, string reason, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <inheritdoc />
        public Task<IReadOnlyList<DeferredItem>> ListDeferredAsync(int max, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <inheritdoc />
        public Task<int> EnqueueDueTimersAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <inheritdoc />
        public Task<IReadOnlyList<Guid>> DeliverEventAsync(string eventName, ReadOnlyMemory<byte> payload, int max, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <inheritdoc />
        public Task<bool> DeliverToRunAsync(Guid runId, WaitKind kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <inheritdoc />
        public Task<FlowStatus> PauseRunAsync(Guid runId, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <inheritdoc />
        public Task<FlowStatus> ResumeRunAsync(Guid runId, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <inheritdoc />
        public Task<FlowStatus> CancelRunAsync(Guid runId, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <inheritdoc />
        public Task RetryRunAsync(Guid runId, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <inheritdoc />
        public Task<bool> DeleteRunAsync(Guid runId, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    }
}
