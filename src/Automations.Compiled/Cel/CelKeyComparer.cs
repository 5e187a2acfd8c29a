using System;
using System.Collections.Generic;

namespace Automations.Compiled.Cel
{
    /// <summary>Keys of <c>dyn</c> maps: CEL's equality, so <c>1</c>, <c>1u</c> and <c>1.0</c> are the same key.</summary>
    internal sealed class CelKeyComparer : IEqualityComparer<object>
    {
        public static readonly CelKeyComparer Instance = new();

        public new bool Equals(object? x, object? y) => CelRuntime.Equal(x, y);

        public int GetHashCode(object obj) => CelRuntime.Normalize(obj) switch
        {
            long l => ((double)l).GetHashCode(),
            ulong u => ((double)u).GetHashCode(),
            double d => d.GetHashCode(),
            string s => StringComparer.Ordinal.GetHashCode(s),
            null => 0,
            var other => other.GetHashCode(),
        };
    }
}
