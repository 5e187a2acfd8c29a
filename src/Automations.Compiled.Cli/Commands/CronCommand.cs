using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Automations.Compiled.Cli.Commands
{
    /// <summary>
    /// <c>flow cron '&lt;expr&gt;' [--tz ZONE] [--from ISO] [--count N]</c>: the next occurrences of a schedule, as the
    /// runtime computes them, with daylight-saving adjustments marked. A bad expression or zone is a usage error (exit 2).
    /// </summary>
    internal static class CronCommand
    {
        private const string Iso = "yyyy-MM-dd'T'HH:mm:sszzz";
        private static readonly Regex HasOffset = new(@"(Z|[+-]\d{2}:?\d{2})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        public static Command Create()
        {
            var expression = new Argument<string>("expression") { Description = "5 fields (minute hour day month weekday), 6 with seconds first, or a macro such as @daily." };
            var zone = new Option<string?>("--tz") { Description = "An IANA time zone, such as Europe/Paris (default: UTC)." };
            var from = new Option<string?>("--from") { Description = "Start after this time (ISO 8601); without an offset it is read in --tz. Default: now." };
            var count = new Option<int>("--count", "-n") { Description = "How many occurrences (default 5).", DefaultValueFactory = _ => 5 };
            var command = new Command("cron", "List the next occurrences of a cron schedule in a time zone.") { expression, zone, from, count };
            command.SetAction(result =>
            {
                var text = result.GetValue(expression)!;
                var n = result.GetValue(count);
                if (n < 1 || n > 1000)
                {
                    throw new UsageException($"--count must be between 1 and 1000, not {n}.");
                }

                if (!CronSchedule.TryParse(text, result.GetValue(zone), out var schedule, out var error))
                {
                    throw new UsageException(error);
                }

                var start = Start(result.GetValue(from), schedule.TimeZone);
                var occurrences = schedule.GetOccurrences(start, n).ToList();
                var zoneName = schedule.TimeZone == TimeZoneInfo.Utc ? "UTC" : schedule.TimeZone.Id;
                var lines = new StringBuilder($"{schedule.Expression} in {zoneName}, after {Format(start)}:");
                foreach (var occurrence in occurrences)
                {
                    lines.Append($"\n  {Format(occurrence.Time)}  {Output.Dim("(" + occurrence.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + ")")}");
                    if (Note(occurrence) is { } note)
                    {
                        lines.Append("  ").Append(Output.Yellow(note));
                    }
                }

                if (occurrences.Count < n)
                {
                    // The search looks 50 years ahead, and no further than the calendar goes.
                    var horizon = start.Year > DateTime.MaxValue.Year - 50 ? "before the calendar ends (9999-12-31)" : "within 50 years";
                    lines.Append(occurrences.Count == 0 ? $"\n  (never: no time matches {horizon})" : $"\n  (no more {horizon})");
                }

                Output.Result(result, lines.ToString(), new
                {
                    expression = schedule.Expression,
                    cron = schedule.Cron,
                    timeZone = zoneName,
                    from = Format(start),
                    occurrences = occurrences.Select(o => new
                    {
                        time = Format(o.Time),
                        utc = o.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                        offset = Format(o.Time).Substring(19),
                        scheduledLocalTime = o.ScheduledLocalTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
                        adjustment = Camel(o.Adjustment.ToString()),
                    }),
                });
                return FlowCli.Ok;
            });
            return command;
        }

        private static string? Note(ScheduleOccurrence occurrence) => occurrence.Adjustment switch
        {
            ScheduleAdjustment.MovedOutOfGap => $"DST: moved out of the gap ({occurrence.ScheduledLocalTime.ToString("HH:mm", CultureInfo.InvariantCulture)} does not exist that day)",
            ScheduleAdjustment.SecondPassOfOverlap => $"DST: second pass of the overlap ({occurrence.ScheduledLocalTime.ToString("HH:mm", CultureInfo.InvariantCulture)} happens twice)",
            _ => null,
        };

        /// <summary>An ISO time; one without an offset is a wall-clock time in the schedule's zone.</summary>
        private static DateTimeOffset Start(string? from, TimeZoneInfo zone)
        {
            if (from is null)
            {
                return TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone);
            }

            try
            {
                if (HasOffset.IsMatch(from.Trim()))
                {
                    if (DateTimeOffset.TryParse(from, CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact))
                    {
                        return TimeZoneInfo.ConvertTime(exact, zone);
                    }
                }
                else if (DateTime.TryParse(from, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
                {
                    local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
                    return new DateTimeOffset(local, zone.IsInvalidTime(local) ? zone.BaseUtcOffset : zone.GetUtcOffset(local));
                }
            }
            catch (ArgumentOutOfRangeException)
            {
                // At the ends of the calendar the zone's offset leaves the years 1 to 9999.
                throw new UsageException($"--from '{from}' is out of range in {(zone == TimeZoneInfo.Utc ? "UTC" : zone.Id)}: give a time between the years 1 and 9999 there.");
            }

            throw new UsageException($"--from '{from}' is not an ISO 8601 time such as 2024-03-09T00:00:00 or 2024-03-09T00:00:00-05:00.");
        }

        private static string Format(DateTimeOffset time) => time.ToString(Iso, CultureInfo.InvariantCulture);

        private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name.Substring(1);
    }
}
