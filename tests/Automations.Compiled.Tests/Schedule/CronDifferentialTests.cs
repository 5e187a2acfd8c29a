using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Schedule;
using Cronos;
using Xunit;
using Xunit.Abstractions;

namespace Automations.Compiled.Tests.Schedule
{
    /// <summary>
    /// <see cref="CronSchedule"/> side by side with Cronos' own time-zone conversion
    /// (<c>CronExpression.GetNextOccurrence(DateTimeOffset, TimeZoneInfo)</c>) at every UTC-offset change of every
    /// zone the runtime knows (<see cref="TimeZoneIds"/>, 598 ids with links, as this host's tzdata describes them)
    /// from 2010 to 2030.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Coverage. Transitions are found by sampling each zone's offset every 12 hours and bisecting a change to the
    /// second (two changes less than 12 hours apart would be missed; tzdata has none in these years). At each
    /// transition 13 expressions are built from its wall-clock times, so that they fall in the gap or overlap and at
    /// its edges: daily at the start, middle and end of the changed stretch (5 and 6 fields), hourly,
    /// <c>*/15</c>, <c>30 */30 * * * *</c>, an hour range that wraps around midnight when the transition is late in
    /// the day, and the extensions on the transition's own day (<c>n#k</c>, <c>nW</c>, <c>L-n</c>, <c>?</c>, and
    /// <c>H/20</c> with a jitter seed). Each is searched from 3 hours, 1 hour and 1 second before the transition and at it,
    /// and for an overlap from the middle of each pass, walking up to 6 occurrences or 4 hours past the
    /// transition: about 1.4 million next-occurrence questions, each asked of both, in a few seconds on 2 cores.
    /// </para>
    /// <para>
    /// Every occurrence of ours must carry an offset the zone has at that instant, be strictly after the start, and
    /// stand for a wall-clock time the expression matches (Cronos matching it as a UTC time, where no transition can
    /// interfere): the same wall-clock time, or, moved out of a gap, a time in that gap and the instant the gap ends.
    /// Wherever Cronos' answer keeps those invariants too it must be ours, with one exception, checked: Cronos skipped
    /// occurrences ours has (in zones whose transitions .NET on Linux describes as changes of the base offset, where
    /// Cronos sees no gap or overlap), and then its answer is a later occurrence of ours. Cronos breaking the
    /// invariants itself is counted and expected (Casablanca, Amman, Dublin, ...), so the checks are not vacuous.
    /// </para>
    /// </remarks>
    public class CronDifferentialTests
    {
        private const int JitterSeed = 3;

        private static readonly DateTime Start = new(2010, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        private static readonly DateTime End = new(2031, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        private readonly ITestOutputHelper _output;

        public CronDifferentialTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void Every_zone_2010_to_2030_keeps_the_invariants_and_agrees_with_Cronos_where_Cronos_keeps_them()
        {
            var clock = Stopwatch.StartNew();
            var zones = TimeZoneIds.All.Select(Find).OfType<TimeZoneInfo>().ToList();
            Assert.True(zones.Count > 590, $"only {zones.Count} of the {TimeZoneIds.All.Count} zone ids resolve on this host");

            var tally = new Tally();
            var failures = new ConcurrentQueue<string>();
            Parallel.ForEach(zones, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, zone =>
            {
                foreach (var transition in Transitions(zone))
                {
                    Interlocked.Increment(ref tally.Transitions);
                    foreach (var (cron, seeded) in Expressions(zone, transition))
                    {
                        Compare(zone, transition, cron, seeded, tally, failures);
                    }
                }
            });

            _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{zones.Count} zones, {tally.Transitions} transitions, {tally.Questions} questions in {clock.Elapsed.TotalSeconds:F1} s; "
                + $"Cronos broke the invariants {tally.CronosBroke} times, skipped an occurrence {tally.CronosSkipped} times"));
            foreach (var (how, count) in tally.CronosBrokeHow.OrderByDescending(h => h.Value))
            {
                _output.WriteLine($"  Cronos gave {how}: {count}");
            }

            foreach (var (zone, count) in tally.CronosBrokeIn.OrderByDescending(z => z.Value).ThenBy(z => z.Key, StringComparer.Ordinal).Take(12))
            {
                _output.WriteLine($"  Cronos broke the invariants in {zone}: {count}");
            }

            Assert.True(failures.IsEmpty, string.Join(Environment.NewLine, failures.Take(20)));
            Assert.True(tally.Transitions > 8000, $"only {tally.Transitions} transitions found");
            Assert.True(tally.Questions > 1_000_000, $"only {tally.Questions} questions asked");
            Assert.Contains("Africa/Casablanca", tally.CronosBrokeIn.Keys);
            Assert.Contains("Asia/Amman", tally.CronosBrokeIn.Keys);
            Assert.Contains("Pacific/Apia", tally.CronosBrokeIn.Keys);
        }

