namespace Automations.Compiled.Hosting
{
    /// <summary>The outcomes an <see cref="EntityHistoryEntry"/> records.</summary>
    public static class EntityOutcome
    {
        /// <summary>A trigger moved the entity to the action's transit state and started its flow.</summary>
        public const string Started = "started";

        /// <summary>The flow completed: the entity moved to the action's <c>to</c> state (or was destroyed).</summary>
        public const string Completed = "completed";

        /// <summary>The flow failed: the entity moved to the action's error state, else back to <c>from</c> (a failed create leaves none).</summary>
        public const string Failed = "failed";

        /// <summary>The flow was cancelled: the entity moved as for <see cref="Failed"/>.</summary>
        public const string Cancelled = "cancelled";

        /// <summary>An action without a flow moved the entity (into its transit state, and on at once).</summary>
        public const string Moved = "moved";
    }
}
