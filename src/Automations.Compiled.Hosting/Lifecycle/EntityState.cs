using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>An entity of a lifecycle template as the journal keeps it (<see cref="ILifecycle{TEntity}.GetAsync"/>).</summary>
    /// <param name="Template">The template id ("server").</param>
    /// <param name="EntityId">The entity id, unique in the template.</param>
    /// <param name="State">The current state; the action's transit state while an action is in flight.</param>
    /// <param name="InFlight">The reference of the action in flight, or null when the entity is at rest.</param>
    /// <param name="RunId">The run of the action's flow while it is in flight, or null.</param>
    /// <param name="Revision">Bumps on every move; never repeats for an entity id, even across a destroy and a new create.</param>
    /// <param name="CreatedAt">When the entity was created (its create action was triggered).</param>
    /// <param name="UpdatedAt">When it last moved.</param>
    public sealed record EntityState(
        string Template,
        string EntityId,
        string State,
        string? InFlight,
        Guid? RunId,
        long Revision,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt)
    {
        /// <summary>No action is in flight: actions from <see cref="State"/> may be triggered.</summary>
        public bool AtRest => InFlight is null;

        /// <inheritdoc />
        public override string ToString() => AtRest
            ? $"{Template} '{EntityId}' {State} (revision {Revision})"
            : $"{Template} '{EntityId}' {State}, '{InFlight}' in flight (run {RunId:N}, revision {Revision})";
    }
}
