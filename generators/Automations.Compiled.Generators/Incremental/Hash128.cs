using System;

namespace Automations.Compiled.Generators.Incremental
{
    /// <summary>
    /// A 128-bit hash of text, as a value. Keys compare hashes instead of holding whole files; two different inputs
    /// share one with a probability near 2^-128.
    /// </summary>
    internal readonly struct Hash128 : IEquatable<Hash128>
    {
        public Hash128(ulong high, ulong low)
        {
            High = high;
            Low = low;
        }

        public ulong High { get; }

        public ulong Low { get; }

        public bool Equals(Hash128 other) => High == other.High && Low == other.Low;

        public override bool Equals(object? obj) => obj is Hash128 other && Equals(other);

        public override int GetHashCode() => unchecked((int)Low ^ (int)(Low >> 32) ^ (int)High);

        public override string ToString() => High.ToString("x16") + Low.ToString("x16");

        /// <summary>A value no input hashes to in practice: keys made with it never equal an earlier key.</summary>
        public static Hash128 Unique() => FromGuid(Guid.NewGuid());

        private static Hash128 FromGuid(Guid guid)
        {
            var bytes = guid.ToByteArray();
            return new Hash128(BitConverter.ToUInt64(bytes, 0), BitConverter.ToUInt64(bytes, 8));
        }
    }
}
