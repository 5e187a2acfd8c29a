using System;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;
using Automations.Compiled.Runtime;

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
        private WriteDelivery? _delivery;

        protected JournalWrite(CancellationToken cancellationToken, bool exclusive, WriteDelivery? delivery)
            => Arm(cancellationToken, exclusive, delivery);

        /// <summary>Readies the write for (another) trip through a writer's queue: a pooled write is armed once per use.</summary>
        protected void Arm(CancellationToken cancellationToken, bool exclusive, WriteDelivery? delivery)
        {
            CancellationToken = cancellationToken;
            Exclusive = exclusive;
            _delivery = delivery;
            Outcome = WriteOutcome.Committed;
            Failure = null;
        }

        public CancellationToken CancellationToken { get; private set; }

        /// <summary>
        /// Runs alone, between two batches and outside any transaction (maintenance: a compaction), instead of in a batch:
        /// the writer commits the batch gathered before it, runs it, and then goes on with the writes queued after it.
        /// </summary>
        public bool Exclusive { get; private set; }

        /// <summary>
        /// Runs the write's statements in the open transaction; a throw undoes only this write. A write may run more than
        /// once (its batch rolled back and run again): only the last run's result or refusal counts.
        /// </summary>
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

        /// <summary>What the caller is to see thrown (null: the write committed and <paramref name="refusal"/> is null).</summary>
        protected Exception? ErrorFor(Exception? refusal) => Outcome switch
        {
            WriteOutcome.Committed => refusal,
            WriteOutcome.Failed => Failure,
            _ => new OperationCanceledException(CancellationToken),
        };

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

        public override void Execute(TWriter writer)
        {
            _refusal = null; // a batch that runs again (PostgreSQL's, after a deadlock) decides its writes again
            _result = _body(writer, _state);
        }

        public override void Refuse(Exception error) => _refusal = error;

        public override void Deliver()
        {
            if (Outcome == WriteOutcome.Cancelled)
            {
                _done.TrySetCanceled(CancellationToken);
            }
            else if (ErrorFor(_refusal) is { } error)
            {
                _done.TrySetException(error);
            }
            else
            {
                _done.TrySetResult(_result!);
            }
        }
    }

    /// <summary>
    /// A write of the host's own (a run's start, a checkpoint, a leg's end), pooled: awaited exactly once through the
    /// <see cref="ValueTask{TResult}"/> it hands out, then back to the pool, so the write costs no task, no completion source
    /// and no write object. Its caller's continuation runs in the writer's completion chunks (<see cref="WriteDelivery"/>),
    /// or on the pool when it has no chunks to run in.
    /// </summary>
    internal sealed class PooledJournalWrite<TWriter, TState, T> : JournalWrite<TWriter>, IValueTaskSource<T>
    {
        private static readonly IdlePool<PooledJournalWrite<TWriter, TState, T>> s_idle = new(1024);

        private ManualResetValueTaskSourceCore<T> _core;
        private TState _state = default!;
        private Func<TWriter, TState, T> _body = null!;
        private T? _result;
        private Exception? _refusal;

        private PooledJournalWrite()
            : base(CancellationToken.None, exclusive: false, delivery: null)
        {
        }

        /// <summary>
        /// A write of <paramref name="body"/> over <paramref name="state"/>, whose caller is told in
        /// <paramref name="delivery"/>'s chunks (its continuation inline there), or without chunks on the pool.
        /// </summary>
        public static PooledJournalWrite<TWriter, TState, T> Rent(TState state, Func<TWriter, TState, T> body, CancellationToken cancellationToken, WriteDelivery? delivery)
        {
            var write = s_idle.TryRent() ?? new PooledJournalWrite<TWriter, TState, T>();
            write.Arm(cancellationToken, exclusive: false, delivery);
            write._core.RunContinuationsAsynchronously = delivery is null; // the writer's thread never runs a caller's code
            write._state = state;
            write._body = body;
            return write;
        }

        /// <summary>The caller's view of the write: await it once.</summary>
        public ValueTask<T> Task => new(this, _core.Version);

        public override void Execute(TWriter writer)
        {
            _refusal = null; // a batch that runs again (PostgreSQL's, after a deadlock) decides its writes again
            _result = _body(writer, _state);
        }

        public override void Refuse(Exception error) => _refusal = error;

        public override void Deliver()
        {
            if (ErrorFor(_refusal) is { } error)
            {
                _core.SetException(error);
            }
            else
            {
                _core.SetResult(_result!);
            }
        }

        public T GetResult(short token)
        {
            try
            {
                return _core.GetResult(token);
            }
            finally
            {
                _core.Reset();
                _state = default!;
                _body = null!;
                _result = default;
                _refusal = null;
                s_idle.Return(this);
            }
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
            => _core.OnCompleted(continuation, state, token, flags);
    }
}
