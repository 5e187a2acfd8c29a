using System;
using System.Threading;

namespace Automations.Compiled.Testing
{
    /// <summary>
    /// A scenario's clock: it stands still unless the scenario moves it (<see cref="Advance"/>), so every timestamp of a
    /// run is known. A timer the run sets while it runs (a retry's back-off, an action's own delay through the run's
    /// <see cref="TimeProvider"/>) does not wait: the clock moves forward by its delay and it fires at once.
    /// </summary>
    internal sealed class ScenarioClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        /// <summary>Now, in UTC.</summary>
        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        /// <inheritdoc />
        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

        /// <summary>Moves the clock forward.</summary>
        public void Advance(TimeSpan by)
        {
            if (by < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(by), by, "A scenario's clock only moves forward.");
            }

            Interlocked.Add(ref _ticks, by.Ticks);
        }

        /// <inheritdoc />
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new Timer(this, callback, state);
            timer.Change(dueTime, period);
            return timer;
        }

        /// <summary>A timer that fires once per <see cref="Change"/> with a finite due time, after moving the clock by it.</summary>
        private sealed class Timer(ScenarioClock clock, TimerCallback callback, object? state) : ITimer
        {
            private int _generation;

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                var generation = Interlocked.Increment(ref _generation);
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }

                clock.Advance(dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);

                // Fired off the caller's stack (Task.Delay sets its timer up before it can be completed), and not at all
                // when changed or disposed meanwhile. A periodic timer fires once: nothing in a run sets one.
                ThreadPool.UnsafeQueueUserWorkItem(
                    static s =>
                    {
                        var (timer, expected) = s;
                        if (Volatile.Read(ref timer._generation) == expected)
                        {
                            timer.Fire();
                        }
                    },
                    (this, generation),
                    preferLocal: false);
                return true;
            }

            public void Dispose() => Interlocked.Increment(ref _generation);

            public System.Threading.Tasks.ValueTask DisposeAsync()
            {
                Dispose();
                return default;
            }

            private void Fire() => callback(state);
        }
    }
}