        private static void Compare(TimeZoneInfo zone, DateTime transition, string cron, bool seeded, Tally tally, ConcurrentQueue<string> failures)
        {
            var ours = seeded ? CronSchedule.Parse(cron, zone.Id, JitterSeed) : CronSchedule.Parse(cron, zone.Id);
            var format = ours.HasSeconds ? CronFormat.IncludeSeconds : CronFormat.Standard;
            var cronos = seeded ? CronExpression.Parse(cron, format, JitterSeed) : CronExpression.Parse(cron, format);
            var stop = new DateTimeOffset(transition.AddHours(4));
            foreach (var start in Starts(zone, transition))
            {
                var from = start;
                for (var step = 0; step < 6 && from < stop; step++)
                {
                    Interlocked.Increment(ref tally.Questions);
                    var next = ours.GetOccurrences(from, 1).FirstOrDefault();
                    var where = $"{zone.Id} '{cron}'{(seeded ? " (seeded)" : "")} from {from:O}";
                    if (next.Time == default)
                    {
                        failures.Enqueue($"{where}: no occurrence");
                        return;
                    }

                    if (Broken(zone, cronos, from, next) is { } broken)
                    {
                        failures.Enqueue($"{where}: {next.Time:O} ({next.Adjustment}) {broken}");
                        return;
                    }

                    var theirs = cronos.GetNextOccurrence(from, zone);
                    var cronosBroke = theirs is { } given ? CronosBroken(zone, cronos, from, given) : "no occurrence";
                    if (cronosBroke is not null)
                    {
                        Interlocked.Increment(ref tally.CronosBroke);
                        tally.CronosBrokeIn.AddOrUpdate(zone.Id, 1, (_, count) => count + 1);
                        tally.CronosBrokeHow.AddOrUpdate(cronosBroke, 1, (_, count) => count + 1);
                    }
                    else if (theirs is { } answer && (answer != next.Time || answer.Offset != next.Time.Offset))
                    {
                        // Only an occurrence Cronos skipped may make the answers differ: then its answer comes later in ours.
                        if (answer < next.Time || !Reaches(ours, next.Time, answer))
                        {
                            failures.Enqueue($"{where}: ours {next.Time:O} ({next.Adjustment}), Cronos {answer:O}, which ours does not reach");
                            return;
                        }

                        Interlocked.Increment(ref tally.CronosSkipped);
                    }

                    from = next.Time;
                }
            }
        }

