using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Automations.Compiled.Cli.Tests
{
    public sealed class RunsCommandTests
    {
        private const string Review = """
            {
              "id": "review",
              "inputs": { "doc": "string" },
              "variables": { "output": "string" },
              "steps": [
                { "id": "start", "type": "action", "action": "log", "inputs": { "message": "review {!inputs.doc}" } },
                { "id": "decide", "type": "approval", "roles": ["manager"], "timeout": "24h",
                  "endpoints": {
                    "approved": [ { "id": "accepted", "type": "action", "action": "log", "inputs": { "message": "approved by {!steps.decide.output.by}" } } ],
                    "rejected": [ { "id": "refused", "type": "stop", "status": "failed", "message": "rejected" } ]
                  } },
                { "id": "done", "type": "set", "variable": "output", "value": "'reviewed ' + inputs.doc" }
              ]
            }
            """;

        [Fact]
        public async Task A_journal_run_waits_at_its_approval_and_runs_approve_continues_it_to_the_end()
        {
            using var work = new Workspace();
            work.Write("review.flow.json", Review);

            var started = await FlowTool.RunAsync(work.Path, "run", "review.flow.json", "--input", "{\"doc\": \"a.pdf\"}", "--journal", "runs.db");
            Assert.True(started.ExitCode == 0, started.ToString());
            Assert.Contains("review a.pdf", started.Out);
            Assert.Contains(": Waiting", started.Out);
            Assert.DoesNotContain("approved by", started.Out);

            var list = await FlowTool.RunAsync(work.Path, "runs", "list", "--journal", "runs.db", "--json");
            Assert.True(list.ExitCode == 0, list.ToString());
            string runId;
            using (var runs = JsonDocument.Parse(list.Out))
            {
                var run = Assert.Single(runs.RootElement.EnumerateArray());
                Assert.Equal("review", run.GetProperty("flow").GetString());
                Assert.Equal("Waiting", run.GetProperty("status").GetString());
                runId = run.GetProperty("runId").GetString()!;
            }

            var text = await FlowTool.RunAsync(work.Path, "runs", "list", "--journal", "runs.db", "--status", "Waiting");
            Assert.Contains(runId + "  review v1", text.Out);

            var approved = await FlowTool.RunAsync(work.Path, "runs", "approve", runId, "--by", "ann", "--journal", "runs.db", "--file", "review.flow.json");
            Assert.True(approved.ExitCode == 0, approved.ToString());
            Assert.Contains("approved by ann", approved.Out);
            Assert.Contains($"Run {runId} of review: Completed", approved.Out);
            Assert.Contains("output: \"reviewed a.pdf\"", approved.Out);

            var show = await FlowTool.RunAsync(work.Path, "runs", "show", runId, "--journal", "runs.db");
            Assert.True(show.ExitCode == 0, show.ToString());
            Assert.Contains("review v1  Completed", show.Out);
            var timeline = show.Out.ReplaceLineEndings("\n").Split('\n')
                .Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d\d:\d\d:\d\d\.\d{3} "))
                .Select(l => string.Join(' ', l.Split(' ', System.StringSplitOptions.RemoveEmptyEntries).Skip(3).Take(4)))
                .ToList();
            Assert.Equal(
                new[] { "start 1 succeeded success", "decide 1 suspended -", "decide 1 succeeded approved", "accepted 1 succeeded success", "done 1 succeeded success" },
                timeline);
        }

        [Fact]
        public async Task Runs_kill_pauses_the_waiting_run_refuses_a_new_start_with_a_record_lists_the_switch_and_the_lift_resumes_the_run()
        {
            using var work = new Workspace();
            work.Write("review.flow.json", Review);
            await FlowTool.RunAsync(work.Path, "run", "review.flow.json", "--input", "{\"doc\": \"c.pdf\"}", "--journal", "runs.db");
            using var list = JsonDocument.Parse((await FlowTool.RunAsync(work.Path, "runs", "list", "--journal", "runs.db", "--json")).Out);
            var runId = list.RootElement[0].GetProperty("runId").GetString()!;

            var engaged = await FlowTool.RunAsync(work.Path, "runs", "kill", "review", "--reason", "audit", "--by", "ops", "--journal", "runs.db");
            Assert.True(engaged.ExitCode == 0, engaged.ToString());
            Assert.Contains("Engaged the kill switch on flow 'review' (pause): new starts are refused; 1 run(s) in flight paused", engaged.Out);
            Assert.Contains(runId, (await FlowTool.RunAsync(work.Path, "runs", "list", "--journal", "runs.db", "--status", "Paused")).Out);

            var refused = await FlowTool.RunAsync(work.Path, "run", "review.flow.json", "--input", "{\"doc\": \"d.pdf\"}", "--journal", "runs.db");
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("Refused: the kill switch on flow 'review' is engaged (audit)", refused.Error);
            Assert.Contains("review", (await FlowTool.RunAsync(work.Path, "runs", "list", "--journal", "runs.db", "--status", "Failed")).Out);

            using (var switches = JsonDocument.Parse((await FlowTool.RunAsync(work.Path, "runs", "kill", "--list", "--journal", "runs.db", "--json")).Out))
            {
                var kill = Assert.Single(switches.RootElement.EnumerateArray());
                Assert.Equal(("review", "pause", "audit", "ops"), (kill.GetProperty("scope").GetString(), kill.GetProperty("mode").GetString(), kill.GetProperty("reason").GetString(), kill.GetProperty("by").GetString()));
            }

            var lifted = await FlowTool.RunAsync(work.Path, "runs", "kill", "review", "--lift", "--journal", "runs.db");
            Assert.True(lifted.ExitCode == 0, lifted.ToString());
            Assert.Contains("1 paused run(s) resume", lifted.Out);
            Assert.Contains(runId, (await FlowTool.RunAsync(work.Path, "runs", "list", "--journal", "runs.db", "--status", "Waiting")).Out);
            Assert.Contains("No kill switch is engaged.", (await FlowTool.RunAsync(work.Path, "runs", "kill", "--list", "--journal", "runs.db")).Out);

            var again = await FlowTool.RunAsync(work.Path, "runs", "kill", "review", "--lift", "--journal", "runs.db");
            Assert.Equal(1, again.ExitCode);
            Assert.Contains("no kill switch is engaged on flow 'review'", again.Error);
        }

        [Theory]
        [InlineData("--reason", "x", "--list")]
        [InlineData("review")]
        [InlineData("review@0", "--reason", "x")]
        [InlineData("review", "--lift", "--cancel")]
        public async Task Runs_kill_refuses_a_missing_scope_or_reason_a_bad_scope_and_mixed_options(params string[] arguments)
        {
            using var work = new Workspace();
            work.Write("review.flow.json", Review);
            await FlowTool.RunAsync(work.Path, "run", "review.flow.json", "--input", "{\"doc\": \"e.pdf\"}", "--journal", "runs.db");

            var result = await FlowTool.RunAsync(work.Path, ["runs", "kill", .. arguments, "--journal", "runs.db"]);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("No kill switch is engaged.", (await FlowTool.RunAsync(work.Path, "runs", "kill", "--list", "--journal", "runs.db")).Out);
        }

        [Fact]
        public async Task Approve_without_the_flow_file_only_records_the_decision()
        {
            using var work = new Workspace();
            work.Write("review.flow.json", Review);
            await FlowTool.RunAsync(work.Path, "run", "review.flow.json", "--input", "{\"doc\": \"b.pdf\"}", "--journal", "runs.db");
            using var list = JsonDocument.Parse((await FlowTool.RunAsync(work.Path, "runs", "list", "--journal", "runs.db", "--json")).Out);
            var runId = list.RootElement[0].GetProperty("runId").GetString()!;

            var recorded = await FlowTool.RunAsync(work.Path, "runs", "reject", runId, "--by", "bob", "--journal", "runs.db");
            Assert.True(recorded.ExitCode == 0, recorded.ToString());
            Assert.Contains("It continues when a host with flow 'review' v1 picks it up", recorded.Out);

            var again = await FlowTool.RunAsync(work.Path, "runs", "approve", runId, "--by", "bob", "--journal", "runs.db");
            Assert.Equal(1, again.ExitCode);
            Assert.Contains("does not wait for an approval", again.Error);

            var rejected = await FlowTool.RunAsync(work.Path, "runs", "show", runId, "--journal", "runs.db", "--file", "review.flow.json");
            Assert.Equal(2, rejected.ExitCode); // show takes no --file
        }

        /// <summary>
        /// A journal keeps outputs as JSON (bytes as base64): run --journal and runs show print that JSON as CEL reads it, in
        /// text and --json alike, for bytes that are not UTF-8, empty bytes and a NUL.
        /// </summary>
        [Fact]
        public async Task Bytes_outputs_in_a_journal_print_as_their_json_in_run_and_runs_show()
        {
            using var work = new Workspace();
            work.Write("bytes.flow.json", """
                {
                  "id": "bytes-out",
                  "variables": { "output": "bytes" },
                  "steps": [
                    { "id": "ff", "type": "action", "action": "set", "inputs": { "value": { "$expr": "b'\\xffoo'" } } },
                    { "id": "empty", "type": "action", "action": "set", "inputs": { "value": { "$expr": "b''" } } },
                    { "id": "nul", "type": "action", "action": "set", "inputs": { "value": { "$expr": "b'\\x00'" } } },
                    { "id": "keep", "type": "set", "variable": "output", "value": "b'\\xffoo' + b'\\x00'" }
                  ]
                }
                """);

            var run = await FlowTool.RunAsync(work.Path, "run", "bytes.flow.json", "--journal", "runs.db");
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("output: \"/29vAA==\"", run.Out);
            var runId = System.Text.RegularExpressions.Regex.Match(run.Out, "Run ([0-9a-f]{32})").Groups[1].Value;

            var show = await FlowTool.RunAsync(work.Path, "runs", "show", runId, "--journal", "runs.db");
            Assert.True(show.ExitCode == 0, show.ToString());
            Assert.Contains("output: \"/29vAA==\"", show.Out);
            var outputs = show.Out.ReplaceLineEndings("\n").Split('\n')
                .Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d\d:\d\d:\d\d\.\d{3} "))
                .Select(l => l.Split(' ', System.StringSplitOptions.RemoveEmptyEntries)[^1])
                .ToList();
            Assert.Equal(new[] { "\"/29v\"", "\"\"", "\"AA==\"", "\"/29vAA==\"" }, outputs);

            var json = await FlowTool.RunAsync(work.Path, "runs", "show", runId, "--journal", "runs.db", "--json");
            Assert.True(json.ExitCode == 0, json.ToString());
            using var document = JsonDocument.Parse(json.Out);
            Assert.Equal("/29vAA==", document.RootElement.GetProperty("output").GetString());
            Assert.Equal(
                new[] { "/29v", "", "AA==", "/29vAA==" },
                document.RootElement.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("output").GetString()));
        }

        [Fact]
        public async Task Runs_refuses_files_that_are_not_journals_and_leaves_them_as_they_are()
        {
            using var work = new Workspace();
            var text = work.Write("notes.txt", "not a database\n");
            var other = work.File("other.db");
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = other, Pooling = false }.ToString()))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO things (name) VALUES ('a');";
                command.ExecuteNonQuery();
            }

            var before = (File.ReadAllBytes(text), File.ReadAllBytes(other));
            var files = Directory.GetFiles(work.Path).OrderBy(f => f).ToArray();

            var onText = await FlowTool.RunAsync(work.Path, "runs", "list", "--journal", "notes.txt");
            Assert.Equal(2, onText.ExitCode);
            Assert.Equal("flow: 'notes.txt' is not a flow journal (neither a LiteDB nor a SQLite database).", onText.Error.Trim());

            var onOther = await FlowTool.RunAsync(work.Path, "runs", "approve", "0123456789abcdef0123456789abcdef", "--by", "ann", "--journal", "other.db");
            Assert.Equal(2, onOther.ExitCode);
            Assert.Equal("flow: 'other.db' is not a flow journal (a SQLite database without the journal's tables).", onOther.Error.Trim());

            work.Write("review.flow.json", Review);
            var runOnOther = await FlowTool.RunAsync(work.Path, "run", "review.flow.json", "--input", "{\"doc\": \"x\"}", "--journal", "other.db");
            Assert.Equal(2, runOnOther.ExitCode);

            Assert.Equal(before.Item1, File.ReadAllBytes(text));
            Assert.Equal(before.Item2, File.ReadAllBytes(other));
            Assert.Equal(files.Append(work.File("review.flow.json")).OrderBy(f => f), Directory.GetFiles(work.Path).OrderBy(f => f));
        }

        [Fact]
        public async Task A_missing_journal_is_a_usage_error_and_is_not_created()
        {
            using var work = new Workspace();

            var result = await FlowTool.RunAsync(work.Path, "runs", "list", "--journal", "missing.db");

            Assert.Equal(2, result.ExitCode);
            Assert.Equal("flow: The journal 'missing.db' does not exist.", result.Error.Trim());
            Assert.Empty(Directory.GetFiles(work.Path));
        }

        [Fact]
        public async Task An_unknown_run_id_is_a_usage_error()
        {
            using var work = new Workspace();
            work.Write("greeting.flow.json", RunCommandTests.Greeting);
            var run = await FlowTool.RunAsync(work.Path, "run", "greeting.flow.json", "--input", "{\"name\": \"Ada\"}", "--journal", "runs.db");
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("of greeting: Completed", run.Out);

            var unknown = await FlowTool.RunAsync(work.Path, "runs", "show", "0123456789abcdef0123456789abcdef", "--journal", "runs.db");
            Assert.Equal(2, unknown.ExitCode);
            Assert.Equal("flow: There is no run 0123456789abcdef0123456789abcdef in this journal.", unknown.Error.Trim());

            var malformed = await FlowTool.RunAsync(work.Path, "runs", "cancel", "42", "--journal", "runs.db");
            Assert.Equal(2, malformed.ExitCode);
            Assert.Contains("'42' is not a run id", malformed.Error);
        }
    }
}
