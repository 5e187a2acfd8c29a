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
            if (t_prefix == 0)
            {
                Span<byte> seed = stackalloc byte[8];
                System.Security.Cryptography.RandomNumberGenerator.Fill(seed);
                t_prefix = BitConverter.ToUInt64(seed) | 1; // never 0, so 0 means "not chosen yet"
            }

            // (scrambled counter, prefix): multiplying by an odd constant is a bijection on 64 bits, so ids of one
            // thread stay distinct, and ids of two threads differ in their prefix; the ids just look random.
            Span<byte> bytes = stackalloc byte[16];
            BitConverter.TryWriteBytes(bytes, (++t_counter * 0x9E3779B97F4A7C15UL) ^ t_prefix);
            BitConverter.TryWriteBytes(bytes.Slice(8), t_prefix);
            return new Guid(bytes);
        }
    }
}
