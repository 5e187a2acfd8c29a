using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace Automations.Compiled.Tests.Schedule
{
    /// <summary>
    /// Cronos' test facts (tests/conformance/cron): general.jsonl and dst.jsonl, one next-occurrence question a
    /// line. Every case runs through <see cref="CronSchedule"/>, the extensions (<c>L</c>, <c>W</c>, <c>#</c>, <c>?</c>,
    /// <c>H</c>, wrap-around ranges, day-of-week 7) and the jitter-seeded macros included: none is skipped.
    /// </summary>
    public class CronConformanceTests
    {
        private static readonly string[] Files = { "general.jsonl", "dst.jsonl" };

        private static readonly Lazy<IReadOnlyDictionary<string, CronCase>> Cases = new(Load);

        /// <summary>Every case, by id (each one a test in the runner).</summary>
        public static TheoryData<string> All()
        {
            var data = new TheoryData<string>();
            foreach (var id in Cases.Value.Keys)
            {
                data.Add(id);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(All))]
        public void Next_occurrence_matches_Cronos(string id)
        {
            var c = Cases.Value[id];

            // A case with a jitter seed is parsed with it, as Cronos' test parses it (H, and macros hashed).
            var schedule = c.JitterSeed is { } seed ? CronSchedule.Parse(c.Cron, c.TimeZone, seed) : CronSchedule.Parse(c.Cron, c.TimeZone);

            if (!c.Cron.StartsWith('@'))
            {
                Assert.Equal(c.HasSeconds, schedule.HasSeconds);
            }

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
        public void Every_case_runs_and_the_extensions_are_among_them()
        {
            var all = Cases.Value.Values.ToList();
            var fields = all.Where(c => !c.Cron.StartsWith('@')).Select(c => c.Cron.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

            Assert.Equal(841, all.Count);
            Assert.Equal(841, All().Count);
            Assert.Equal(175, all.Count(c => c.File == "dst.jsonl"));
            Assert.Equal(12, all.Count(c => c.TimeZone == "Asia/Amman" && c.File == "dst.jsonl"));
            Assert.Equal(29, all.Count(c => c.UsesHash));
            Assert.Contains(fields, f => f[^3].Contains('L', StringComparison.Ordinal));
            Assert.Contains(fields, f => f[^3].EndsWith('W'));
            Assert.Contains(fields, f => f[^1].Contains('#', StringComparison.Ordinal));
            Assert.Contains(fields, f => f.Contains("?"));
            Assert.Contains(fields, f => f.Any(IsReversedRange));
            Assert.Contains(fields, f => f[^1].Split(',', '-').Contains("7"));
        }

        private static bool IsReversedRange(string field)
        {
            var ends = field.Split('/')[0].Split('-');
            return ends.Length == 2 && int.TryParse(ends[0], out var first) && int.TryParse(ends[1], out var last) && first > last;
        }

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
                        root.GetProperty("uses_hash").GetBoolean(),
                        root.GetProperty("has_seconds").GetBoolean(),
                        root.GetProperty("jitter_seed").ValueKind == JsonValueKind.Null ? null : root.GetProperty("jitter_seed").GetInt32());
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
            bool UsesHash,
            bool HasSeconds,
            int? JitterSeed);
    }
}
