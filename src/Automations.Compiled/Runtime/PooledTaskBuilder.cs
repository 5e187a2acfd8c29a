using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace Automations.Compiled.Runtime
{
    /// <summary>
    /// The builder of the durable path's <c>async ValueTask&lt;T&gt;</c> methods (a leg, a checkpoint, the machine's
    /// awaiting frames): when the method suspends, its state lives in a box that comes back to a pool once the caller has
    /// read the result, so a warmed host reuses the same boxes run after run.
    /// </summary>
    /// <remarks>
    /// The runtime's <see cref="PoolingAsyncValueTaskMethodBuilder{TResult}"/> keeps one box per thread and one per core:
    /// at a few hundred runs in flight every box is live at once and nearly every suspension allocates a new one. This pool
    /// keeps up to <see cref="PooledTaskBox{TResult}.PoolSize"/> idle boxes per method. The contract is the pooled
    /// <see cref="ValueTask{TResult}"/>'s: await the result once.
    /// </remarks>
    /// <typeparam name="TResult">The method's result.</typeparam>
    [StructLayout(LayoutKind.Auto)]
    [EditorBrowsable(EditorBrowsableState.Never)] // public for the generated machines' ExecuteAsync; not for callers
    public struct PooledTaskBuilder<TResult>
    {
        private PooledTaskBox<TResult>? _box;
        private TResult _result;
        private bool _completed;

        /// <summary>A builder for one call (the compiler calls it).</summary>
        /// <returns>An empty builder.</returns>
        public static PooledTaskBuilder<TResult> Create() => default;

        /// <summary>The method's result: complete when it finished without suspending, else its pooled box.</summary>
        public ValueTask<TResult> Task
        {
            get
            {
                if (_box is { } box)
                {
                    return new ValueTask<TResult>(box, box.Version);
                }

                // Only a method that finished without suspending gets here (one that threw has a box).
                return _completed ? new ValueTask<TResult>(_result) : throw new InvalidOperationException("The method has not finished.");
            }
        }

        /// <summary>The same result as a <see cref="ValueTask"/> (the box is both kinds of source).</summary>
        internal ValueTask UntypedTask
        {
            get
            {
                if (_box is { } box)
                {
                    return new ValueTask(box, box.Version);
                }

                return _completed ? default : throw new InvalidOperationException("The method has not finished.");
            }
        }

        /// <summary>Runs the method up to its first suspension.</summary>
        /// <typeparam name="TStateMachine">The method's state machine.</typeparam>
        /// <param name="stateMachine">The method's state machine.</param>
        public void Start<TStateMachine>(ref TStateMachine stateMachine)
            where TStateMachine : IAsyncStateMachine
            => AsyncValueTaskMethodBuilder<TResult>.Create().Start(ref stateMachine); // keeps the caller's context as the BCL's builders do

        /// <summary>Not used: the box holds a copy of the (value-type) state machine.</summary>
        /// <param name="stateMachine">Ignored.</param>
        public void SetStateMachine(IAsyncStateMachine stateMachine)
        {
            // Value-type state machines only: the box holds the copy.
        }

        /// <summary>Completes the method with <paramref name="result"/>.</summary>
        /// <param name="result">The method's result.</param>
        public void SetResult(TResult result)
        {
            if (_box is { } box)
            {
                box.SetResult(result);
            }
            else
            {
                _result = result;
                _completed = true;
            }
        }

        /// <summary>Completes the method with <paramref name="exception"/>.</summary>
        /// <param name="exception">What the method threw.</param>
        public void SetException(Exception exception)
        {
            var box = _box ??= new PooledTaskBox<TResult>(); // threw before its first suspension: an unpooled box carries it
            box.SetException(exception);
        }

        /// <summary>Suspends the method until <paramref name="awaiter"/> completes.</summary>
        /// <typeparam name="TAwaiter">The awaiter.</typeparam>
        /// <typeparam name="TStateMachine">The method's state machine.</typeparam>
        /// <param name="awaiter">What the method awaits.</param>
        /// <param name="stateMachine">The method's state machine.</param>
        public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
            where TAwaiter : INotifyCompletion
            where TStateMachine : IAsyncStateMachine
            => awaiter.OnCompleted(Box(ref stateMachine).MoveNextAction);

        /// <summary>Suspends the method until <paramref name="awaiter"/> completes (the execution context flows through the box).</summary>
        /// <typeparam name="TAwaiter">The awaiter.</typeparam>
        /// <typeparam name="TStateMachine">The method's state machine.</typeparam>
        /// <param name="awaiter">What the method awaits.</param>
        /// <param name="stateMachine">The method's state machine.</param>
        public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
            where TAwaiter : ICriticalNotifyCompletion
            where TStateMachine : IAsyncStateMachine
            => awaiter.UnsafeOnCompleted(Box(ref stateMachine).MoveNextAction);

        private PooledTaskBox<TResult, TStateMachine> Box<TStateMachine>(ref TStateMachine stateMachine)
            where TStateMachine : IAsyncStateMachine
        {
            var context = ExecutionContext.Capture();
            if (_box is PooledTaskBox<TResult, TStateMachine> suspended)
            {
                suspended.Context = context;
                return suspended;
            }

            var box = PooledTaskBox<TResult, TStateMachine>.Rent();
            _box = box; // before the copy: the box's copy of the state machine must know its box
            box.StateMachine = stateMachine;
            box.Context = context;
            return box;
        }
    }

    /// <summary>The <see cref="PooledTaskBuilder{TResult}"/> of methods that return a <see cref="ValueTask"/>.</summary>
    [StructLayout(LayoutKind.Auto)]
    internal struct PooledTaskBuilder
    {
        private PooledTaskBuilder<bool> _inner;

        public static PooledTaskBuilder Create() => default;

        public ValueTask Task => _inner.UntypedTask;

        public void Start<TStateMachine>(ref TStateMachine stateMachine)
            where TStateMachine : IAsyncStateMachine
            => AsyncValueTaskMethodBuilder.Create().Start(ref stateMachine);

        public void SetStateMachine(IAsyncStateMachine stateMachine)
        {
        }

        public void SetResult() => _inner.SetResult(true);

        public void SetException(Exception exception) => _inner.SetException(exception);

        public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
            where TAwaiter : INotifyCompletion
            where TStateMachine : IAsyncStateMachine
            => _inner.AwaitOnCompleted(ref awaiter, ref stateMachine);

        public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
            where TAwaiter : ICriticalNotifyCompletion
            where TStateMachine : IAsyncStateMachine
            => _inner.AwaitUnsafeOnCompleted(ref awaiter, ref stateMachine);
    }

    /// <summary>A suspended method's result, as the <see cref="ValueTask{TResult}"/> its caller awaits.</summary>
    internal class PooledTaskBox<TResult> : IValueTaskSource<TResult>, IValueTaskSource
    {
        /// <summary>Idle boxes kept per method: enough for the runs a host keeps in flight.</summary>
        internal const int PoolSize = 1024;

        private ManualResetValueTaskSourceCore<TResult> _core; // continuations run inline: whoever completes the box moves its caller on

        public short Version => _core.Version;

        public void SetResult(TResult result) => _core.SetResult(result);

        public void SetException(Exception exception) => _core.SetException(exception);

        public TResult GetResult(short token)
        {
            try
            {
                return _core.GetResult(token);
            }
            finally
            {
                _core.Reset();
                ReturnToPool();
            }
        }

        void IValueTaskSource.GetResult(short token) => GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
            => _core.OnCompleted(continuation, state, token, flags);

        /// <summary>Gives the box back once its result was read (an unpooled box, of a method that threw at once, is dropped).</summary>
        protected virtual void ReturnToPool()
        {
        }
    }

    /// <summary>The box of one method's state machine, pooled per method.</summary>
    internal sealed class PooledTaskBox<TResult, TStateMachine> : PooledTaskBox<TResult>
        where TStateMachine : IAsyncStateMachine
    {
        private static readonly ContextCallback s_moveNext = static box => ((PooledTaskBox<TResult, TStateMachine>)box!).StateMachine.MoveNext();
        private static readonly IdlePool<PooledTaskBox<TResult, TStateMachine>> s_idle = new(PoolSize);

        [ThreadStatic]
        private static PooledTaskBox<TResult, TStateMachine>? t_idle;

        public TStateMachine StateMachine = default!;
        public ExecutionContext? Context;
        private Action? _moveNext;

        public Action MoveNextAction => _moveNext ??= MoveNext;

        public static PooledTaskBox<TResult, TStateMachine> Rent()
        {
            var box = t_idle;
            if (box is not null)
            {
                t_idle = null;
                return box;
            }

            return s_idle.TryRent() ?? new PooledTaskBox<TResult, TStateMachine>();
        }

        private void MoveNext()
        {
            var context = Context;
            if (context is null || context == ExecutionContext.Capture())
            {
                StateMachine.MoveNext();
            }
            else
            {
                ExecutionContext.Run(context, s_moveNext, this);
            }
        }

        protected override void ReturnToPool()
        {
            StateMachine = default!;
            Context = null;
            if (t_idle is null)
            {
                t_idle = this;
                return;
            }

            s_idle.Return(this);
        }
    }
}
