using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>What <see cref="ILifecycle{TEntity}.TriggerAsync"/> did: the move it committed and the run it started.</summary>
    /// <param name="EntityId">The entity.</param>
    /// <param name="Action">The action triggered.</param>
    /// <param name="From">The state the entity was in; null for a create action.</param>
    /// <param name="State">
    /// The state now: the action's transit state while its flow runs; for an action without a flow, its <c>to</c> state
    /// (null: a destroy action, the entity is gone).
    /// </param>
    /// <param name="RunId">The run of the action's flow; null for an action without a flow.</param>
    /// <param name="Revision">The entity's revision after the move (0 when it was destroyed).</param>
    public sealed record LifecycleTransition(string EntityId, LifecycleAction Action, string? From, string? State, Guid? RunId, long Revision)
    {
        /// <summary>True while the action's flow runs: the entity rests again when the run ends.</summary>
        public bool InFlight => RunId is not null;
    }
}
