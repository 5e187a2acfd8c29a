using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Automations.Compiled.Cli.Tests
{
    public sealed class CronCommandTests
    {
        [Fact]
        public async Task Lists_occurrences_with_offsets_and_marks_the_one_moved_out_of_the_spring_forward_gap()
        {
            using var work = new Workspace();
            var result = await FlowTool.RunAsync(work.Path, "cron", "30 2 * * *", "--tz", "America/New_York", "--from", "2024-03-09T00:00:00", "--count", "3");

            Assert.True(result.ExitCode == 0, result.ToString());
            var lines = result.Out.TrimEnd().Replace("\r", "").Split('\n');
            Assert.Equal(
                new[]
                {
                    "30 2 * * * in America/New_York, after 2024-03-09T00:00:00-05:00:",
                    "  2024-03-09T02:30:00-05:00  (2024-03-09T07:30:00Z)",
                    "  2024-03-10T03:00:00-04:00  (2024-03-10T07:00:00Z)  DST: moved out of the gap (02:30 does not exist that day)",
                    "  2024-03-11T02:30:00-04:00  (2024-03-11T06:30:00Z)",
                },
                lines);
        }

        [Fact]
        public async Task Json_marks_the_second_pass_of_a_fall_back_overlap()
        {
            using var work = new Workspace();
            var result = await FlowTool.RunAsync(work.Path, "cron", "*/30 1 * * *", "--tz", "America/New_York", "--from", "2024-11-03T00:00:00-04:00", "--count", "4", "--json");

            Assert.True(result.ExitCode == 0, result.ToString());
            using var document = JsonDocument.Parse(result.Out);
            var occurrences = document.RootElement.GetProperty("occurrences").EnumerateArray()
                .Select(o => $"{o.GetProperty("time").GetString()} {o.GetProperty("adjustment").GetString()}")
                .ToList();
            Assert.Equal(
                new[]
                {
                    "2024-11-03T01:00:00-04:00 none",
                    "2024-11-03T01:30:00-04:00 none",
                    "2024-11-03T01:00:00-05:00 secondPassOfOverlap",
                    "2024-11-03T01:30:00-05:00 secondPassOfOverlap",
                },
                occurrences);
        }

        [Theory]
        [InlineData(new[] { "cron", "61 * * * *" }, "flow: Invalid cron expression '61 * * * *': field 1 (minute): 61 is out of range 0-59.")]
        [InlineData(new[] { "cron", "0 * * * *", "--tz", "Mars/Olympus" }, "flow: Unknown time zone 'Mars/Olympus'")]
        [InlineData(new[] { "cron", "0 * * * *", "--from", "yesterday" }, "flow: --from 'yesterday' is not an ISO 8601 time")]
        [InlineData(new[] { "cron", "0 * * * *", "--count", "0" }, "flow: --count must be between 1 and 1000, not 0.")]
        [InlineData(new[] { "cron", "0 * * * *", "--every", "2" }, "Unrecognized command or argument '--every'")]
        public async Task Bad_expressions_zones_and_options_are_usage_errors(string[] args, string message)
        {
            using var work = new Workspace();
            await UsageError.AssertAsync(work, args, message);
        }
    }
}
