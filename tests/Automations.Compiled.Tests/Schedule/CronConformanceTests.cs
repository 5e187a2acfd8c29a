using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace Automations.Compiled.Tests.Schedule
{
    /// <summary>
    /// Cronos' test facts (tests/conformance/cron): general.jsonl and dst.jsonl, one next-occurrence question a
    /// line. Every case in syntax NCrontab has runs through <see cref="CronSchedule"/>; the rest are skipped by
    /// <see cref="UnsupportedSyntax"/>, and their number is pinned so a regression cannot hide as a skip.
    /// </summary>
    public class CronConformanceTests
    {
        private static readonly string[] Files = { "general.jsonl", "dst.jsonl" };

        private static readonly Lazy<IReadOnlyDictionary<string, CronCase>> Cases = new(Load);

        /// <summary>The runnable cases, by id (each one a test in the runner).</summary>
        public static TheoryData<string> Supported()
        {
            var data = new TheoryData<string>();
            foreach (var c in Cases.Value.Values.Where(c => UnsupportedSyntax(c) is null))
            {
                data.Add(c.Id);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(Supported))]
        public void Next_occurrence_matches_Cronos(string id)
        {
            var c = Cases.Value[id];
            var schedule = CronSchedule.Parse(c.Cron, c.TimeZone);

            var next = schedule.GetNextOccurrence(c.From, c.Inclusive);

            if (c.Expected is not { } expected)
            {
                Assert.Null(next);
                return;
            }

            Assert.NotNull(next);
            Assert.Equal(expected.UtcDateTime, next.Value.UtcDateTime);
            if (c.OffsetAsserted)
            {
                Assert.Equal(expected.Offset, next.Value.Offset);
            }
        }

        [Fact]
        public void Skipped_cases_are_exactly_the_unsupported_syntax()
        {
            var skipped = Cases.Value.Values
                .Select(c => (Case: c, Reason: UnsupportedSyntax(c)))
                .Where(x => x.Reason is not null)
                .ToList();
            var counts = skipped
                .GroupBy(x => $"{x.Case.File} {x.Reason}: {{0}}")
                .Select(g => string.Format(CultureInfo.InvariantCulture, g.Key, g.Count()))
                .OrderBy(line => line, StringComparer.Ordinal);

            Assert.Equal(841, Cases.Value.Count);
            Assert.Equal(
                new[]
                {
                    "dst.jsonl #: 3",
                    "dst.jsonl H: 12",
                    "dst.jsonl L: 12",
                    "general.jsonl #: 37",
                    "general.jsonl ?: 37",
                    "general.jsonl H: 8",
                    "general.jsonl L: 172",
                    "general.jsonl W: 43",
                    "general.jsonl day-of-week 7: 18",
                    "general.jsonl jitter: 9",
                    "general.jsonl reversed range: 58",
                },
                counts);

            // Extensions and day-of-week 7 are refused with a message that says so; jitter-seeded macros parse (they
            // are plain macros here) but their expected times depend on Cronos' hashing; reversed ranges parse but
            // mean another thing.
            foreach (var (c, reason) in skipped)
            {
                switch (reason)
                {
                    case "jitter":
                    case "reversed range":
                        Assert.True(CronSchedule.TryParse(c.Cron, c.TimeZone, out _, out _), c.Id);
                        break;
                    case "day-of-week 7":
                        var outOfRange = Assert.Throws<FormatException>(() => CronSchedule.Parse(c.Cron, c.TimeZone));
                        Assert.Contains("7 is out of range 0-6; use 0 for Sunday", outOfRange.Message, StringComparison.Ordinal);
                        break;
                    default:
                        var extension = Assert.Throws<FormatException>(() => CronSchedule.Parse(c.Cron, c.TimeZone));
                        Assert.Contains("Quartz/Cronos extension", extension.Message, StringComparison.Ordinal);
                        break;
                }
            }
        }

        /// <summary>
        /// Why a case is not run: it uses a Cronos extension NCrontab does not have. <c>H</c> is a value hashed from a
        /// jitter seed, and "jitter" a macro hashed the same way (both marked <c>uses_hash</c> in the data);
        /// <c>?</c> is "any"; <c>#</c> the n-th weekday; <c>L</c> the last day (of the month, or <c>5L</c> the last
        /// Friday); <c>W</c> the nearest weekday. Then the two dialect differences. An expression with several is
        /// counted under the first here.
        /// </summary>
        private static string? UnsupportedSyntax(CronCase c)
        {
            if (c.UsesHash)
            {
                return c.Cron.StartsWith('@') ? "jitter" : "H";
            }

            if (c.Cron.StartsWith('@'))
            {
                return null;
            }

            var fields = c.Cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var dayOfMonth = Items(fields[^3]);
            var dayOfWeek = Items(fields[^1]);
            if (c.Cron.Contains('?'))
            {
                return "?";
            }

            if (dayOfWeek.Any(v => v.Contains('#')))
            {
                return "#";
            }

            if (dayOfMonth.Any(v => v == "L" || v == "LW" || v.StartsWith("L-", StringComparison.Ordinal))
                || dayOfWeek.Any(v => Regex.IsMatch(v, "^([0-7]|[A-Z]{3})L$")))
            {
                return "L";
            }

            if (dayOfMonth.Any(v => Regex.IsMatch(v, "^[0-9]+W$")))
            {
                return "W";
            }

            // Two places where NCrontab's dialect differs from Cronos' (docs/schedules.md): it refuses day-of-week 7
            // (Cronos: Sunday), and it swaps the ends of a reversed range where Cronos wraps around (22-2).
            if (dayOfWeek.Any(v => v.Split('-').Any(end => end.TrimStart('0') == "7")))
            {
                return "day-of-week 7";
            }

            return fields.Any(field => Items(field).Any(IsReversedRange)) ? "reversed range" : null;
        }

        private static bool IsReversedRange(string item)
        {
            var ends = item.Split('-');
            return ends.Length == 2 && int.TryParse(ends[0], out var first) && int.TryParse(ends[1], out var last) && first > last;
        }

        // The values of a field's items, without their steps, upper-cased.
        private static string[] Items(string field) =>
            field.Split(',').Select(item => item.Split('/')[0].ToUpperInvariant()).ToArray();

        private static IReadOnlyDictionary<string, CronCase> Load()
        {
            var cases = new Dictionary<string, CronCase>(StringComparer.Ordinal);
            foreach (var file in Files)
            {
                foreach (var line in File.ReadLines(Conformance.PathOf("cron", file)).Where(l => l.Trim().Length > 0))
                {
                    using var document = JsonDocument.Parse(line);
                    var root = document.RootElement;
                    var expected = root.GetProperty("expected");
                    var c = new CronCase(
                        file,
                        root.GetProperty("id").GetString()!,
                        root.GetProperty("cron").GetString()!,
                        root.GetProperty("tz").GetString()!,
                        ParseInstant(root.GetProperty("from").GetString()!),
                        root.GetProperty("inclusive").GetBoolean(),
                        expected.ValueKind == JsonValueKind.Null ? null : ParseInstant(expected.GetString()!),
                        root.GetProperty("offset_asserted").GetBoolean(),
                        root.GetProperty("uses_hash").GetBoolean());
                    cases.Add(c.Id, c);
                }
            }

            return cases;
        }

        private static DateTimeOffset ParseInstant(string text) =>
            DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

        private sealed record CronCase(
            string File,
            string Id,
            string Cron,
            string TimeZone,
            DateTimeOffset From,
            bool Inclusive,
            DateTimeOffset? Expected,
            bool OffsetAsserted,
            bool UsesHash);
    }
}
