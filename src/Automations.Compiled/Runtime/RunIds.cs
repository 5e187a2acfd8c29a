using System;

namespace Automations.Compiled.Runtime
{
    /// <summary>
    /// Run ids that are unique without asking the OS for randomness on every run: each thread picks 64
    /// random bits once, then counts. <c>Guid.NewGuid()</c> reads the kernel's random source per call, which
    /// costs more than a whole synchronous run, and a shared atomic counter costs more than a step.
    /// </summary>
    internal static class RunIds
    {
        [ThreadStatic]
        private static ulong t_prefix;

        [ThreadStatic]
        private static ulong t_counter;

        public static Guid Next()
        {
            var prefix = t_prefix;
            if (prefix == 0)
            {
                prefix = t_prefix = Seed();
            }

            // (scrambled counter, prefix): multiplying by an odd constant is a bijection on 64 bits, so ids of one
            // thread stay distinct, and ids of two threads differ in their prefix; the ids just look random.
            var low = (++t_counter * 0x9E3779B97F4A7C15UL) ^ prefix;
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

        private static ulong Seed()
        {
            Span<byte> seed = stackalloc byte[8];
            System.Security.Cryptography.RandomNumberGenerator.Fill(seed);
            return BitConverter.ToUInt64(seed) | 1; // never 0, so 0 means "not chosen yet"
        }
    }
}
