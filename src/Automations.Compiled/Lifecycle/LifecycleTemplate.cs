using System;
using System.Collections.Generic;

namespace Automations.Compiled
{
    /// <summary>
    /// A compiled lifecycle template (SPEC §7): its states, its actions and the transition table the generator emits
    /// for it (a switch over state and action name). Look-ups allocate nothing. Write a template as a
    /// <c>[Lifecycle]</c> partial class or a <c>*.lifecycle.json</c> file; the generator derives it from this class.
    /// </summary>
    public abstract class LifecycleTemplate
    {
        /// <summary>For generated templates.</summary>
        protected LifecycleTemplate()
        {
        }

        /// <summary>The template id, unique in an application ("server").</summary>
        public abstract string Id { get; }

        /// <summary>The type of the entities this template governs; an action's flow takes it as input.</summary>
        public abstract Type EntityType { get; }

        /// <summary>The states, in declaration order.</summary>
        public abstract IReadOnlyList<LifecycleState> States { get; }

        /// <summary>Every action, in priority order (lower first), then declaration order.</summary>
        public abstract IReadOnlyList<LifecycleAction> Actions { get; }

        /// <summary>The index of state <paramref name="name"/> in <see cref="States"/>, or -1 when the template has no such state.</summary>
        public abstract int FindState(ReadOnlySpan<char> name);

        /// <summary>
        /// The transition table: the index in <see cref="Actions"/> of the action named or referenced
        /// <paramref name="action"/> from state <paramref name="state"/> (-1: the create actions), or -1 when there is none.
        /// </summary>
        protected abstract int FindTransition(int state, ReadOnlySpan<char> action);

        /// <summary>The actions from state <paramref name="state"/> (-1: the create actions), in priority order.</summary>
        protected abstract ReadOnlySpan<LifecycleAction> ActionsFrom(int state);

        /// <summary>
        /// The actions offered to an entity in <paramref name="state"/> (null: the entity does not exist, so the create
        /// actions) for a caller with <paramref name="access"/>, in priority order. An unknown state offers nothing.
        /// </summary>
        public AvailableActions GetAvailableActions(string? state, AccessLevel access)
        {
            var index = state is null ? -1 : FindState(state.AsSpan());
            return index < 0 && state is not null ? default : new AvailableActions(ActionsFrom(index), access);
        }

        /// <summary>
        /// Finds the action named or referenced <paramref name="action"/> for an entity in <paramref name="state"/>
        /// (null: the entity does not exist) and checks <paramref name="access"/>. Allocates nothing.
        /// </summary>
        /// <returns><see cref="LifecycleRefusal.None"/> with the action, or why it is refused (the action is then the one
        /// matched by name or reference from another state, if any, for the message).</returns>
        public LifecycleRefusal TryGetAction(string? state, ReadOnlySpan<char> action, AccessLevel access, out LifecycleAction? found)
        {
            var stateIndex = state is null ? -1 : FindState(state.AsSpan());
            var index = state is not null && stateIndex < 0 ? -1 : FindTransition(stateIndex, action);
            if (index >= 0)
            {
                found = Actions[index];
                return found.Allows(access) ? LifecycleRefusal.None : LifecycleRefusal.AccessDenied;
            }

            found = FindAnywhere(action);
            return found is null ? LifecycleRefusal.UnknownAction : LifecycleRefusal.NotAvailable;
        }

        /// <summary>The action with reference <paramref name="reference"/>, from any state; null when there is none.</summary>
        public LifecycleAction? FindAction(ReadOnlySpan<char> reference)
        {
            // By index: enumerating the IReadOnlyList would allocate an enumerator.
            var actions = Actions;
            for (var i = 0; i < actions.Count; i++)
            {
                if (reference.SequenceEqual(actions[i].Reference.AsSpan()))
                {
                    return actions[i];
                }
            }

            return null;
        }

        /// <summary>The state named <paramref name="name"/>; null when the template has none.</summary>
        public LifecycleState? GetState(string name)
        {
            var index = FindState(name.AsSpan());
            return index < 0 ? null : States[index];
        }

        private LifecycleAction? FindAnywhere(ReadOnlySpan<char> action)
        {
            if (FindAction(action) is { } byReference)
            {
                return byReference;
            }

            var actions = Actions;
            for (var i = 0; i < actions.Count; i++)
            {
                if (action.SequenceEqual(actions[i].Name.AsSpan()))
                {
                    return actions[i];
                }
            }

            return null;
        }

        /// <inheritdoc />
        public override string ToString() => $"lifecycle '{Id}' ({States.Count} states, {Actions.Count} actions)";
    }

    /// <summary>A lifecycle template for entities of type <typeparamref name="TEntity"/>.</summary>
    /// <typeparam name="TEntity">The entity type; the input of every action's flow.</typeparam>
    public abstract class LifecycleTemplate<TEntity> : LifecycleTemplate
    {
        /// <inheritdoc />
        public sealed override Type EntityType => typeof(TEntity);
    }
}
