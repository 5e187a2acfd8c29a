namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// A lifecycle action to commit on an entity (<see cref="IRunJournal.MoveEntityAsync"/>): the entity goes to
    /// <see cref="Transit"/> with its pending outcome, and the action's run starts, in one transaction.
    /// </summary>
    public sealed class EntityMove
    {
        /// <summary>The template id.</summary>
        public required string Template { get; init; }

        /// <summary>The entity id.</summary>
        public required string EntityId { get; init; }

        /// <summary>The reference of the action, kept while it is in flight and in the history.</summary>
        public required string Action { get; init; }

        /// <summary>
        /// The compare-and-swap: the revision the caller read (the entity must still be at it, and at rest); null for a
        /// create action (the entity must not exist).
        /// </summary>
        public required long? ExpectedRevision { get; init; }

        /// <summary>The state the entity shows while the action is in flight.</summary>
        public required string Transit { get; init; }

        /// <summary>The state the entity reaches when the action succeeds; null destroys it (its row goes, its history stays).</summary>
        public required string? To { get; init; }

        /// <summary>The state the entity goes to when the action's run fails or is cancelled; null removes it (a failed create).</summary>
        public required string? OnFailure { get; init; }

        /// <summary>The caller's access level, for the history.</summary>
        public AccessLevel Access { get; init; }

        /// <summary>
        /// The action's run, started in the same transaction exactly as <see cref="IRunJournal.StartRunAsync"/> does (leased
        /// to <see cref="NewRun.LeaseOwner"/> when given); its end applies the pending outcome. Null for an action without
        /// a flow: the success outcome is applied at once. It takes no idempotency key (the revision is the guard).
        /// </summary>
        public NewRun? Run { get; init; }
    }

    /// <summary>What <see cref="IRunJournal.MoveEntityAsync"/> committed.</summary>
    /// <param name="Applied">False when the compare-and-swap failed and nothing was written: the entity changed (or
    /// exists, or is gone, or an action is in flight on it).</param>
    /// <param name="Entity">The entity after the move (null: destroyed); when not applied, the entity as it is (null: it does not exist).</param>
    /// <param name="Run">The action's run; default when the action has no flow or nothing was applied.</param>
    public readonly record struct EntityMoveResult(bool Applied, EntityState? Entity, RunStart Run);
}
