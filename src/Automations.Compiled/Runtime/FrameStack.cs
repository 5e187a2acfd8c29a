using System;
using System.ComponentModel;

namespace Automations.Compiled.Runtime
{
    /// <summary>
    /// Return points of run steps and foreach iterations, each with the goto scope of the frame it
    /// interrupted. Pooled with its state machine, so pushing allocates nothing once warm.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class FrameStack
    {
        private int[] _items = new int[8];
        private int _count;

        /// <summary>How many frames are open.</summary>
        public int Depth => _count / 2;

        /// <summary>Opens a frame that returns to <paramref name="returnId"/>.</summary>
        public void Push(int returnId, int gotoScope)
        {
            if (_count + 2 > _items.Length)
            {
                Array.Resize(ref _items, _items.Length * 2);
            }

            _items[_count++] = returnId;
            _items[_count++] = gotoScope;
        }

        /// <summary>Closes the innermost frame: its return point, and the goto scope to restore.</summary>
        public int Pop(out int gotoScope)
        {
            gotoScope = _items[--_count];
            return _items[--_count];
        }

        internal void Clear() => _count = 0;

        /// <summary>The frames, bottom first, where they lie (valid until the stack changes).</summary>
        internal ReadOnlySpan<int> Items => _items.AsSpan(0, _count);

        internal void Load(int[] items)
        {
            if (items.Length > _items.Length)
            {
                _items = new int[items.Length];
            }

            items.CopyTo(_items, 0);
            _count = items.Length;
        }
    }
}
