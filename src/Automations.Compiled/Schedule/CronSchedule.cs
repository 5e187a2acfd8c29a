using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Automations.Compiled.Schedule;
using Cronos;

namespace Automations.Compiled
{
    /// <summary>
    /// A cron expression in an IANA time zone: when a schedule trigger fires (SPEC §6). Cronos parses the expression
    /// and finds the wall-clock times it matches; turning those into instants is done here, from the zone's offsets
    /// alone (Cronos' own conversion gives offsets a zone does not have in Asia/Amman, Pacific/Apia and
    /// Africa/Casablanca on Linux). Daylight-saving transitions follow Cronos (and Vixie cron): a time in a
    /// spring-forward gap fires once at the end of the gap, a time in a fall-back overlap fires once (in the first
    /// pass) unless the expression is an interval one (<see cref="IsInterval"/>), which fires in both passes.
    /// </summary>
    /// <example>
    /// <code>
    /// var schedule = CronSchedule.Parse("30 2 * * *", "America/New_York");
    /// schedule.GetNextOccurrence(DateTimeOffset.Parse("2024-03-10T00:00:00-05:00")); // 2024-03-10T03:00:00-04:00
    /// </code>
    /// </example>
    public sealed class CronSchedule
    {
        // How far ahead the search looks. The rarest date an expression can ask for, February 29 on a given day of
        // the week, comes back after at most 40 years (28, or 40 across a century year that is not a leap year).
        private const int SearchYears = 50;

        private readonly CronExpression _fields;
        private readonly ZoneClock _clock;

        private CronSchedule(string expression, string cron, CronExpression fields, TimeZoneInfo zone, bool hasSeconds, bool isInterval)
        {
            Expression = expression;
            Cron = cron;
            _fields = fields;
            TimeZone = zone;
            _clock = new ZoneClock(zone);
            HasSeconds = hasSeconds;
            IsInterval = isInterval;
        }

        /// <summary>The expression as written (a macro such as <c>@daily</c> stays a macro here).</summary>
        public string Expression { get; }

        /// <summary>The cron fields the expression stands for: the expression itself, or a macro's fields (<c>0 0 * * *</c>).</summary>
        public string Cron { get; }

        /// <summary>The zone whose wall clock the fields are matched against (UTC unless one was given).</summary>
        public TimeZoneInfo TimeZone { get; }

        /// <summary>True for a 6-field expression, whose first field is the second.</summary>
        public bool HasSeconds { get; }

        /// <summary>
        /// True when the second, minute or hour field holds <c>*</c>, <c>?</c>, a range or a step, <c>H/n</c> included
        /// (in 5 fields the second is a fixed 0). An interval expression fires at every real instant of a fall-back overlap, in both passes; any
        /// other fires once there, in the first pass, so a daily job stays daily.
        /// </summary>
        public bool IsInterval { get; }

        /// <summary>Parses a cron expression and an IANA time zone id.</summary>
        /// <param name="expression">
        /// 5 fields (minute hour day-of-month month day-of-week), 6 with seconds first, in Cronos' syntax (<c>L</c>,
        /// <c>W</c>, <c>#</c>, <c>?</c> and wrap-around ranges such as <c>22-2</c> included; <c>H</c> needs the
        /// overload with a jitter seed), or a macro: <c>@hourly</c>, <c>@daily</c> (<c>@midnight</c>),
        /// <c>@weekly</c>, <c>@monthly</c>, <c>@yearly</c> (<c>@annually</c>), <c>@every_minute</c>,
        /// <c>@every_second</c>.
        /// </param>
        /// <param name="timeZone">An IANA id such as <c>Europe/Paris</c>; null for UTC. Windows ids are refused.</param>
        /// <exception cref="ArgumentNullException"><paramref name="expression"/> is null.</exception>
        /// <exception cref="FormatException">The expression is not valid; the message names the field and why.</exception>
        /// <exception cref="ArgumentException">The time zone is unknown or not an IANA id.</exception>
        public static CronSchedule Parse(string expression, string? timeZone = null) => Parse(expression, timeZone, null);

