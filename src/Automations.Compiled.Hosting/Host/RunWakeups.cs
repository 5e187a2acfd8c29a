using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;
using Automations.Compiled.Runtime;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// Wakes the callers that wait for a run to move (<c>WaitForStatusAsync</c>, a lifecycle's wait for rest): when a leg of
    /// the run ends in this host, at the next tick of one shared timer (every <see cref="PollFallback"/>: another host may
    /// move the run), or when the caller gives up. One pooled <see cref="RunWake"/> per waiting call, armed again for each
    /// look, instead of a completion source, a <c>WhenAny</c> and a <c>WaitAsync</c> per look.
    /// </summary>
    internal sealed class RunWakeups : IDisposable
    {
        /// <summary>How often every waiter looks again without a local wake-up.</summary>
        public static readonly TimeSpan PollFallback = TimeSpan.FromMilliseconds(250);

        private readonly Dictionary<Guid, RunWake> _armed = new(); // per run, a chain through RunWake.Next
        private readonly Timer _timer;
        private int _timerStarted;
        private bool _disposed;

        public RunWakeups() => _timer = new Timer(static state => ((RunWakeups)state!).Tick(), this, Timeout.Infinite, Timeout.Infinite);

        /// <summary>A wake-up for <paramref name="runId"/>, to <see cref="RunWake.Arm"/> before each look at the run and to dispose after the last.</summary>
        public RunWake Rent(Guid runId, CancellationToken cancellationToken)
        {
            if (Interlocked.CompareExchange(ref _timerStarted, 1, 0) == 0)
            {
                _timer.Change(PollFallback, PollFallback);
            }

            return RunWake.Rent(this, runId, cancellationToken);
        }

        /// <summary>A leg of <paramref name="runId"/> ended here, committing <paramref name="committed"/> (null: not a final status).</summary>
        public void LegEnded(Guid runId, FlowStatus? committed)
        {
            lock (_armed)
            {
                if (_armed.Remove(runId, out var chain))
                {
                    WakeAll(chain, committed);
                }
            }
        }

        /// <summary>Every waiter looks again.</summary>
        public void Tick()
        {
            lock (_armed)
            {
                foreach (var chain in _armed.Values)
                {
                    WakeAll(chain, null);
                }

                _armed.Clear();
            }
        }

        private static void WakeAll(RunWake? wake, FlowStatus? committed)
        {
            while (wake is not null)
            {
                var next = wake.Next;
                wake.Wake(committed);
                wake = next;
            }
        }

        public void Dispose()
        {
            lock (_armed)
            {
                _disposed = true;
            }

            _timer.Dispose();
            Tick(); // nobody waits for a tick that never comes
        }

        internal void Register(RunWake wake)
        {
            lock (_armed)
            {
                if (_disposed)
                {
                    wake.Wake(null); // a host that stops: look once more and find the journal gone, or the status
                    return;
                }

                wake.Armed = true;
                wake.Next = _armed.TryGetValue(wake.RunId, out var head) ? head : null;
                _armed[wake.RunId] = wake;
            }
        }

        /// <summary>Takes <paramref name="wake"/> out of its run's chain; false when it was woken already (its result is set).</summary>
        internal bool Unregister(RunWake wake)
        {
            lock (_armed)
            {
                if (!wake.Armed)
                {
                    return false;
                }

                wake.Armed = false;
                var head = _armed[wake.RunId];
                if (head == wake)
                {
                    if (wake.Next is { } next)
                    {
                        _armed[wake.RunId] = next;
                    }
                    else
                    {
                        _armed.Remove(wake.RunId);
                    }
                }
                else
                {
                    var before = head;
                    while (before.Next != wake)
                    {
                        before = before.Next!;
                    }

                    before.Next = wake.Next;
                }

                wake.Next = null;
                return true;
            }
        }

        /// <summary>Cancels an armed wake (its caller gave up) under the lock the wakes take.</summary>
        internal void Cancel(RunWake wake)
        {
            lock (_armed)
            {
                if (Unregister(wake))
                {
                    wake.Fault(new OperationCanceledException(wake.CancellationToken));
                }
            }
        }
    }

    /// <summary>
    /// One waiting call's wake-up, pooled: armed before each look at the run, awaited once per arm, disposed after the last
    /// look. Its result is the final status a local leg committed, or null for "look again". All its moves happen under
    /// <see cref="RunWakeups"/>' lock, so a wake, a cancellation and a disarm never cross.
    /// </summary>
    internal sealed class RunWake : IValueTaskSource<FlowStatus?>, IDisposable
    {
        private static readonly IdlePool<RunWake> s_idle = new(1024);

        private ManualResetValueTaskSourceCore<FlowStatus?> _core = new() { RunContinuationsAsynchronously = true }; // never a caller's code on a leg's thread
        private RunWakeups _owner = null!;
        private CancellationTokenRegistration _registration;
        private bool _awaitable;

        public Guid RunId { get; private set; }

        public CancellationToken CancellationToken { get; private set; }

        /// <summary>In its run's chain (guarded by the owner's lock).</summary>
        internal bool Armed;

        /// <summary>The next wake of the same run (guarded by the owner's lock).</summary>
        internal RunWake? Next;

        internal static RunWake Rent(RunWakeups owner, Guid runId, CancellationToken cancellationToken)
        {
            var wake = s_idle.TryRent() ?? new RunWake();
            wake._owner = owner;
            wake.RunId = runId;
            wake.CancellationToken = cancellationToken;
            if (cancellationToken.CanBeCanceled)
            {
                wake._registration = cancellationToken.UnsafeRegister(static state => { var w = (RunWake)state!; w._owner.Cancel(w); }, wake);
            }

            return wake;
        }

        /// <summary>Asks to be woken: call before looking at the run, so a leg that ends in between is not missed.</summary>
        public void Arm()
        {
            if (_awaitable)
            {
                Disarm();
            }

            _core.Reset();
            _awaitable = true;
            _owner.Register(this);
            if (CancellationToken.IsCancellationRequested)
            {
                _owner.Cancel(this);
            }
        }

        /// <summary>Completes at the wake-up: the final status a local leg committed, or null; throws when the caller gave up.</summary>
        public ValueTask<FlowStatus?> WaitAsync()
        {
            _awaitable = false;
            return new ValueTask<FlowStatus?>(this, _core.Version);
        }

        /// <summary>Called under the owner's lock once this wake is out of its chain.</summary>
        internal void Wake(FlowStatus? committed)
        {
            Armed = false;
            Next = null;
            _core.SetResult(committed);
        }

        /// <summary>Called under the owner's lock once this wake is out of its chain.</summary>
        internal void Fault(Exception error) => _core.SetException(error);

        /// <summary>The last look found what the caller waited for: no wake-up is needed any more.</summary>
        private void Disarm()
        {
            _awaitable = false;
            if (!_owner.Unregister(this))
            {
                // Woken (or cancelled) in between: the result is set already; read it so the source can be used again.
                try
                {
                    _core.GetResult(_core.Version);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        /// <summary>Disarms, stops listening to the caller's token and goes back to the pool.</summary>
        public void Dispose()
        {
            _registration.Dispose(); // waits for a cancellation callback that is running
            _registration = default;
            if (_awaitable)
            {
                Disarm();
            }

            _core.Reset();
            _owner = null!;
            CancellationToken = default;
            s_idle.Return(this);
        }

        public FlowStatus? GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
            => _core.OnCompleted(continuation, state, token, flags);
    }
}
