using System;
using System.Buffers;
using System.Text.Json;

namespace Automations.Compiled.Runtime
{
    /// <summary>
    /// A thread's buffer and JSON writer for the small documents the host writes on every run (a start payload, a wait):
    /// rented, written, copied out as exactly the bytes written, returned. Rent and return on the same thread; a nested
    /// rent (a serializer that writes another payload) gets a fresh one.
    /// </summary>
    internal sealed class JsonScratch
    {
        private const int KeepAtMost = 64 * 1024;

        [ThreadStatic]
        private static JsonScratch? t_idle;

        private readonly ArrayBufferWriter<byte> _buffer = new(512);
        private readonly Utf8JsonWriter _json;

        private JsonScratch() => _json = new Utf8JsonWriter(_buffer);

        /// <summary>The thread's scratch, its writer reset and empty.</summary>
        public static JsonScratch Rent()
        {
            var scratch = t_idle ?? new JsonScratch();
            t_idle = null;
            scratch._buffer.ResetWrittenCount();
            scratch._json.Reset(scratch._buffer);
            return scratch;
        }

        public Utf8JsonWriter Json => _json;

        /// <summary>What was written so far (flushed).</summary>
        public ReadOnlySpan<byte> Written
        {
            get
            {
                _json.Flush();
                return _buffer.WrittenSpan;
            }
        }

        /// <summary>Gives it back for the next document on this thread (one that grew past 64 KB is dropped).</summary>
        public void Return()
        {
            if (_buffer.Capacity <= KeepAtMost)
            {
                t_idle = this;
            }
        }
    }
}