        /// <summary>
        /// Parses a cron expression with a jitter seed, as Cronos does: each <c>H</c> is a value picked from the seed
        /// (<c>H/30</c> in the minute field is a fixed minute below 30 and the same minute 30 later), and a macro is
        /// hashed too (<c>@daily</c> becomes <c>H H H * * *</c>, a fixed second, minute and hour).
        /// </summary>
        /// <param name="expression">The cron expression or macro, as for <see cref="Parse(string, string?)"/>.</param>
        /// <param name="timeZone">An IANA id; null for UTC.</param>
        /// <param name="jitterSeed">The seed: the same seed always picks the same values.</param>
        /// <exception cref="ArgumentNullException"><paramref name="expression"/> is null.</exception>
        /// <exception cref="FormatException">The expression is not valid; the message names the field and why.</exception>
        /// <exception cref="ArgumentException">The time zone is unknown or not an IANA id.</exception>
        public static CronSchedule Parse(string expression, string? timeZone, int jitterSeed) => Parse(expression, timeZone, (int?)jitterSeed);

        private static CronSchedule Parse(string expression, string? timeZone, int? jitterSeed)
        {
            ArgumentNullException.ThrowIfNull(expression);
            var (schedule, error, badZone) = Create(expression, timeZone, jitterSeed);
            if (schedule is not null)
            {
                return schedule;
            }

            throw badZone ? new ArgumentException(error, nameof(timeZone)) : new FormatException(error);
        }

        /// <summary>Parses like <see cref="Parse(string, string?)"/>, but says what is wrong instead of throwing.</summary>
        /// <param name="expression">The cron expression or macro.</param>
        /// <param name="timeZone">An IANA id; null for UTC.</param>
        /// <param name="schedule">The schedule, or null when the input is not valid.</param>
        /// <param name="error">Null on success; otherwise the same message <see cref="Parse(string, string?)"/> would throw with.</param>
        /// <returns>True when both the expression and the zone are valid.</returns>
        public static bool TryParse(
            string? expression,
            string? timeZone,
            [NotNullWhen(true)] out CronSchedule? schedule,
            [NotNullWhen(false)] out string? error) => TryParse(expression, timeZone, null, out schedule, out error);

        /// <summary>Parses with a jitter seed like <see cref="Parse(string, string?, int)"/>, but says what is wrong instead of throwing.</summary>
        /// <param name="expression">The cron expression or macro.</param>
        /// <param name="timeZone">An IANA id; null for UTC.</param>
        /// <param name="jitterSeed">The seed <c>H</c> and macros are hashed from.</param>
        /// <param name="schedule">The schedule, or null when the input is not valid.</param>
        /// <param name="error">Null on success; otherwise the same message <see cref="Parse(string, string?, int)"/> would throw with.</param>
        /// <returns>True when both the expression and the zone are valid.</returns>
        public static bool TryParse(
            string? expression,
            string? timeZone,
            int jitterSeed,
            [NotNullWhen(true)] out CronSchedule? schedule,
            [NotNullWhen(false)] out string? error) => TryParse(expression, timeZone, (int?)jitterSeed, out schedule, out error);

        private static bool TryParse(string? expression, string? timeZone, int? jitterSeed, out CronSchedule? schedule, out string? error)
        {
            (schedule, error, _) = expression is null
                ? (null, "The cron expression is null.", false)
                : Create(expression, timeZone, jitterSeed);
            return schedule is not null;
        }

        /// <summary>The next occurrence after <paramref name="from"/>, or null when there is none within 50 years.</summary>
        /// <param name="from">Where to start; a fractional second is dropped first, and then the search is exclusive.</param>
        /// <param name="inclusive">Whether <paramref name="from"/> itself may be returned.</param>
        /// <returns>The instant, carrying the zone's offset at that instant.</returns>
        public DateTimeOffset? GetNextOccurrence(DateTimeOffset from, bool inclusive = false) =>
            Next(from, inclusive)?.Time;

