using System;

namespace Automations.Compiled.Schedule
{
    /// <summary>
    /// Maps wall-clock times of a zone to instants, finding gaps and overlaps from the zone's offsets alone.
    /// </summary>
    /// <remarks>
    /// It asks <see cref="TimeZoneInfo.GetUtcOffset(DateTime)"/> about UTC instants only and never uses
    /// <c>IsInvalidTime</c>/<c>IsAmbiguousTime</c>: on Linux, .NET describes some transitions (Jordan 2014-2021,
    /// Apia 2011) as changes of the base offset, which those two do not report, while the offset of an instant is
    /// always right.
    /// </remarks>
    internal sealed class ZoneClock
    {
        // Every instant that reads a given wall-clock time lies within this distance of it: UTC offsets, local mean
        // times included, stay within -12:00..+15:56.
        private static readonly TimeSpan Reach = TimeSpan.FromHours(16);

        // The widest offset a DateTimeOffset can carry; older local mean times beyond it are not supported.
        private static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

        private readonly TimeZoneInfo _zone;

        public ZoneClock(TimeZoneInfo zone) => _zone = zone;

        /// <summary>The offset of the zone at an instant.</summary>
        public TimeSpan OffsetAt(DateTime utc) => _zone.GetUtcOffset(utc);

        /// <summary>
        /// The wall-clock time (kind unspecified) of an instant; at the ends of the calendar, where it would fall before
        /// 0001-01-01 or after 9999-12-31, the first or last time there is.
        /// </summary>
        public DateTime LocalTime(DateTime utc) =>
            new(Math.Clamp(utc.Ticks + OffsetAt(utc).Ticks, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Unspecified);

        /// <summary>The instants that read <paramref name="local"/> on the zone's clock.</summary>
        public LocalTimeMapping Resolve(DateTime local)
        {
            var wall = DateTime.SpecifyKind(local, DateTimeKind.Utc);
            var before = OffsetAt(Clamp(wall.Ticks - Reach.Ticks));
            var after = OffsetAt(Clamp(wall.Ticks + Reach.Ticks));

            // An offset is right for this wall-clock time when the instant it gives really has that offset. Both
            // sides of the nearest transition are tried, and so are the offsets those instants report, in case of
            // a second transition within reach.
            DateTimeOffset? first = null;
            DateTimeOffset? last = null;
            Consider(local, before, ref first, ref last);
            Consider(local, after, ref first, ref last);
            Consider(local, OffsetAt(Clamp(wall.Ticks - before.Ticks)), ref first, ref last);
            Consider(local, OffsetAt(Clamp(wall.Ticks - after.Ticks)), ref first, ref last);

            if (first is { } one && last is { } other)
            {
                return one == other
                    ? new LocalTimeMapping(LocalTimeKind.Unique, one, one)
                    : new LocalTimeMapping(LocalTimeKind.Overlap, one, other);
            }

            var end = GapEnd(wall);
            return new LocalTimeMapping(LocalTimeKind.Gap, end, end);
        }

        private void Consider(DateTime local, TimeSpan offset, ref DateTimeOffset? first, ref DateTimeOffset? last)
        {
            var utcTicks = local.Ticks - offset.Ticks;
            if (offset.Duration() > MaxOffset || utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks
                || OffsetAt(new DateTime(utcTicks, DateTimeKind.Utc)) != offset)
            {
                return;
            }

            var instant = new DateTimeOffset(local.Ticks, offset);
            first = first is null || instant < first ? instant : first;
            last = last is null || instant > last ? instant : last;
        }

        // The first instant whose wall-clock time is past `wall`, to the second (transitions fall on whole seconds).
        private DateTimeOffset GapEnd(DateTime wall)
        {
            var low = (wall.Ticks - Reach.Ticks) / TimeSpan.TicksPerSecond;
            var high = (wall.Ticks + Reach.Ticks) / TimeSpan.TicksPerSecond;
            while (high - low > 1)
            {
                var middle = low + ((high - low) / 2);
                var utc = Clamp(middle * TimeSpan.TicksPerSecond);
                if (utc.Ticks + OffsetAt(utc).Ticks > wall.Ticks)
                {
                    high = middle;
                }
                else
                {
                    low = middle;
                }
            }

            var end = Clamp(high * TimeSpan.TicksPerSecond);
            var offset = OffsetAt(end);
            return new DateTimeOffset(end.Ticks + offset.Ticks, offset);
        }

        private static DateTime Clamp(long ticks) =>
            new(Math.Clamp(ticks, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
    }
}
