using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Automations.Compiled.Cli.Tests
{
    /// <summary>
    /// A secret a run resolved is never printed in clear by the tool: not by the <c>log</c> action, the trace lines, the
    /// report (text and <c>--json</c>), nor the <c>flow runs</c> verbs; it shows as the journal's <c>***</c>.
    /// </summary>
    public sealed class SecretRedactionTests
    {
        private const string Secret = "sk_live_7f3a9c2e51";

        private const string Mask = "***";

        private static readonly Dictionary<string, string> Environment = new() { ["API_KEY"] = Secret };

        /// <summary>Logs the secret, keeps it as a step output, and puts that output into the run's output and stop message.</summary>
        private const string Leaky = """
            {
              "id": "leaky",
              "variables": { "output": "dyn" },
              "steps": [
                { "id": "say", "type": "action", "action": "log", "inputs": { "message": { "$secret": "API_KEY" } } },
                { "id": "echo", "type": "action", "action": "set", "inputs": { "value": { "$secret": "API_KEY" } } },
                { "id": "keep", "type": "set", "variable": "output", "value": "{'key': steps.echo.output, 'n': 1}" },
                { "id": "end", "type": "stop", "status": "completed", "message": "done with {!steps.echo.output}" }
              ]
            }
            """;

        /// <summary>A step fails with the secret in its error, then the run stops as failed with it in its message.</summary>
        private const string Failing = """
            {
              "id": "failing",
              "steps": [
                { "id": "echo", "type": "action", "action": "set", "inputs": { "value": { "$secret": "API_KEY" } } },
                { "id": "boom", "type": "action", "action": "fail", "inputs": { "message": "rejected key {!steps.echo.output}" }, "onError": "continue" },
                { "id": "end", "type": "stop", "status": "failed", "message": "refused {!steps.echo.output}" }
              ]
            }
            """;

        /// <summary>Waits for an event, then logs the secret: the second leg runs in <c>flow runs events --file</c>.</summary>
        private const string Waiting = """
            {
              "id": "later",
              "steps": [
                { "id": "hold", "type": "wait", "event": "go" },
                { "id": "say", "type": "action", "action": "log", "inputs": { "message": { "$secret": "API_KEY" } } }
              ]
            }
            """;

        [Fact]
        public async Task The_log_action_prints_a_secret_as_the_journal_marks_it()
        {
            using var work = new Workspace();
            work.Write("leaky.flow.json", Leaky);

            var result = await FlowTool.RunAsync(work.Path, Environment, "run", "leaky.flow.json");

            Assert.True(result.ExitCode == 0, result.ToString());
            AssertRedacted(result.Out);
            var lines = result.Out.ReplaceLineEndings("\n").Split('\n');
            Assert.Equal(Mask, lines[0]);
            Assert.Matches("^Run [0-9a-f]{32} of leaky: Completed: done with \\*\\*\\*$", lines[1]);
            Assert.Equal("output: {\"key\": \"***\", \"n\": 1}", lines[2]);
        }

        [Fact]
        public async Task Trace_lines_and_the_report_of_a_traced_run_hide_the_secret()
        {
            using var work = new Workspace();
            work.Write("leaky.flow.json", Leaky);
            work.Write("failing.flow.json", Failing);

            var leaky = await FlowTool.RunAsync(work.Path, Environment, "run", "leaky.flow.json", "--trace");
            var failing = await FlowTool.RunAsync(work.Path, Environment, "run", "failing.flow.json", "--trace");

            Assert.True(leaky.ExitCode == 0, leaky.ToString());
            AssertRedacted(leaky.Out + leaky.Error);
            Assert.Contains("trace say #1 succeeded -> success", leaky.Out);
            Assert.Equal(1, failing.ExitCode);
            AssertRedacted(failing.Out + failing.Error);
            Assert.Matches(@"trace boom #1 failed -> next \(\d+\.\d ms\): rejected key \*\*\*", failing.Out);
        }

        [Fact]
        public async Task A_failed_run_reports_its_step_error_and_message_redacted()
        {
            using var work = new Workspace();
            work.Write("failing.flow.json", Failing);

            var text = await FlowTool.RunAsync(work.Path, Environment, "run", "failing.flow.json");
            var json = await FlowTool.RunAsync(work.Path, Environment, "run", "failing.flow.json", "--json");
            var durable = await FlowTool.RunAsync(work.Path, Environment, "run", "failing.flow.json", "--journal", "runs.db", "--json");

            Assert.Equal(1, text.ExitCode);
            AssertRedacted(text.Out + text.Error);
            Assert.Matches("^Run [0-9a-f]{32} of failing: Failed: refused \\*\\*\\*", text.Out);
            Assert.Contains("flow: run failed: refused ***", text.Error);
            foreach (var run in new[] { json, durable })
            {
                Assert.Equal(1, run.ExitCode);
                AssertRedacted(run.Out + run.Error);
                using var report = JsonDocument.Parse(run.Out);
                Assert.Equal("refused ***", report.RootElement.GetProperty("message").GetString());
                Assert.Equal("refused ***", report.RootElement.GetProperty("error").GetString());
            }

            using (var report = JsonDocument.Parse(durable.Out))
            {
                var boom = report.RootElement.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("step").GetString() == "boom");
                Assert.Equal("rejected key ***", boom.GetProperty("error").GetString());
            }
        }

        [Fact]
        public async Task Json_output_keeps_the_log_on_stderr_and_both_streams_redacted()
        {
            using var work = new Workspace();
            work.Write("leaky.flow.json", Leaky);

            var result = await FlowTool.RunAsync(work.Path, Environment, "run", "leaky.flow.json", "--json", "--trace");

            Assert.True(result.ExitCode == 0, result.ToString());
            AssertRedacted(result.Out);
            AssertRedacted(result.Error);
            Assert.Equal(Mask, result.Error.ReplaceLineEndings("\n").Split('\n')[0]);
            using var report = JsonDocument.Parse(result.Out);
            Assert.Equal("done with ***", report.RootElement.GetProperty("message").GetString());
            Assert.Equal(Mask, report.RootElement.GetProperty("output").GetProperty("key").GetString());
            Assert.Equal(1, report.RootElement.GetProperty("output").GetProperty("n").GetInt64());
        }

        [Fact]
        public async Task A_durable_run_and_the_runs_verbs_on_its_journal_hide_the_secret()
        {
            using var work = new Workspace();
            work.Write("leaky.flow.json", Leaky);

            var run = await FlowTool.RunAsync(work.Path, Environment, "run", "leaky.flow.json", "--journal", "runs.db", "--trace");
            Assert.True(run.ExitCode == 0, run.ToString());
            AssertRedacted(run.Out + run.Error);
            Assert.Equal(Mask, run.Out.ReplaceLineEndings("\n").Split('\n')[0]);
            Assert.Contains("output: {\"key\": \"***\", \"n\": 1}", run.Out);

            var list = await FlowTool.RunAsync(work.Path, Environment, "runs", "list", "--journal", "runs.db");
            var listJson = await FlowTool.RunAsync(work.Path, Environment, "runs", "list", "--journal", "runs.db", "--json");
            string runId;
            using (var runs = JsonDocument.Parse(listJson.Out))
            {
                runId = Assert.Single(runs.RootElement.EnumerateArray()).GetProperty("runId").GetString()!;
            }

            var show = await FlowTool.RunAsync(work.Path, Environment, "runs", "show", runId, "--journal", "runs.db");
            var showJson = await FlowTool.RunAsync(work.Path, Environment, "runs", "show", runId, "--journal", "runs.db", "--json");
            foreach (var result in new[] { list, listJson, show, showJson })
            {
                Assert.True(result.ExitCode == 0, result.ToString());
                AssertRedacted(result.Out + result.Error);
            }

            Assert.Contains("done with ***", list.Out);
            Assert.Contains("message: done with ***", show.Out);
            Assert.Matches(@"echo\s+1\s+succeeded\s+success\s+""\*\*\*""", show.Out);
            using var details = JsonDocument.Parse(showJson.Out);
            Assert.Equal(Mask, details.RootElement.GetProperty("output").GetProperty("key").GetString());
        }

        [Fact]
        public async Task A_leg_continued_by_runs_events_prints_the_secret_redacted()
        {
            using var work = new Workspace();
            work.Write("later.flow.json", Waiting);

            var started = await FlowTool.RunAsync(work.Path, Environment, "run", "later.flow.json", "--journal", "runs.db");
            Assert.True(started.ExitCode == 0, started.ToString());
            Assert.Contains(": Waiting", started.Out);

            var resumed = await FlowTool.RunAsync(work.Path, Environment, "runs", "events", "go", "--journal", "runs.db", "--file", "later.flow.json");

            Assert.True(resumed.ExitCode == 0, resumed.ToString());
            AssertRedacted(resumed.Out + resumed.Error);
            Assert.Equal(Mask, resumed.Out.ReplaceLineEndings("\n").Split('\n')[0]);
            Assert.Contains("of later: Completed", resumed.Out);
        }

        [Fact]
        public async Task A_logged_json_payload_hides_its_secrets_and_key_like_values_as_the_journal_does()
        {
            using var work = new Workspace();
            work.Write("payload.flow.json", """
                {
                  "id": "payload",
                  "steps": [
                    { "id": "say", "type": "action", "action": "log", "inputs": { "message": "{\"user\": \"ann\", \"token\": \"abc123\"}" } },
                    { "id": "plain", "type": "action", "action": "log", "inputs": { "message": "token: abc123" } }
                  ]
                }
                """);

            var result = await FlowTool.RunAsync(work.Path, Environment, "run", "payload.flow.json");

            Assert.True(result.ExitCode == 0, result.ToString());
            var lines = result.Out.ReplaceLineEndings("\n").Split('\n');
            Assert.Equal("{\"user\": \"ann\", \"token\": \"***\"}", lines[0]);
            Assert.Equal("token: abc123", lines[1]); // text that is not JSON: only secret values are hidden
        }

        /// <summary>The secret is nowhere in <paramref name="printed"/>, and the journal's marker is.</summary>
        private static void AssertRedacted(string printed)
        {
            Assert.DoesNotContain(Secret, printed);
            Assert.Contains(Mask, printed);
        }
    }
}
