namespace Automations.Compiled.Runtime
{
    /// <summary>
    /// A bounded stack of idle objects shared by every thread: what the runtime and the host reuse across runs (machines,
    /// async boxes, journal writes, leg runners). A lock and an array: rent and return are a few nanoseconds uncontended,
    /// and objects beyond the capacity are left to the GC, so a burst never pins memory for good.
    /// </summary>
    /// <typeparam name="T">The pooled objects.</typeparam>
    internal sealed class IdlePool<T>
        where T : class
    {
        private readonly T?[] _idle;
        private int _count;

        /// <param name="capacity">Idle objects kept at most.</param>
        public IdlePool(int capacity) => _idle = new T?[capacity];

        /// <summary>Idle objects kept at most.</summary>
        public int Capacity => _idle.Length;

        /// <summary>An idle object, or null when there is none.</summary>
        public T? TryRent()
        {
            lock (_idle)
            {
                if (_count == 0)
                {
                    return null;
                }

                var item = _idle[--_count];
                _idle[_count] = null;
                return item;
            }
        }

        /// <summary>Keeps <paramref name="item"/> for the next <see cref="TryRent"/>; drops it when the pool is full.</summary>
        public void Return(T item)
        {
            lock (_idle)
            {
                if (_count < _idle.Length)
                {
                    _idle[_count++] = item;
                }
            }
        }
    }
}
