using System;

namespace Automations.Compiled.Runtime
{
    /// <summary>
    /// Run ids that are unique without asking the OS for randomness on every run, and without a thread-static or
    /// atomic access per run. The high 64 bits are a random prefix chosen once per thread; the low 64 bits are a
    /// counter. A state machine takes a block of 2³² counter values from its thread once and counts inside it, so
    /// two machines of one thread never share a value and two threads differ in their prefix.
    /// <c>Guid.NewGuid()</c> reads the kernel's random source per call, which costs more than a whole synchronous run.
    /// </summary>
    internal struct RunIds
    {
        private const ulong BlockSize = 1UL << 32;

        [ThreadStatic]
        private static ulong t_prefix;

        [ThreadStatic]
        private static ulong t_blocks;

        private ulong _prefix;
        private ulong _next;
        private ulong _end;

        /// <summary>The next id of this machine's block (a new block when it is used up, or on first use).</summary>
        public Guid Next()
        {
            if (_next == _end)
            {
                TakeBlock();
            }

            // Multiplying by an odd constant is a bijection on 64 bits: distinct counters stay distinct, and the ids look random.
            return Compose(_next++ * 0x9E3779B97F4A7C15UL, _prefix);
        }

        /// <summary>
        /// The id <c>new Guid((uint)low, (ushort)(low &gt;&gt; 32), (ushort)(low &gt;&gt; 48), prefix's bytes from the lowest)</c>:
        /// on a little-endian machine exactly the two numbers in a row, so two stores instead of eleven fields.
        /// </summary>
        internal static Guid Compose(ulong low, ulong prefix)
        {
            if (BitConverter.IsLittleEndian)
            {
                Guid id = default;
                ref var words = ref System.Runtime.CompilerServices.Unsafe.As<Guid, ulong>(ref id);
                words = low;
                System.Runtime.CompilerServices.Unsafe.Add(ref words, 1) = prefix;
                return id;
            }

            return new Guid(
                (uint)low,
                (ushort)(low >> 32),
                (ushort)(low >> 48),
                (byte)prefix,
                (byte)(prefix >> 8),
                (byte)(prefix >> 16),
                (byte)(prefix >> 24),
                (byte)(prefix >> 32),
                (byte)(prefix >> 40),
                (byte)(prefix >> 48),
                (byte)(prefix >> 56));
        }

        private void TakeBlock()
        {
            if (t_prefix == 0)
            {
                Span<byte> seed = stackalloc byte[8];
                System.Security.Cryptography.RandomNumberGenerator.Fill(seed);
                t_prefix = BitConverter.ToUInt64(seed) | 1; // never 0, so 0 means "not chosen yet"
            }

            _prefix = t_prefix;
            _next = ++t_blocks * BlockSize; // block 0 is never given, so a fresh machine (_next == _end == 0) takes one
            _end = _next + BlockSize;
        }
    }
}
