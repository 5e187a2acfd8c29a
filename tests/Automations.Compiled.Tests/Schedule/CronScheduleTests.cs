using System;
using System.Globalization;
using System.Linq;
using Xunit;

namespace Automations.Compiled.Tests.Schedule
{
    /// <summary>Parsing (macros, zones, errors) and the search rules of <see cref="CronSchedule"/> away from DST.</summary>
    public class CronScheduleTests
    {
        [Theory]
        [InlineData("@hourly", "0 * * * *", "2024-05-01T10:20:00Z", "2024-05-01T11:00:00+00:00")]
        [InlineData("@daily", "0 0 * * *", "2024-05-01T10:20:00Z", "2024-05-02T00:00:00+00:00")]
        [InlineData("@midnight", "0 0 * * *", "2024-05-01T10:20:00Z", "2024-05-02T00:00:00+00:00")]
        [InlineData("@weekly", "0 0 * * 0", "2024-05-01T10:20:00Z", "2024-05-05T00:00:00+00:00")]
        [InlineData("@monthly", "0 0 1 * *", "2024-05-01T10:20:00Z", "2024-06-01T00:00:00+00:00")]
        [InlineData("@yearly", "0 0 1 1 *", "2024-05-01T10:20:00Z", "2025-01-01T00:00:00+00:00")]
        [InlineData("@annually", "0 0 1 1 *", "2024-05-01T10:20:00Z", "2025-01-01T00:00:00+00:00")]
        [InlineData("@every_minute", "* * * * *", "2024-05-01T10:20:00Z", "2024-05-01T10:21:00+00:00")]
        [InlineData("@every_second", "* * * * * *", "2024-05-01T10:20:00Z", "2024-05-01T10:20:01+00:00")]
        [InlineData("@DAILY", "0 0 * * *", "2024-05-01T10:20:00Z", "2024-05-02T00:00:00+00:00")]
        public void Macros_stand_for_their_fields(string macro, string cron, string from, string expected)
        {
            var schedule = CronSchedule.Parse(macro);

            Assert.Equal(macro, schedule.Expression);
            Assert.Equal(cron, schedule.Cron);
            Assert.Equal(expected, Show(schedule.GetNextOccurrence(Instant(from))));
        }

        [Fact]
        public void A_macro_runs_in_the_zone_given()
        {
            var schedule = CronSchedule.Parse("@daily", "Europe/Paris");

            Assert.Equal("2024-05-02T00:00:00+02:00", Show(schedule.GetNextOccurrence(Instant("2024-05-01T10:20:00Z"))));
        }

        [Theory]
        [InlineData("0 9 * * 1-5", false)]
        [InlineData("30 1 * * *", false)]
        [InlineData("0,30 1,2 * * *", false)]
        [InlineData("0 0,30 1 * 1/2 *", false)]
        [InlineData("0 * * * *", true)]
        [InlineData("*/15 * * * *", true)]
        [InlineData("0 1-3 * * *", true)]
        [InlineData("30 */30 1-3 * * *", true)]
        [InlineData("* 30 1 * * *", true)]
        [InlineData("@daily", false)]
        [InlineData("@hourly", true)]
        [InlineData("0 ? * * *", true)]
        [InlineData("0 22-2 * * *", true)]
        [InlineData("0 0 L * *", false)]
        [InlineData("0 0 * * 5#3", false)]
        public void Interval_means_a_star_range_or_step_in_the_second_minute_or_hour(string cron, bool interval)
        {
            Assert.Equal(interval, CronSchedule.Parse(cron).IsInterval);
        }

        /// <summary>Where a zone's wall clock would leave the years 1 to 9999, the search stops instead of throwing.</summary>
        [Theory]
        [InlineData("* * * * *", "Pacific/Kiritimati", "9999-12-31T23:59:59+00:00", null)]
        [InlineData("0 0 * * *", "Pacific/Kiritimati", "9999-12-30T00:00:00+14:00", "9999-12-31T00:00:00+14:00")]
        [InlineData("* * * * *", "Etc/GMT+12", "0001-01-01T00:00:00+00:00", "0001-01-01T00:01:00-12:00")]
        public void At_the_ends_of_the_calendar_the_search_stops_without_an_exception(string expression, string zone, string from, string? first)
        {
            var schedule = CronSchedule.Parse(expression, zone);

            var occurrences = schedule.GetOccurrences(Instant(from), 3).ToList();

            Assert.Equal(first, occurrences.Count == 0 ? null : Show(occurrences[0].Time));
        }

