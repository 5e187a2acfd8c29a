using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>Which runs <see cref="IRunJournal.ListRunsAsync"/> lists, newest first.</summary>
    public sealed class RunQuery
    {
        /// <summary>Only runs of this flow; null for every flow.</summary>
        public string? FlowId { get; init; }

        /// <summary>Only runs in this status; null for every status.</summary>
        public FlowStatus? Status { get; init; }

        /// <summary>Only runs the journal accepted at or after this time; null for no lower bound.</summary>
        public DateTimeOffset? CreatedFrom { get; init; }

        /// <summary>Only runs the journal accepted before this time; null for no upper bound.</summary>
        public DateTimeOffset? CreatedBefore { get; init; }

        /// <summary>Only runs started with this idempotency key; null for any.</summary>
        public string? IdempotencyKey { get; init; }

        /// <summary>The page size, 1 to 1,000. Default 50.</summary>
        public int Limit { get; init; } = 50;

        /// <summary>Where the page starts: the <see cref="RunPage.ContinuationToken"/> of the previous page, or null.</summary>
        public string? ContinuationToken { get; init; }

        /// <summary>Failed runs (the dead letters, SPEC §4), newest first.</summary>
        public static RunQuery DeadLetters(string? flowId = null, int limit = 50)
            => new() { FlowId = flowId, Status = FlowStatus.Failed, Limit = limit };
    }
}
