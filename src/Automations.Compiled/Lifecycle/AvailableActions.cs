using System;

namespace Automations.Compiled
{
    /// <summary>
    /// The actions offered from one state to one access level, in priority order: a view over the template's table
    /// that allocates nothing (<c>foreach</c> it, or <see cref="Count"/> it).
    /// </summary>
    public readonly ref struct AvailableActions
    {
        private readonly ReadOnlySpan<LifecycleAction> _candidates;
        private readonly AccessLevel _access;

        internal AvailableActions(ReadOnlySpan<LifecycleAction> candidates, AccessLevel access)
        {
            _candidates = candidates;
            _access = access;
        }

        /// <summary>How many actions are offered.</summary>
        public int Count
        {
            get
            {
                var count = 0;
                foreach (var action in _candidates)
                {
                    if (action.Allows(_access))
                    {
                        count++;
                    }
                }

                return count;
            }
        }

        /// <summary>Returns the enumerator.</summary>
        public Enumerator GetEnumerator() => new(_candidates, _access);

        /// <summary>Copies the offered actions into a new array.</summary>
        public LifecycleAction[] ToArray()
        {
            var result = new LifecycleAction[Count];
            var i = 0;
            foreach (var action in this)
            {
                result[i++] = action;
            }

            return result;
        }

        /// <summary>Enumerates the offered actions.</summary>
        public ref struct Enumerator
        {
            private readonly ReadOnlySpan<LifecycleAction> _candidates;
            private readonly AccessLevel _access;
            private int _index;

            internal Enumerator(ReadOnlySpan<LifecycleAction> candidates, AccessLevel access)
            {
                _candidates = candidates;
                _access = access;
                _index = -1;
            }

            /// <summary>The current action.</summary>
            public readonly LifecycleAction Current => _candidates[_index];

            /// <summary>Moves to the next offered action.</summary>
            public bool MoveNext()
            {
                while (++_index < _candidates.Length)
                {
                    if (_candidates[_index].Allows(_access))
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }
}