        [Fact]
        public void The_search_is_exclusive_unless_asked_and_a_fraction_of_a_second_makes_it_exclusive()
        {
            var schedule = CronSchedule.Parse("0 7 * * *", "America/New_York");
            var seven = Instant("2020-05-20T07:00:00-04:00");

            Assert.Equal("2020-05-21T07:00:00-04:00", Show(schedule.GetNextOccurrence(seven)));
            Assert.Equal("2020-05-20T07:00:00-04:00", Show(schedule.GetNextOccurrence(seven, inclusive: true)));
            Assert.Equal("2020-05-21T07:00:00-04:00", Show(schedule.GetNextOccurrence(seven.AddTicks(1), inclusive: true)));
            Assert.Equal("2020-05-20T07:00:00-04:00", Show(schedule.GetNextOccurrence(seven.AddTicks(-1))));
        }

        [Fact]
        public void The_offset_of_from_does_not_matter_only_its_instant()
        {
            var schedule = CronSchedule.Parse("0 9 * * *", "Asia/Tokyo");

            Assert.Equal("2024-05-02T09:00:00+09:00", Show(schedule.GetNextOccurrence(Instant("2024-05-01T12:00:00+02:00"))));
        }

        [Fact]
        public void Seconds_start_again_when_the_hour_moves_on()
        {
            // The parser used before Cronos kept the base time's seconds here and gave 10:00:36.
            var schedule = CronSchedule.Parse("* * 10 * * *");

            Assert.Equal("2021-02-24T10:00:00+00:00", Show(schedule.GetNextOccurrence(Instant("2021-02-24T09:35:35Z"))));
        }

        [Theory]
        [InlineData("0 0 30 2 *")]
        [InlineData("0 0 31 4 *")]
        public void An_expression_that_never_matches_has_no_next_occurrence(string cron)
        {
            var schedule = CronSchedule.Parse(cron, "Europe/London");

            Assert.Null(schedule.GetNextOccurrence(Instant("2024-01-01T00:00:00Z")));
            Assert.Empty(schedule.GetOccurrences(Instant("2024-01-01T00:00:00Z"), 3));
        }

        [Fact]
        public void A_rare_date_is_found_decades_ahead()
        {
            // February 29 on a Monday: 2016, then 2044.
            var schedule = CronSchedule.Parse("0 12 29 2 1");

            Assert.Equal("2044-02-29T12:00:00+00:00", Show(schedule.GetNextOccurrence(Instant("2016-03-01T00:00:00Z"))));
        }

        [Fact]
        public void Occurrences_follow_each_other_and_stop_at_the_count()
        {
            var schedule = CronSchedule.Parse("0 9 * * 1-5", "Europe/Paris");

            var days = schedule.GetOccurrences(Instant("2024-05-03T12:00:00+02:00"), 3).Select(o => Show(o.Time));

            Assert.Equal(new[] { "2024-05-06T09:00:00+02:00", "2024-05-07T09:00:00+02:00", "2024-05-08T09:00:00+02:00" }, days);
            Assert.Throws<ArgumentOutOfRangeException>(() => schedule.GetOccurrences(Instant("2024-05-03T12:00:00Z"), -1));
        }

        [Fact]
        public void A_moved_occurrence_remembers_the_time_it_was_for()
        {
            var schedule = CronSchedule.Parse("30 2 * * *", "America/New_York");

            var moved = schedule.GetOccurrences(Instant("2024-03-10T00:00:00-05:00"), 1).Single();

            Assert.Equal(ScheduleAdjustment.MovedOutOfGap, moved.Adjustment);
            Assert.Equal(new DateTime(2024, 3, 10, 2, 30, 0), moved.ScheduledLocalTime);
            Assert.Equal("2024-03-10T03:00:00-04:00", Show(moved.Time));
        }

        [Fact]
        public void Without_a_zone_the_schedule_runs_in_UTC()
        {
            var schedule = CronSchedule.Parse("0 9 * * *");

            Assert.Same(TimeZoneInfo.Utc, schedule.TimeZone);
            Assert.Equal("2024-05-01T09:00:00+00:00", Show(schedule.GetNextOccurrence(Instant("2024-05-01T08:00:00+02:00"))));
            Assert.Equal("0 9 * * *", schedule.ToString());
            Assert.Equal("0 9 * * * (Europe/Paris)", CronSchedule.Parse("0 9 * * *", "Europe/Paris").ToString());
        }

