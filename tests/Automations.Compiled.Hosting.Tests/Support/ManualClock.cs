using System;

namespace Automations.Compiled.Hosting.Tests.Support
{
    /// <summary>A clock the test moves by hand, for leases and due times.</summary>
    internal sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now;

        public ManualClock(DateTimeOffset start) => _now = start;

        public static ManualClock AtNoon() => new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

        public override DateTimeOffset GetUtcNow()
        {
            lock (this)
            {
                return _now;
            }
        }

        public void Set(DateTimeOffset now)
        {
            lock (this)
            {
                _now = now;
            }
        }

        public void Advance(TimeSpan by)
        {
            lock (this)
            {
                _now += by;
            }
        }
    }
}
