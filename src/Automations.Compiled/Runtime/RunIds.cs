using System;
using System.Threading;

namespace Automations.Compiled.Runtime
{
    /// <summary>
    /// Run ids that are unique without asking the OS for randomness on every run: 64 random bits chosen
    /// once per process, then a counter. <c>Guid.NewGuid()</c> reads the kernel's random source per call,
    /// which costs more than a whole synchronous run.
    /// </summary>
    internal static class RunIds
    {
        private static readonly ulong ProcessPrefix = BitConverter.ToUInt64(Guid.NewGuid().ToByteArray(), 0);
        private static long _counter;

        public static Guid Next()
        {
            var count = (ulong)Interlocked.Increment(ref _counter);
            Span<byte> bytes = stackalloc byte[16];
            BitConverter.TryWriteBytes(bytes, ProcessPrefix);
            BitConverter.TryWriteBytes(bytes.Slice(8), count);
            return new Guid(bytes);
        }
    }
}