        [Theory]
        [InlineData("0 24 * * *", "field 2 (hour): 24 is out of range 0-23")]
        [InlineData("0 9 * *", "expected 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, found 4")]
        [InlineData("0 0 L-31 * *", "field 3 (day-of-month): L-31 is out of range: L-n counts back from the last day by 0 to 30 days")]
        [InlineData("0 0 * * 5#6", "field 5 (day-of-week): #6 is out of range: the week of the month is 1 to 5")]
        [InlineData("0 0 1,L * *", "field 3 (day-of-month): 'L' is not valid here: 'L' (last day of the month) takes the whole field")]
        [InlineData("0 0 * * 8", "field 5 (day-of-week): 8 is out of range 0-7 (0 and 7 are Sunday)")]
        [InlineData("0 0 * * MONDAY", "field 5 (day-of-week): 'MONDAY' is not a day of the week; names have three letters: write MON")]
        [InlineData("H 9 * * *", "field 1 (minute): 'H' needs a jitter seed, and none was given: 'H' is a value hashed from it")]
        [InlineData("0 9 * * *\0", "NUL character (U+0000)")]
        [InlineData("", "found 0")]
        [InlineData("@fortnightly", "unknown macro; use @hourly, @daily (@midnight), @weekly, @monthly, @yearly (@annually)")]
        public void A_bad_expression_is_refused_with_what_is_wrong(string cron, string message)
        {
            cron = cron.Replace("\\0", "\0", StringComparison.Ordinal);
            var error = Assert.Throws<FormatException>(() => CronSchedule.Parse(cron, "Europe/Paris"));

            Assert.StartsWith($"Invalid cron expression '{cron}': ", error.Message, StringComparison.Ordinal);
            Assert.Contains(message, error.Message, StringComparison.Ordinal);
            Assert.False(CronSchedule.TryParse(cron, "Europe/Paris", out var schedule, out var tryError));
            Assert.Null(schedule);
            Assert.Equal(error.Message, tryError);
        }

