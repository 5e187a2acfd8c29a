using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Automations.Compiled.Cli.Tests
{
    /// <summary>
    /// The tool's journals: a new one is LiteDB unless --journal-kind sqlite says otherwise, flow runs opens either kind by
    /// its header whatever the file's name, and runs compact deletes old ended runs and gives their space back.
    /// </summary>
    public sealed class JournalKindTests
    {
        private const string Done = """
            {
              "id": "done",
              "steps": [ { "id": "hello", "type": "action", "action": "log", "inputs": { "message": "hello" } } ]
            }
            """;

        [Theory]
        [InlineData(null, "** This is a LiteDB file **", 32)]
        [InlineData("litedb", "** This is a LiteDB file **", 32)]
        [InlineData("sqlite", "SQLite format 3", 0)]
        public async Task A_new_journal_is_of_the_kind_asked_for_and_runs_reads_it_by_its_header(string? kind, string header, int offset)
        {
            using var work = new Workspace();
            work.Write("done.flow.json", Done);
            var run = kind is null
                ? await FlowTool.RunAsync(work.Path, "run", "done.flow.json", "--journal", "runs.journal")
                : await FlowTool.RunAsync(work.Path, "run", "done.flow.json", "--journal", "runs.journal", "--journal-kind", kind);
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal(header, Encoding.ASCII.GetString(File.ReadAllBytes(Path.Combine(work.Path, "runs.journal")), offset, header.Length));

            var list = await FlowTool.RunAsync(work.Path, "runs", "list", "--journal", "runs.journal", "--json");
            Assert.True(list.ExitCode == 0, list.ToString());
            using var runs = JsonDocument.Parse(list.Out);
            Assert.Equal("Completed", Assert.Single(runs.RootElement.EnumerateArray()).GetProperty("status").GetString());

            // An existing file is opened as what it is: asking for the other kind changes nothing.
            var again = await FlowTool.RunAsync(work.Path, "run", "done.flow.json", "--journal", "runs.journal", "--journal-kind", kind == "sqlite" ? "litedb" : "sqlite");
            Assert.True(again.ExitCode == 0, again.ToString());
            Assert.Equal(header, Encoding.ASCII.GetString(File.ReadAllBytes(Path.Combine(work.Path, "runs.journal")), offset, header.Length));
        }

        [Theory]
        [InlineData("litedb")]
        [InlineData("sqlite")]
        public async Task Runs_compact_deletes_the_runs_that_ended_long_enough_ago_and_reports_the_sizes(string kind)
        {
            using var work = new Workspace();
            work.Write("done.flow.json", Done);
            for (var i = 0; i < 3; i++)
            {
                var run = await FlowTool.RunAsync(work.Path, "run", "done.flow.json", "--journal", "runs.journal", "--journal-kind", kind);
                Assert.True(run.ExitCode == 0, run.ToString());
            }

            var kept = await FlowTool.RunAsync(work.Path, "runs", "compact", "--journal", "runs.journal", "--delete-ended-older-than", "30d", "--json");
            Assert.True(kept.ExitCode == 0, kept.ToString());
            using (var report = JsonDocument.Parse(kept.Out))
            {
                Assert.Equal(0, report.RootElement.GetProperty("deletedRuns").GetInt32());
                Assert.True(report.RootElement.GetProperty("bytesAfter").GetInt64() > 0);
            }

            await Task.Delay(1100);
            var purged = await FlowTool.RunAsync(work.Path, "runs", "compact", "--journal", "runs.journal", "--delete-ended-older-than", "1s");
            Assert.True(purged.ExitCode == 0, purged.ToString());
            Assert.Contains("Deleted 3 run(s)", purged.Out);
            Assert.Contains("No runs.", (await FlowTool.RunAsync(work.Path, "runs", "list", "--journal", "runs.journal")).Out);
        }

        [Theory]
        [InlineData("0s")]
        [InlineData("-5d")]
        [InlineData("soon")]
        public async Task Runs_compact_refuses_a_duration_it_cannot_read(string duration)
        {
            using var work = new Workspace();
            work.Write("done.flow.json", Done);
            await FlowTool.RunAsync(work.Path, "run", "done.flow.json", "--journal", "runs.journal");
            var refused = await FlowTool.RunAsync(work.Path, "runs", "compact", "--journal", "runs.journal", "--delete-ended-older-than", duration);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("--delete-ended-older-than takes a positive duration", refused.Error);
        }
    }
}
