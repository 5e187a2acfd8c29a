using System;
using System.Collections.Generic;
using System.Linq;

namespace Automations.Compiled.Benchmarks.Lifecycle
{
    /// <summary>
    /// A lifecycle template as an interpreting engine holds it, built from the same actions as the generated table: a
    /// <c>Dictionary&lt;(state, action), action&gt;</c> keyed by name and by reference, and the action list (already
    /// in priority order, so no sort per call) filtered with LINQ for the offered actions. The cheapest an engine of
    /// this shape gets: the dictionary and the list are built once.
    /// </summary>
    public sealed class InterpretedLifecycle
    {
        private readonly List<LifecycleAction> _actions;
        private readonly HashSet<string> _states;
        private readonly Dictionary<(string State, string Action), LifecycleAction> _transitions = new();
        private readonly Dictionary<string, LifecycleAction> _anywhere = new(StringComparer.Ordinal);

        /// <summary>Reads the template's states and actions into the interpreter's tables.</summary>
        public InterpretedLifecycle(LifecycleTemplate template)
        {
            _actions = template.Actions.ToList();
            _states = new HashSet<string>(template.States.Select(s => s.Name), StringComparer.Ordinal);
            foreach (var action in _actions)
            {
                // "" stands for no state (the create actions): a tuple key cannot hold null.
                _transitions[(action.From ?? "", action.Name)] = action;
                _transitions[(action.From ?? "", action.Reference)] = action;
                _anywhere.TryAdd(action.Reference, action);
            }

            foreach (var action in _actions)
            {
                _anywhere.TryAdd(action.Name, action);
            }
        }

        /// <summary>The actions offered in <paramref name="state"/> (null: create) to <paramref name="access"/>, in priority order.</summary>
        public IEnumerable<LifecycleAction> GetAvailableActions(string? state, AccessLevel access)
            => state is not null && !_states.Contains(state)
                ? Enumerable.Empty<LifecycleAction>()
                : _actions.Where(a => a.From == state && a.Allows(access));

        /// <summary>The same answers as <see cref="LifecycleTemplate.TryGetAction"/>, from the dictionary.</summary>
        public LifecycleRefusal TryGetAction(string? state, string action, AccessLevel access, out LifecycleAction? found)
        {
            if (_transitions.TryGetValue((state ?? "", action), out found))
            {
                return found.Allows(access) ? LifecycleRefusal.None : LifecycleRefusal.AccessDenied;
            }

            found = _anywhere.GetValueOrDefault(action);
            return found is null ? LifecycleRefusal.UnknownAction : LifecycleRefusal.NotAvailable;
        }
    }
}
