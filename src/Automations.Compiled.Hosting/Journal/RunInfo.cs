using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>A run as lists show it (SPEC §5).</summary>
    public sealed class RunInfo
    {
        /// <summary>The run id.</summary>
        public required Guid RunId { get; init; }

        /// <summary>The flow id.</summary>
        public required string FlowId { get; init; }

        /// <summary>The pinned flow version.</summary>
        public required int FlowVersion { get; init; }

        /// <summary>The W3C trace id.</summary>
        public required string TraceId { get; init; }

        /// <summary>The status.</summary>
        public required FlowStatus Status { get; init; }

        /// <summary>The trigger kind.</summary>
        public required string TriggerKind { get; init; }

        /// <summary>The idempotency key it was started with, if any.</summary>
        public string? IdempotencyKey { get; init; }

        /// <summary>The parent run, for a subflow.</summary>
        public Guid? ParentRunId { get; init; }

        /// <summary>When it was started.</summary>
        public required DateTimeOffset CreatedAt { get; init; }

        /// <summary>When its status last changed.</summary>
        public required DateTimeOffset UpdatedAt { get; init; }

        /// <summary>When it ended, for Completed, Failed and Cancelled runs.</summary>
        public DateTimeOffset? EndedAt { get; init; }

        /// <summary>The stop step's message, if any.</summary>
        public string? Message { get; init; }

        /// <summary>Why it failed, for a failed run (a dead letter).</summary>
        public RunError? Error { get; init; }

        /// <inheritdoc />
        public override string ToString() => $"{RunId:N} {FlowId} v{FlowVersion} {Status}";
    }
}
