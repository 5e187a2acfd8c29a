using System;
using System.Collections;
using System.Collections.Generic;

namespace Automations.Compiled.Cel
{
    public static partial class CelRuntime
    {
        // 2^63 and 2^64 as doubles: where a double stops fitting an int64 or a uint64.
        private const double TwoTo63 = 9223372036854775808.0;
        private const double TwoTo64 = 18446744073709551616.0;

        /// <summary>Orders two strings by code point (ordinal UTF-16 order differs above the surrogates).</summary>
        public static int Compare(string a, string b)
        {
            var length = Math.Min(a.Length, b.Length);
            for (var i = 0; i < length; i++)
            {
                var x = a[i];
                var y = b[i];
                if (x != y)
                {
                    // A surrogate (a code point above U+FFFF) sorts after every BMP character, U+E000..U+FFFF included.
                    var xs = char.IsSurrogate(x);
                    var ys = char.IsSurrogate(y);
                    return xs == ys ? x.CompareTo(y) : xs ? 1 : -1;
                }
            }

            return a.Length.CompareTo(b.Length);
        }

        /// <summary>Orders two byte strings lexicographically.</summary>
        public static int Compare(byte[] a, byte[] b) => a.AsSpan().SequenceCompareTo(b);

        /// <summary>Orders two bools (false &lt; true).</summary>
        public static int Compare(bool a, bool b) => a.CompareTo(b);

        /// <summary>Orders an int and a uint exactly.</summary>
        public static int Compare(long a, ulong b) => a < 0 ? -1 : ((ulong)a).CompareTo(b);

        /// <summary>Orders a uint and an int exactly.</summary>
        public static int Compare(ulong a, long b) => -Compare(b, a);

        // int or uint against double compares as doubles, as cel-go does (so 2^63 - 1 and 2^63 as a double are equal).

        /// <summary>Orders an int and a double (as doubles).</summary>
        public static int Compare(long a, double b) => ((double)a).CompareTo(b);

        /// <summary>Orders a uint and a double (as doubles).</summary>
        public static int Compare(ulong a, double b) => ((double)a).CompareTo(b);

        /// <summary>int == double.</summary>
        public static bool Equal(long a, double b) => a == b;

        /// <summary>uint == double.</summary>
        public static bool Equal(ulong a, double b) => a == b;

        /// <summary>int == uint.</summary>
        public static bool Equal(long a, ulong b) => a >= 0 && (ulong)a == b;

        /// <summary>bytes == bytes.</summary>
        public static bool Equal(byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b);

        /// <summary>
        /// CEL equality of any two values: numbers compare across int, uint and double; lists and maps compare deeply;
        /// values of different types are unequal (never an error).
        /// </summary>
        public static bool Equal(object? a, object? b)
        {
            a = Normalize(a);
            b = Normalize(b);
            switch (a)
            {
                case null:
                    return b is null;
                case long x:
                    return b switch { long y => x == y, ulong y => Equal(x, y), double y => Equal(x, y), _ => false };
                case ulong x:
                    return b switch { ulong y => x == y, long y => Equal(y, x), double y => Equal(x, y), _ => false };
                case double x:
                    return b switch { double y => x == y, long y => Equal(y, x), ulong y => Equal(y, x), _ => false };
                case string x:
                    return b is string s && string.Equals(x, s, StringComparison.Ordinal);
                case byte[] x:
                    return b is byte[] bytes && Equal(x, bytes);
                case IList x:
                    return b is IList list && ListEqual(x, list);
                case IDictionary x:
                    return b is IDictionary map && MapEqual(x, map);
                default:
                    return b is not null && !(b is IList or IDictionary) && a.Equals(b);
            }
        }

        private static bool ListEqual(IList a, IList b)
        {
            if (a.Count != b.Count)
            {
                return false;
            }

            for (var i = 0; i < a.Count; i++)
            {
                if (!Equal(a[i], b[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool MapEqual(IDictionary a, IDictionary b)
        {
            if (a.Count != b.Count)
            {
                return false;
            }

            foreach (DictionaryEntry entry in a)
            {
                if (!TryGet(b, entry.Key, out var value) || !Equal(entry.Value, value))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Orders two <c>dyn</c> values of comparable types; NaN yields null (unordered).</summary>
        private static int? Order(object? a, object? b, string function)
        {
            switch (Normalize(a), Normalize(b))
            {
                case (long x, long y):
                    return x.CompareTo(y);
                case (ulong x, ulong y):
                    return x.CompareTo(y);
                case (double x, double y):
                    return double.IsNaN(x) || double.IsNaN(y) ? null : x.CompareTo(y);
                case (long x, ulong y):
                    return Compare(x, y);
                case (ulong x, long y):
                    return Compare(x, y);
                case (long x, double y):
                    return double.IsNaN(y) ? null : Compare(x, y);
                case (double x, long y):
                    return double.IsNaN(x) ? null : -Compare(y, x);
                case (ulong x, double y):
                    return double.IsNaN(y) ? null : Compare(x, y);
                case (double x, ulong y):
                    return double.IsNaN(x) ? null : -Compare(y, x);
                case (string x, string y):
                    return Compare(x, y);
                case (byte[] x, byte[] y):
                    return Compare(x, y);
                case (bool x, bool y):
                    return x.CompareTo(y);
                case (DateTimeOffset x, DateTimeOffset y):
                    return x.CompareTo(y);
                case (TimeSpan x, TimeSpan y):
                    return x.CompareTo(y);
                default:
                    throw NoSuchOverload(function);
            }
        }

        /// <summary><c>dyn &lt; dyn</c>.</summary>
        public static bool Less(object? a, object? b) => Order(a, b, "_<_") is < 0;

        /// <summary><c>dyn &lt;= dyn</c>.</summary>
        public static bool LessOrEqual(object? a, object? b) => Order(a, b, "_<=_") is <= 0;

        /// <summary><c>dyn &gt; dyn</c>.</summary>
        public static bool Greater(object? a, object? b) => Order(a, b, "_>_") is > 0;

        /// <summary><c>dyn &gt;= dyn</c>.</summary>
        public static bool GreaterOrEqual(object? a, object? b) => Order(a, b, "_>=_") is >= 0;
    }
}