        /// <summary>
        /// The next <paramref name="count"/> occurrences after <paramref name="from"/>, each with how daylight saving
        /// affected it; fewer when the schedule ends (an expression that never matches gives none).
        /// </summary>
        /// <param name="from">Where to start, as for <see cref="GetNextOccurrence"/>.</param>
        /// <param name="count">How many occurrences at most.</param>
        /// <param name="inclusive">Whether <paramref name="from"/> itself may be the first.</param>
        public IEnumerable<ScheduleOccurrence> GetOccurrences(DateTimeOffset from, int count, bool inclusive = false)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            return Enumerate(from, count, inclusive);
        }

        /// <summary>The expression, and the zone when it is not UTC.</summary>
        public override string ToString() =>
            TimeZone == TimeZoneInfo.Utc ? Expression : Expression + " (" + TimeZone.Id + ")";

        private IEnumerable<ScheduleOccurrence> Enumerate(DateTimeOffset from, int count, bool inclusive)
        {
            for (var i = 0; i < count; i++)
            {
                if (Next(from, inclusive) is not { } occurrence)
                {
                    yield break;
                }

                yield return occurrence;
                from = occurrence.Time;
                inclusive = false;
            }
        }

        /// <summary>
        /// Walks the wall-clock times Cronos matches and maps each to the instants it fires at: one for a time
        /// that exists once, the end of the gap for a missing one, the first pass (and for an interval expression
        /// also the second) for a repeated one. The answer is the earliest of those after <paramref name="from"/>.
        /// </summary>
        private ScheduleOccurrence? Next(DateTimeOffset from, bool inclusive)
        {
            var fromTicks = from.UtcTicks;
            var whole = fromTicks - (fromTicks % TimeSpan.TicksPerSecond);
            if (whole != fromTicks)
            {
                // Cronos truncates a fractional second and then searches exclusively, even when asked to include.
                inclusive = false;
            }

            var fromUtc = new DateTime(whole, DateTimeKind.Utc);
            var fromLocal = _clock.LocalTime(fromUtc);
            var start = fromLocal;
            var startInclusive = inclusive;
            var here = _clock.Resolve(fromLocal);
            if (IsInterval && here.Kind == LocalTimeKind.Overlap && here.First.UtcDateTime == fromUtc)
            {
                // From the first pass of an overlap, the second pass of slightly earlier wall-clock times is ahead.
                start = fromLocal - here.OverlapLength;
                startInclusive = true;
            }

            ScheduleOccurrence? best = null;
            var stop = DateTime.MaxValue;
            foreach (var local in Candidates(start, startInclusive, fromLocal))
            {
                if (local >= stop)
                {
                    break;
                }

                var mapping = _clock.Resolve(local);
                switch (mapping.Kind)
                {
                    case LocalTimeKind.Unique:
                        Offer(new ScheduleOccurrence(mapping.First, local, ScheduleAdjustment.None), TimeSpan.Zero);
                        break;
                    case LocalTimeKind.Gap:
                        Offer(new ScheduleOccurrence(mapping.First, local, ScheduleAdjustment.MovedOutOfGap), TimeSpan.Zero);
                        break;
                    default:
                        Offer(new ScheduleOccurrence(mapping.First, local, ScheduleAdjustment.None), TimeSpan.Zero);
                        if (IsInterval)
                        {
                            // Wall-clock order is instant order except here: a later time's first pass comes before
                            // this second pass, so the search goes on to the end of the overlap.
                            Offer(new ScheduleOccurrence(mapping.Second, local, ScheduleAdjustment.SecondPassOfOverlap), mapping.OverlapLength);
                        }

                        break;
                }
            }

            return best;

            void Offer(ScheduleOccurrence candidate, TimeSpan lookFurther)
            {
                var utc = candidate.Time.UtcDateTime;
                if ((utc > fromUtc || (inclusive && utc == fromUtc)) && (best is null || candidate.Time < best.Value.Time))
                {
                    best = candidate;
                    stop = candidate.ScheduledLocalTime + lookFurther + TimeSpan.FromTicks(1);
                }
            }
        }

