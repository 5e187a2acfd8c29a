using Automations.Compiled.Runtime;
using System.Threading;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// Tells the callers of a writer's settled writes in chunks: a chunk of up to <see cref="ChunkSize"/> writes is one
    /// thread-pool work item that completes each caller in turn, its continuation running inline, instead of one work item
    /// (and one wake-up) per write. Only the writer's thread adds and flushes.
    /// </summary>
    /// <remarks>
    /// Small chunks bound how long a continuation that blocks holds up the others of its chunk; the writer's thread never
    /// runs a caller's code.
    /// </remarks>
    internal sealed class WriteDelivery
    {
        public const int ChunkSize = 8;

        private Chunk? _open;

        /// <summary>Adds a settled write; a full chunk goes to the pool at once.</summary>
        public void Add(JournalWrite write)
        {
            var chunk = _open ??= Chunk.Rent();
            chunk.Items[chunk.Count++] = write;
            if (chunk.Count == ChunkSize)
            {
                Flush();
            }
        }

        /// <summary>Sends the open chunk to the pool (the writer calls it after each batch).</summary>
        public void Flush()
        {
            if (_open is { } chunk)
            {
                _open = null;
                ThreadPool.UnsafeQueueUserWorkItem(chunk, preferLocal: false);
            }
        }

        private sealed class Chunk : IThreadPoolWorkItem
        {
            private static readonly IdlePool<Chunk> s_idle = new(64);

            public readonly JournalWrite?[] Items = new JournalWrite?[ChunkSize];
            public int Count;

            public static Chunk Rent() => s_idle.TryRent() ?? new Chunk();

            public void Execute()
            {
                var count = Count;
                for (var i = 0; i < count; i++)
                {
                    var write = Items[i]!;
                    Items[i] = null;
                    write.Deliver();
                }

                Count = 0;
                s_idle.Return(this);
            }
        }
    }
}
