using System;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// One caller's write, queued for a journal's writer (<typeparamref name="TWriter"/>, what the write's body works with):
    /// it runs inside a batch's transaction and is told the outcome after the commit.
    /// </summary>
    internal abstract class JournalWrite<TWriter>
    {
        protected JournalWrite(CancellationToken cancellationToken, bool exclusive)
        {
            CancellationToken = cancellationToken;
            Exclusive = exclusive;
        }

        public CancellationToken CancellationToken { get; }

        /// <summary>
        /// Runs alone, between two batches and outside any transaction (maintenance: a compaction), instead of in a batch:
        /// the writer commits the batch gathered before it, runs it, and then goes on with the writes queued after it.
        /// </summary>
        public bool Exclusive { get; }

        /// <summary>Runs the write's statements in the open transaction; a throw undoes only this write.</summary>
        public abstract void Execute(TWriter writer);

        /// <summary>Keeps a refusal (an illegal transition, a missing run) to report once the batch is over.</summary>
        public abstract void Refuse(Exception error);

        /// <summary>The batch committed: complete the caller with its result or its refusal.</summary>
        public abstract void Committed();

        /// <summary>The batch did not commit: nothing of this write happened.</summary>
        public abstract void Failed(Exception error);

        /// <summary>Cancelled before it ran: nothing happened.</summary>
        public abstract void Cancelled();
    }

    /// <summary>A write that produces a <typeparamref name="T"/>.</summary>
    internal sealed class JournalWrite<TWriter, T> : JournalWrite<TWriter>
    {
        private readonly Func<TWriter, T> _body;

        // Continuations run on the pool, not inside the writer's loop: a caller's code never delays the next batch.
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _refusal;

        public JournalWrite(Func<TWriter, T> body, CancellationToken cancellationToken, bool exclusive = false)
            : base(cancellationToken, exclusive)
            => _body = body;

        public Task<T> Task => _done.Task;

        public override void Execute(TWriter writer) => _result = _body(writer);

        public override void Refuse(Exception error) => _refusal = error;

        public override void Committed()
        {
            if (_refusal is null)
            {
                _done.TrySetResult(_result!);
            }
            else
            {
                _done.TrySetException(_refusal);
            }
        }

        public override void Failed(Exception error) => _done.TrySetException(error);

        public override void Cancelled() => _done.TrySetCanceled(CancellationToken);
    }
}
