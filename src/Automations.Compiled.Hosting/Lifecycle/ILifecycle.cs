using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// The entities of one lifecycle template (SPEC §7), kept in the journal: their current state, the action in
    /// flight and their state history. Get it from the container after
    /// <c>AddAutomations(o => o.AddLifecycle&lt;TTemplate&gt;())</c>.
    /// </summary>
    /// <typeparam name="TEntity">The template's entity type; the input of every action's flow.</typeparam>
    public interface ILifecycle<TEntity>
    {
        /// <summary>The compiled template.</summary>
        LifecycleTemplate<TEntity> Template { get; }

        /// <summary>An entity's current state; null when it does not exist (never created, or destroyed).</summary>
        Task<EntityState?> GetAsync(string entityId, CancellationToken cancellationToken = default);

        /// <summary>
        /// The actions a caller with <paramref name="access"/> may trigger on the entity now, in priority order: the
        /// create actions when it does not exist, none while an action is in flight.
        /// </summary>
        Task<IReadOnlyList<LifecycleAction>> GetAvailableActionsAsync(string entityId, AccessLevel access, CancellationToken cancellationToken = default);

        /// <summary>
        /// Triggers action <paramref name="action"/> (its name or its reference) on the entity: checks the caller's
        /// access and the entity's current state, moves the entity to the action's transit state and starts its flow
        /// with <paramref name="entity"/> as input, in one journal commit. When the flow ends the host moves the entity
        /// to the action's <c>to</c> state (Completed), or to its error state, else back to <c>from</c> (Failed or
        /// Cancelled), in the commit that ends the run. An action without a flow moves through at once.
        /// </summary>
        /// <exception cref="LifecycleException">Refused: unknown action, not available from the current state, access
        /// denied, or a conflict (another action is in flight, or another trigger changed the entity first).</exception>
        Task<LifecycleTransition> TriggerAsync(string entityId, string action, TEntity entity, AccessLevel access, CancellationToken cancellationToken = default);

        /// <summary>Waits until no action is in flight on the entity, and returns its state then (null: destroyed or never created).</summary>
        Task<EntityState?> WaitForRestAsync(string entityId, CancellationToken cancellationToken = default);

        /// <summary>The entity's state history, oldest first: every move, with the action, the run and the outcome.</summary>
        Task<IReadOnlyList<EntityHistoryEntry>> GetHistoryAsync(string entityId, CancellationToken cancellationToken = default);
    }
}
