using System;
using BenchmarkDotNet.Attributes;

namespace Automations.Compiled.Benchmarks.Schedule
{
    /// <summary>
    /// The next occurrence of a cron expression in a time zone (what the scheduler computes after every occurrence and
    /// the CLI lists): a plain weekday schedule, an interval expression across a fall-back night, a daily time that falls
    /// into a spring-forward gap, and the rare February 29 on a Monday (a search over years).
    /// </summary>
    [MemoryDiagnoser]
    public class CronBenchmarks
    {
        private static readonly DateTimeOffset Monday = new(2025, 3, 3, 12, 0, 0, TimeSpan.Zero);
        private CronSchedule _weekdays = null!;
        private CronSchedule _everyQuarterHour = null!;
        private CronSchedule _halfPastTwo = null!;
        private CronSchedule _leapMonday = null!;

        [GlobalSetup]
        public void Setup()
        {
            _weekdays = CronSchedule.Parse("0 9 * * 1-5", "Europe/Paris");
            _everyQuarterHour = CronSchedule.Parse("*/15 * * * *", "America/New_York");
            _halfPastTwo = CronSchedule.Parse("30 2 * * *", "America/New_York");
            _leapMonday = CronSchedule.Parse("0 0 29 2 1", "UTC");
            if (_weekdays.GetNextOccurrence(Monday) is not { } next || next.UtcDateTime.Hour != 8 || next.Offset != TimeSpan.FromHours(1))
            {
                throw new InvalidOperationException("The weekday schedule is wrong: " + _weekdays.GetNextOccurrence(Monday));
            }
        }

        [Benchmark(Baseline = true, Description = "weekdays 09:00 Paris")]
        public DateTimeOffset? Weekdays() => _weekdays.GetNextOccurrence(Monday);

        [Benchmark(Description = "*/15 NY in the fall-back hour")]
        public DateTimeOffset? QuarterHourInOverlap() => _everyQuarterHour.GetNextOccurrence(new DateTimeOffset(2024, 11, 3, 1, 50, 0, TimeSpan.FromHours(-4)));

        [Benchmark(Description = "02:30 NY into the spring gap")]
        public DateTimeOffset? DailyIntoGap() => _halfPastTwo.GetNextOccurrence(new DateTimeOffset(2024, 3, 9, 12, 0, 0, TimeSpan.FromHours(-5)));

        [Benchmark(Description = "Feb 29 on a Monday (years ahead)")]
        public DateTimeOffset? LeapMonday() => _leapMonday.GetNextOccurrence(Monday);

        [Benchmark(Description = "parse 5 fields + zone")]
        public CronSchedule Parse() => CronSchedule.Parse("0 9 * * 1-5", "Europe/Paris");
    }
}