        [Theory]
        [InlineData("Mars/Olympus_Mons", "Unknown time zone 'Mars/Olympus_Mons': use an IANA id such as 'Europe/Paris'")]
        [InlineData("europe/paris", "(ids are case-sensitive)")]
        [InlineData("Eastern Standard Time", "Time zone 'Eastern Standard Time' is a Windows id; use its IANA id ('America/New_York').")]
        [InlineData(" ", "The time zone is empty; give an IANA id such as 'Europe/Paris', or none for UTC.")]
        public void A_bad_time_zone_is_refused_with_what_to_write(string zone, string message)
        {
            var error = Assert.Throws<ArgumentException>(() => CronSchedule.Parse("0 9 * * *", zone));

            Assert.Contains(message, error.Message, StringComparison.Ordinal);
            Assert.Equal("timeZone", error.ParamName);
            Assert.False(CronSchedule.TryParse("0 9 * * *", zone, out _, out var tryError));
            Assert.Contains(message, tryError, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("0 0 L * *", "2024-02-10T00:00:00Z", "2024-02-29T00:00:00+00:00")] // the last day of the month
        [InlineData("0 0 L-2 * *", "2024-02-10T00:00:00Z", "2024-02-27T00:00:00+00:00")] // two days before it
        [InlineData("0 0 LW * *", "2024-03-10T00:00:00Z", "2024-03-29T00:00:00+00:00")] // the last weekday (31st is a Sunday)
        [InlineData("0 0 15W * *", "2024-06-01T00:00:00Z", "2024-06-14T00:00:00+00:00")] // the weekday nearest the 15th (a Saturday)
        [InlineData("0 0 1W * *", "2024-06-01T00:00:00Z", "2024-06-03T00:00:00+00:00")] // Saturday the 1st moves on, not back
        [InlineData("0 0 * * 5#3", "2024-05-01T00:00:00Z", "2024-05-17T00:00:00+00:00")] // the third Friday
        [InlineData("0 0 * * FRI#5", "2024-05-01T00:00:00Z", "2024-05-31T00:00:00+00:00")] // a fifth Friday, when there is one
        [InlineData("0 0 * * 5L", "2024-05-01T00:00:00Z", "2024-05-31T00:00:00+00:00")] // the last Friday
        [InlineData("0 0 * * 7", "2024-05-01T00:00:00Z", "2024-05-05T00:00:00+00:00")] // 7 is Sunday, like 0
        [InlineData("0 0 ? * MON", "2024-05-01T00:00:00Z", "2024-05-06T00:00:00+00:00")] // ? is *
        [InlineData("0 22-2 * * *", "2024-05-01T02:30:00Z", "2024-05-01T22:00:00+00:00")] // a reversed range wraps around
        [InlineData("0 22-2 * * *", "2024-05-01T23:30:00Z", "2024-05-02T00:00:00+00:00")]
        [InlineData("0 0 1 NOV-FEB *", "2024-03-01T00:00:00Z", "2024-11-01T00:00:00+00:00")]
        [InlineData("0 0 * * FRI-MON", "2024-05-07T00:00:00Z", "2024-05-10T00:00:00+00:00")] // Friday to Monday, not Monday to Friday
        [InlineData("0 0 1 * * 2-1", "2024-05-07T00:00:00Z", "2024-05-07T01:00:00+00:00")] // 6 fields; day-of-week 2 to 1 is every day
        public void Cronos_extensions_run(string cron, string from, string expected)
        {
            Assert.Equal(expected, Show(CronSchedule.Parse(cron).GetNextOccurrence(Instant(from))));
        }

        [Fact]
        public void H_needs_a_jitter_seed_and_the_same_seed_picks_the_same_values()
        {
            Assert.False(CronSchedule.TryParse("H H * * *", null, out _, out var error));
            Assert.Contains("needs a jitter seed, and none was given", error, StringComparison.Ordinal);

            // Cronos' own fact: with seed 3, H/30 in the minute field is minutes 8 and 38.
            var schedule = CronSchedule.Parse("H/30 * * * *", "America/New_York", 3);
            Assert.Equal("2017-03-23T17:08:00-04:00", Show(schedule.GetNextOccurrence(Instant("2017-03-23T16:46:00-04:00"))));
            Assert.Equal("2017-03-23T17:38:00-04:00", Show(schedule.GetNextOccurrence(Instant("2017-03-23T17:08:00-04:00"))));
            Assert.True(schedule.IsInterval);
            Assert.True(CronSchedule.TryParse("H/30 * * * *", "America/New_York", 3, out var again, out _));
            Assert.Equal(schedule.GetNextOccurrence(Instant("2024-01-01T00:00:00Z")), again.GetNextOccurrence(Instant("2024-01-01T00:00:00Z")));
            Assert.False(CronSchedule.Parse("H H * * *", null, 3).IsInterval);
        }

        [Fact]
        public void With_a_jitter_seed_a_macro_is_hashed_as_in_Cronos()
        {
            var plain = CronSchedule.Parse("@daily", "America/New_York");
            var hashed = CronSchedule.Parse("@daily", "America/New_York", 3);

            Assert.Equal("0 0 * * *", plain.Cron);
            Assert.Equal("H H H * * *", hashed.Cron);
            Assert.True(hashed.HasSeconds);
            Assert.Equal("2017-03-24T20:41:17-04:00", Show(hashed.GetNextOccurrence(Instant("2017-03-24T16:46:00-04:00"))));
            Assert.Equal("* * * * * *", CronSchedule.Parse("@every_second", null, 3).Cron);
        }

        [Theory]
        [InlineData("\t0 9 * * 1-5\t", "2024-05-01T09:00:00+00:00")] // tabs separate fields, as spaces do
        [InlineData("0\t9 *  *\t\t1-5", "2024-05-01T09:00:00+00:00")]
        [InlineData("\t@daily ", "2024-05-02T00:00:00+00:00")]
        public void Spaces_and_tabs_separate_fields(string cron, string expected)
        {
            cron = cron.Replace("\\t", "\t", StringComparison.Ordinal);
            Assert.Equal(expected, Show(CronSchedule.Parse(cron).GetNextOccurrence(Instant("2024-05-01T08:00:00Z"))));
        }

        [Fact]
        public void A_null_expression_is_an_argument_error_or_a_failed_try()
        {
            Assert.Throws<ArgumentNullException>(() => CronSchedule.Parse(null!));
            Assert.False(CronSchedule.TryParse(null, null, out _, out var error));
            Assert.Equal("The cron expression is null.", error);
        }

        [Fact]
        public void Zone_links_are_accepted()
        {
            var schedule = CronSchedule.Parse("0 9 * * *", "US/Eastern");

            Assert.Equal("2024-07-01T09:00:00-04:00", Show(schedule.GetNextOccurrence(Instant("2024-07-01T00:00:00Z"))));
        }

        private static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

        private static string? Show(DateTimeOffset? time) =>
            time?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }
}