        // Why an occurrence of ours breaks the invariants, or null.
        private static string? Broken(TimeZoneInfo zone, CronExpression cron, DateTimeOffset from, ScheduleOccurrence next)
        {
            var utc = next.Time.UtcDateTime;
            if (zone.GetUtcOffset(utc) != next.Time.Offset)
            {
                return $"carries {next.Time.Offset}, the zone has {zone.GetUtcOffset(utc)}";
            }

            if (next.Time <= from)
            {
                return "is not after the start";
            }

            if (!Matches(cron, next.ScheduledLocalTime))
            {
                return $"stands for {next.ScheduledLocalTime:s}, which the expression does not match";
            }

            if (next.Adjustment != ScheduleAdjustment.MovedOutOfGap)
            {
                if (next.Time.DateTime != next.ScheduledLocalTime)
                {
                    return $"reads {next.Time.DateTime:s} on the clock but stands for {next.ScheduledLocalTime:s}";
                }

                return next.Adjustment == ScheduleAdjustment.SecondPassOfOverlap && !ShownEarlier(zone, next.Time)
                    ? "is marked as a second pass, but the clock did not show that time before"
                    : null;
            }

            // Moved out of a gap: the time must be missing, and the occurrence the instant the gap ends.
            var before = zone.GetUtcOffset(utc.AddSeconds(-1));
            var gapStart = utc + before;
            return Exists(zone, next.ScheduledLocalTime) || before >= next.Time.Offset
                || next.ScheduledLocalTime < gapStart || next.ScheduledLocalTime >= next.Time.DateTime
                ? $"is marked as moved out of a gap, but {next.ScheduledLocalTime:s} is not in the gap that ends there"
                : null;
        }

        // How Cronos' answer breaks the invariants, or null: an offset the zone does not have, not after the start, or
        // a wall-clock time the expression does not match that is not the end of a gap holding a time it matches.
        private static string? CronosBroken(TimeZoneInfo zone, CronExpression cron, DateTimeOffset from, DateTimeOffset answer)
        {
            var utc = answer.UtcDateTime;
            if (zone.GetUtcOffset(utc) != answer.Offset)
            {
                return "an offset the zone does not have";
            }

            if (answer <= from)
            {
                return "not after the start";
            }

            if (Matches(cron, answer.DateTime))
            {
                return null;
            }

            var before = zone.GetUtcOffset(utc.AddSeconds(-1));
            var gapStart = DateTime.SpecifyKind(utc + before, DateTimeKind.Utc);
            return before < answer.Offset
                && cron.GetNextOccurrence(gapStart, inclusive: true) is { } moved && moved < DateTime.SpecifyKind(answer.DateTime, DateTimeKind.Utc)
                ? null
                : "a time the expression does not match";
        }

        // Whether walking on from `from` reaches `target` (instant and offset) before passing it.
        private static bool Reaches(CronSchedule schedule, DateTimeOffset from, DateTimeOffset target)
        {
            foreach (var occurrence in schedule.GetOccurrences(from, 200))
            {
                if (occurrence.Time >= target)
                {
                    return occurrence.Time == target && occurrence.Time.Offset == target.Offset;
                }
            }

            return false;
        }

        // The expression's fields matched against a wall-clock time, read as UTC where every time exists once.
        private static bool Matches(CronExpression cron, DateTime local)
        {
            var asUtc = DateTime.SpecifyKind(local, DateTimeKind.Utc);
            return cron.GetNextOccurrence(asUtc, inclusive: true) == asUtc;
        }

        // Whether some instant reads `local` on the zone's clock, tried with every offset the zone has within a day.
        private static bool Exists(TimeZoneInfo zone, DateTime local)
        {
            var asUtc = DateTime.SpecifyKind(local, DateTimeKind.Utc);
            return OffsetsAround(zone, asUtc).Any(offset => zone.GetUtcOffset(asUtc - offset) == offset);
        }

        // Whether an earlier instant read the same wall-clock time as `time` (the first pass of an overlap).
        private static bool ShownEarlier(TimeZoneInfo zone, DateTimeOffset time)
        {
            var local = DateTime.SpecifyKind(time.DateTime, DateTimeKind.Utc);
            return OffsetsAround(zone, time.UtcDateTime)
                .Any(offset => local - offset < time.UtcDateTime && zone.GetUtcOffset(local - offset) == offset);
        }

        private static IEnumerable<TimeSpan> OffsetsAround(TimeZoneInfo zone, DateTime utc) =>
            new[] { -26, -13, -1, 0, 1, 13, 26 }.Select(hours => zone.GetUtcOffset(utc.AddHours(hours))).Distinct();

