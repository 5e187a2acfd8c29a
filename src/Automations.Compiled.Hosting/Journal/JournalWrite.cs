using System;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting
{
    /// <summary>A queued write as its writer's completion chunks see it: something to tell its caller about.</summary>
    internal abstract class JournalWrite
    {
        /// <summary>Completes the caller's task with the outcome the writer settled; never throws.</summary>
        public abstract void Deliver();
    }

    /// <summary>
    /// One caller's write, queued for a journal's writer (<typeparamref name="TWriter"/>, what the write's body works with):
    /// it runs inside a batch's transaction and is told the outcome after the commit.
    /// </summary>
    internal abstract class JournalWrite<TWriter> : JournalWrite
    {
        private readonly WriteDelivery? _delivery;

        protected JournalWrite(CancellationToken cancellationToken, bool exclusive, WriteDelivery? delivery)
        {
            CancellationToken = cancellationToken;
            Exclusive = exclusive;
            _delivery = delivery;
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

        /// <summary>The batch committed: the caller gets its result or its refusal.</summary>
        public void Committed() => Settle(WriteOutcome.Committed, null);

        /// <summary>The batch did not commit: nothing of this write happened.</summary>
        public void Failed(Exception error) => Settle(WriteOutcome.Failed, error);

        /// <summary>Cancelled before it ran: nothing happened.</summary>
        public void Cancelled() => Settle(WriteOutcome.Cancelled, null);

        protected WriteOutcome Outcome { get; private set; }

        protected Exception? Failure { get; private set; }

        private void Settle(WriteOutcome outcome, Exception? failure)
        {
            Outcome = outcome;
            Failure = failure;
            if (_delivery is null)
            {
                Deliver(); // its task runs continuations on the pool by itself
            }
            else
            {
                _delivery.Add(this);
            }
        }

        protected enum WriteOutcome
        {
            Committed,
            Failed,
            Cancelled,
        }
    }

    /// <summary>A write that produces a <typeparamref name="T"/> from <typeparamref name="TState"/> (no closure per write).</summary>
    internal sealed class JournalWrite<TWriter, TState, T> : JournalWrite<TWriter>
    {
        private readonly TState _state;
        private readonly Func<TWriter, TState, T> _body;
        private readonly TaskCompletionSource<T> _done;
        private T? _result;
        private Exception? _refusal;

        /// <param name="state">What the body works on (a tuple of the request's parts, say).</param>
        /// <param name="body">A static body: no closure per write.</param>
        /// <param name="cancellationToken">Cancels the write while it is queued.</param>
        /// <param name="exclusive">Runs alone between two batches (see <see cref="JournalWrite{TWriter}.Exclusive"/>).</param>
        /// <param name="delivery">
        /// Null: the caller's continuations run on the pool, one work item each (any caller's code may follow the await).
        /// Set: they run inline in the writer's completion chunks (the host's own leg writes, whose continuation is the
        /// run's next step up to its next write: a chunk of runs moves on in one work item).
        /// </param>
        public JournalWrite(TState state, Func<TWriter, TState, T> body, CancellationToken cancellationToken, bool exclusive, WriteDelivery? delivery)
            : base(cancellationToken, exclusive, delivery)
        {
            _state = state;
            _body = body;
            _done = new TaskCompletionSource<T>(delivery is null ? TaskCreationOptions.RunContinuationsAsynchronously : TaskCreationOptions.None);
        }

        public Task<T> Task => _done.Task;

        public override void Execute(TWriter writer) => _result = _body(writer, _state);

        public override void Refuse(Exception error) => _refusal = error;

        public override void Deliver()
        {
            switch (Outcome)
            {
                case WriteOutcome.Committed when _refusal is null:
                    _done.TrySetResult(_result!);
                    break;
                case WriteOutcome.Committed:
                    _done.TrySetException(_refusal);
                    break;
                case WriteOutcome.Failed:
                    _done.TrySetException(Failure!);
                    break;
                default:
                    _done.TrySetCanceled(CancellationToken);
                    break;
            }
        }
    }
}
