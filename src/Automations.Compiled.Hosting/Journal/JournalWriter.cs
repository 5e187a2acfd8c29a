using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// The queue in front of a journal's only writer (<typeparamref name="TWriter"/>: SQLite's, LiteDB's): callers queue
    /// writes, the writer's loop takes them in batches (<see cref="TakeBatch"/>), commits each batch once and settles its
    /// writes, whose callers are told in <see cref="Delivery"/>'s chunks or one by one on the pool.
    /// </summary>
    internal abstract class JournalWriter<TWriter>
        where TWriter : JournalWriter<TWriter>
    {
        private readonly Channel<JournalWrite<TWriter>> _queue = Channel.CreateUnbounded<JournalWrite<TWriter>>(new UnboundedChannelOptions { SingleReader = true });
        private readonly string _journal;

        /// <param name="journal">The journal's type name, for the error of a write queued after it closed.</param>
        protected JournalWriter(string journal) => _journal = journal;

        /// <summary>Where the host's leg writes are told of their outcome: in chunks, after each batch (see <see cref="WriteDelivery"/>).</summary>
        protected WriteDelivery Delivery { get; } = new();

        /// <summary>Queues a write; the task completes once it is durable (or refused, or failed with its batch).</summary>
        public Task<T> WriteAsync<T>(Func<TWriter, T> body, CancellationToken cancellationToken)
            => Enqueue(body, static (w, body) => body(w), cancellationToken, exclusive: false, inline: false);

        /// <summary>
        /// Queues a write whose body takes its <paramref name="state"/> (a static body: no closure per write). With
        /// <paramref name="inline"/> the caller's continuation runs in one of the writer's completion chunks
        /// (<see cref="WriteDelivery"/>) instead of a work item of its own: for the host's leg writes, whose continuation
        /// is the run's next step.
        /// </summary>
        public Task<T> WriteAsync<TState, T>(TState state, Func<TWriter, TState, T> body, CancellationToken cancellationToken, bool inline = false)
            => Enqueue(state, body, cancellationToken, exclusive: false, inline);

        /// <summary>
        /// Queues a write as a pooled write: the caller awaits the <see cref="ValueTask{TResult}"/> exactly once, and the
        /// write goes back to its pool (no task, completion source or write object per call). With
        /// <paramref name="inline"/> the caller's continuation runs in the writer's completion chunks (the host's leg
        /// writes, whose continuation is the run's next step); without, on the pool, as any caller's code may follow.
        /// </summary>
        public ValueTask<T> WritePooledAsync<TState, T>(TState state, Func<TWriter, TState, T> body, CancellationToken cancellationToken, bool inline)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<T>(cancellationToken);
            }

            var write = PooledJournalWrite<TWriter, TState, T>.Rent(state, body, cancellationToken, inline ? Delivery : null);
            var task = write.Task;
            return _queue.Writer.TryWrite(write) ? task : ValueTask.FromException<T>(Closed());
        }

        /// <summary>
        /// Queues a body that runs alone between two batches, outside any transaction (a compaction): the writes queued
        /// before it commit first, those queued after it wait for it. It must not leave a transaction open.
        /// </summary>
        public Task<T> ExclusiveAsync<T>(Func<TWriter, T> body, CancellationToken cancellationToken)
            => Enqueue(body, static (w, body) => body(w), cancellationToken, exclusive: true, inline: false);

        /// <summary>Refuses new writes; those queued already are still taken. False when it was closed before.</summary>
        protected bool CloseQueue() => _queue.Writer.TryComplete();

        /// <summary>Waits for a write to take; false once the queue is closed and empty.</summary>
        protected ValueTask<bool> WaitToReadAsync() => _queue.Reader.WaitToReadAsync();

        /// <summary>
        /// Takes the queued writes into <paramref name="batch"/>, up to <paramref name="maxBatch"/>: cancelled ones are
        /// settled as such, and an exclusive one ends the batch and is returned, to run after it.
        /// </summary>
        protected JournalWrite<TWriter>? TakeBatch(List<JournalWrite<TWriter>> batch, int maxBatch)
        {
            var reader = _queue.Reader;
            while (batch.Count < maxBatch && reader.TryRead(out var write))
            {
                if (write.CancellationToken.IsCancellationRequested)
                {
                    write.Cancelled();
                    continue;
                }

                if (write.Exclusive)
                {
                    return write;
                }

                batch.Add(write);
            }

            return null;
        }

        private Task<T> Enqueue<TState, T>(TState state, Func<TWriter, TState, T> body, CancellationToken cancellationToken, bool exclusive, bool inline)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled<T>(cancellationToken);
            }

            var write = new JournalWrite<TWriter, TState, T>(state, body, cancellationToken, exclusive, inline ? Delivery : null);
            return _queue.Writer.TryWrite(write) ? write.Task : Task.FromException<T>(Closed());
        }

        private ObjectDisposedException Closed() => new(_journal, "The journal is closed.");
    }
}