        // Expressions whose times fall in, and at the edges of, the stretch of wall clock the transition skips or repeats.
        private static IEnumerable<(string Cron, bool Seeded)> Expressions(TimeZoneInfo zone, DateTime transition)
        {
            var before = zone.GetUtcOffset(transition.AddSeconds(-1));
            var after = zone.GetUtcOffset(transition);
            var (low, high) = before < after ? (transition + before, transition + after) : (transition + after, transition + before);
            var middle = low + ((high - low) / 2);
            var week = ((low.Day - 1) / 7) + 1;
            var fromLast = DateTime.DaysInMonth(low.Year, low.Month) - low.Day;
            return new[]
            {
                (Invariant($"{middle.Minute} {middle.Hour} * * *"), false),
                (Invariant($"{low.Minute} {low.Hour} * * *"), false),
                (Invariant($"{high.Minute} {high.Hour} * * *"), false),
                (Invariant($"{middle.Second} {middle.Minute} {middle.Hour} * * *"), false),
                ("0 * * * *", false),
                ("*/15 * * * *", false),
                ("30 */30 * * * *", false),
                (Invariant($"0 {low.Hour}-{(low.Hour + 3) % 24} * * *"), false),
                (Invariant($"{low.Minute} {low.Hour} * * {(int)low.DayOfWeek}#{week}"), false),
                (Invariant($"{middle.Minute} {middle.Hour} {low.Day}W * *"), false),
                (Invariant($"{middle.Minute} {middle.Hour} L-{fromLast} * *"), false),
                (Invariant($"{low.Minute} {low.Hour} ? * {low.DayOfWeek.ToString().Substring(0, 3)}"), false),
                (Invariant($"H/20 {low.Hour} * * *"), true),
            };
        }

        private static IEnumerable<DateTimeOffset> Starts(TimeZoneInfo zone, DateTime transition)
        {
            yield return new DateTimeOffset(transition.AddHours(-3));
            yield return new DateTimeOffset(transition.AddHours(-1));
            yield return new DateTimeOffset(transition.AddSeconds(-1));
            yield return new DateTimeOffset(transition);
            var back = zone.GetUtcOffset(transition.AddSeconds(-1)) - zone.GetUtcOffset(transition);
            if (back > TimeSpan.Zero)
            {
                // Inside the overlap: the middle of the first pass, then of the second.
                yield return new DateTimeOffset(transition - (back / 2));
                yield return new DateTimeOffset(transition + (back / 2));
            }
        }

        // The instants 2010-2030 at which the zone's offset changes, to the second.
        private static List<DateTime> Transitions(TimeZoneInfo zone)
        {
            var found = new List<DateTime>();
            var step = TimeSpan.FromHours(12);
            var offset = zone.GetUtcOffset(Start);
            for (var at = Start + step; at <= End; at += step)
            {
                if (zone.GetUtcOffset(at) == offset)
                {
                    continue;
                }

                long low = (at - step).Ticks / TimeSpan.TicksPerSecond, high = at.Ticks / TimeSpan.TicksPerSecond;
                while (high - low > 1)
                {
                    var middle = low + ((high - low) / 2);
                    if (zone.GetUtcOffset(new DateTime(middle * TimeSpan.TicksPerSecond, DateTimeKind.Utc)) == offset)
                    {
                        low = middle;
                    }
                    else
                    {
                        high = middle;
                    }
                }

                found.Add(new DateTime(high * TimeSpan.TicksPerSecond, DateTimeKind.Utc));
                offset = zone.GetUtcOffset(at);
            }

            return found;
        }

        private static TimeZoneInfo? Find(string id)
        {
            try
            {
                var zone = TimeZoneInfo.FindSystemTimeZoneById(id);
                return zone.HasIanaId ? zone : null;
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                return null;
            }
        }

        private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

        private sealed class Tally
        {
            public long Transitions;
            public long Questions;
            public long CronosBroke;
            public long CronosSkipped;
            public readonly ConcurrentDictionary<string, int> CronosBrokeIn = new(StringComparer.Ordinal);
            public readonly ConcurrentDictionary<string, int> CronosBrokeHow = new(StringComparer.Ordinal);
        }
    }
}
