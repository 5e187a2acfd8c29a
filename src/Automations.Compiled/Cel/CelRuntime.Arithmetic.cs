using System;
using System.Collections;
using System.Collections.Generic;

namespace Automations.Compiled.Cel
{
    public static partial class CelRuntime
    {
        private static CelException Overflow() => new("return error for overflow");

        /// <summary>int + int; overflow is an error.</summary>
        public static long Add(long a, long b)
        {
            var r = unchecked(a + b);
            return ((a ^ r) & (b ^ r)) < 0 ? throw Overflow() : r;
        }

        /// <summary>int - int; overflow is an error.</summary>
        public static long Subtract(long a, long b)
        {
            var r = unchecked(a - b);
            return ((a ^ b) & (a ^ r)) < 0 ? throw Overflow() : r;
        }

        /// <summary>int * int; overflow is an error.</summary>
        public static long Multiply(long a, long b)
        {
            var r = unchecked(a * b);
            var high = Math.BigMul(a, b, out var low);
            return high != (r >> 63) || low != r ? throw Overflow() : r;
        }

        /// <summary>int / int; division by zero and <c>int64 min / -1</c> are errors.</summary>
        public static long Divide(long a, long b)
        {
            if (b == 0)
            {
                throw new CelException("division by zero");
            }

            return b == -1 ? Negate(a) : a / b;
        }

        /// <summary>int % int; modulus by zero is an error.</summary>
        public static long Modulo(long a, long b)
        {
            if (b == 0)
            {
                throw new CelException("modulus by zero");
            }

            return b == -1 ? 0 : a % b;
        }

        /// <summary>-int; negating int64 min is an error.</summary>
        public static long Negate(long a) => a == long.MinValue ? throw Overflow() : -a;

        /// <summary>uint + uint; overflow is an error.</summary>
        public static ulong Add(ulong a, ulong b)
        {
            var r = unchecked(a + b);
            return r < a ? throw Overflow() : r;
        }

        /// <summary>uint - uint; going below zero is an error.</summary>
        public static ulong Subtract(ulong a, ulong b) => b > a ? throw Overflow() : a - b;

        /// <summary>uint * uint; overflow is an error.</summary>
        public static ulong Multiply(ulong a, ulong b)
        {
            var high = Math.BigMul(a, b, out var low);
            return high != 0 ? throw Overflow() : low;
        }

        /// <summary>uint / uint; division by zero is an error.</summary>
        public static ulong Divide(ulong a, ulong b) => b == 0 ? throw new CelException("division by zero") : a / b;

        /// <summary>uint % uint; modulus by zero is an error.</summary>
        public static ulong Modulo(ulong a, ulong b) => b == 0 ? throw new CelException("modulus by zero") : a % b;

        /// <summary>bytes + bytes.</summary>
        public static byte[] Concat(byte[] a, byte[] b)
        {
            var r = new byte[a.Length + b.Length];
            Buffer.BlockCopy(a, 0, r, 0, a.Length);
            Buffer.BlockCopy(b, 0, r, a.Length, b.Length);
            return r;
        }

        /// <summary>list + list.</summary>
        public static IReadOnlyList<T> Concat<T>(IReadOnlyList<T> a, IReadOnlyList<T> b)
        {
            if (a.Count == 0)
            {
                return b;
            }

            if (b.Count == 0)
            {
                return a;
            }

            var r = new T[a.Count + b.Count];
            for (var i = 0; i < a.Count; i++)
            {
                r[i] = a[i];
            }

            for (var i = 0; i < b.Count; i++)
            {
                r[a.Count + i] = b[i];
            }

            return r;
        }

        /// <summary><c>dyn + dyn</c>, dispatched on the values' runtime types.</summary>
        public static object? Add(object? a, object? b)
        {
            switch (Normalize(a), Normalize(b))
            {
                case (long x, long y):
                    return Add(x, y);
                case (ulong x, ulong y):
                    return Add(x, y);
                case (double x, double y):
                    return x + y;
                case (string x, string y):
                    return x + y;
                case (byte[] x, byte[] y):
                    return Concat(x, y);
                case (DateTimeOffset x, TimeSpan y):
                    return Add(x, y);
                case (TimeSpan x, DateTimeOffset y):
                    return Add(y, x);
                case (TimeSpan x, TimeSpan y):
                    return Add(x, y);
                case (IList x, IList y):
                    return Concat(DynList(x), DynList(y));
                default:
                    throw NoSuchOverload("_+_");
            }
        }

        /// <summary><c>dyn - dyn</c>.</summary>
        public static object? Subtract(object? a, object? b) => (Normalize(a), Normalize(b)) switch
        {
            (long x, long y) => Subtract(x, y),
            (ulong x, ulong y) => Subtract(x, y),
            (double x, double y) => x - y,
            (DateTimeOffset x, TimeSpan y) => Subtract(x, y),
            (DateTimeOffset x, DateTimeOffset y) => Subtract(x, y),
            (TimeSpan x, TimeSpan y) => Subtract(x, y),
            _ => throw NoSuchOverload("_-_"),
        };

        /// <summary><c>dyn * dyn</c>.</summary>
        public static object? Multiply(object? a, object? b) => (Normalize(a), Normalize(b)) switch
        {
            // Each arm boxes its own type (without the casts, C# would pick double as the switch's common type).
            (long x, long y) => (object)Multiply(x, y),
            (ulong x, ulong y) => (object)Multiply(x, y),
            (double x, double y) => x * y,
            _ => throw NoSuchOverload("_*_"),
        };

        /// <summary><c>dyn / dyn</c>.</summary>
        public static object? Divide(object? a, object? b) => (Normalize(a), Normalize(b)) switch
        {
            // Each arm boxes its own type (without the casts, C# would pick double as the switch's common type).
            (long x, long y) => (object)Divide(x, y),
            (ulong x, ulong y) => (object)Divide(x, y),
            (double x, double y) => x / y,
            _ => throw NoSuchOverload("_/_"),
        };

        /// <summary><c>dyn % dyn</c>.</summary>
        public static object? Modulo(object? a, object? b) => (Normalize(a), Normalize(b)) switch
        {
            (long x, long y) => Modulo(x, y),
            (ulong x, ulong y) => Modulo(x, y),
            _ => throw NoSuchOverload("_%_"),
        };

        /// <summary><c>-dyn</c>.</summary>
        public static object? Negate(object? a) => Normalize(a) switch
        {
            long x => Negate(x),
            double x => -x,
            TimeSpan x => Negate(x),
            _ => throw NoSuchOverload("-_"),
        };

        /// <summary><c>!dyn</c>.</summary>
        public static bool Not(object? a) => Normalize(a) is bool b ? !b : throw NoSuchOverload("!_");

        private static IReadOnlyList<object?> DynList(IList list)
        {
            if (list is IReadOnlyList<object?> objects)
            {
                return objects;
            }

            var copy = new object?[list.Count];
            list.CopyTo(copy, 0);
            return copy;
        }
    }
}