        // The wall-clock times the fields match, from `start` (inclusive or not), up to SearchYears past `fromLocal`.
        // Cronos is asked in UTC about wall-clock times written as UTC, where every time exists once: it matches the
        // fields and nothing else, and the zone is left to the caller.
        private IEnumerable<DateTime> Candidates(DateTime start, bool inclusive, DateTime fromLocal)
        {
            var end = fromLocal.Year + SearchYears > DateTime.MaxValue.Year ? DateTime.MaxValue : fromLocal.AddYears(SearchYears);
            var time = DateTime.SpecifyKind(start, DateTimeKind.Utc);
            while (NextMatch(time, inclusive) is { } next && next < end)
            {
                yield return DateTime.SpecifyKind(next, DateTimeKind.Unspecified);
                time = next;
                inclusive = false;
            }
        }

        // Cronos throws where the next match would fall past 9999-12-31 (a wall clock ahead of UTC near the calendar's
        // end): there is no next occurrence then.
        private DateTime? NextMatch(DateTime time, bool inclusive)
        {
            try
            {
                return _fields.GetNextOccurrence(time, inclusive);
            }
            catch (ArgumentOutOfRangeException)
            {
                return null;
            }
        }

        private static (CronSchedule? Schedule, string? Error, bool BadZone) Create(string expression, string? timeZone, int? jitterSeed)
        {
            var cron = ExpandMacro(expression, jitterSeed is not null, out var macroError);
            if (cron is null)
            {
                return (null, macroError, false);
            }

            if (CronSyntax.Check(cron, hasJitterSeed: jitterSeed is not null) is { } problem)
            {
                return (null, $"Invalid cron expression '{expression}': {problem.Message}.", false);
            }

            var hasSeconds = CronSyntax.HasSeconds(cron);
            var format = hasSeconds ? CronFormat.IncludeSeconds : CronFormat.Standard;
            var parsed = jitterSeed is { } seed
                ? CronExpression.TryParse(cron, format, seed, out var fields)
                : CronExpression.TryParse(cron, format, out fields);
            if (!parsed || fields is null)
            {
                // CronSyntax mirrors Cronos' grammar, so this is a disagreement between the two: still refuse.
                return (null, $"Invalid cron expression '{expression}': Cronos cannot parse it.", false);
            }

            var zone = FindZone(timeZone, out var zoneError);
            return zone is null
                ? (null, zoneError, true)
                : (new CronSchedule(expression, cron, fields, zone, hasSeconds, CronSyntax.IsInterval(cron)), null, false);
        }

        private static string? ExpandMacro(string expression, bool hashed, out string? error)
        {
            error = null;
            if (!CronSyntax.IsMacro(expression))
            {
                return expression;
            }

            if (CronSyntax.ExpandMacro(expression, hashed) is { } cron)
            {
                return cron;
            }

            error = $"Invalid cron expression '{expression}': unknown macro; use @hourly, @daily (@midnight), @weekly, "
                + "@monthly, @yearly (@annually), @every_minute or @every_second, or write the fields";
            return null;
        }

        private static TimeZoneInfo? FindZone(string? id, out string? error)
        {
            error = null;
            if (id is null)
            {
                return TimeZoneInfo.Utc;
            }

            if (string.IsNullOrWhiteSpace(id))
            {
                error = "The time zone is empty; give an IANA id such as 'Europe/Paris', or none for UTC.";
                return null;
            }

            TimeZoneInfo? zone;
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                zone = null;
            }

            // .NET caches zones by id ignoring case: once 'Europe/Paris' is loaded, 'europe/paris' would be found too,
            // although the analyzers (and tzdata) refuse it. The cached zone keeps the id it was first asked for.
            if (zone is null || !string.Equals(zone.Id, id, StringComparison.Ordinal))
            {
                error = $"Unknown time zone '{id}': use an IANA id such as 'Europe/Paris' or 'America/New_York' (ids are case-sensitive).";
                return null;
            }

            if (!zone.HasIanaId)
            {
                // The analyzers refuse Windows ids: accepting them here would let a schedule run that cannot build.
                var iana = TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var converted) ? $" ('{converted}')" : "";
                error = $"Time zone '{id}' is a Windows id; use its IANA id{iana}.";
                return null;
            }

            return zone;
        }
    }
}
