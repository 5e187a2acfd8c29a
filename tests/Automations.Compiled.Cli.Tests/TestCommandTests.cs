using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using System.Xml.Linq;
using Xunit;

namespace Automations.Compiled.Cli.Tests
{
    /// <summary><c>flow test</c>: scenario files run against their flows, a verdict per scenario, reports for CI.</summary>
    public sealed class TestCommandTests
    {
        /// <summary>On a signed-up user: a paid plan is invoiced (retried), everyone is welcomed, the welcome is recorded; then it waits for activation and a review.</summary>
        private const string SignupFlow = """
            {
              "id": "signup",
              "trigger": { "type": "record", "object": "user", "event": "after_insert" },
              "steps": [
                { "id": "is-paid", "type": "condition", "when": "trigger.record.plan != 'free'",
                  "endpoints": { "then": [
                    { "id": "invoice", "type": "action", "action": "http", "inputs": { "url": "https://billing.invalid/invoice" },
                      "retry": { "attempts": 3, "backoff": "2s" } } ] } },
                { "id": "welcome", "type": "action", "action": "log", "inputs": { "message": "Welcome {!trigger.record.email}" } },
                { "id": "audit", "type": "create", "object": "audit", "fields": { "email": { "$expr": "trigger.record.email" } } },
                { "id": "activation", "type": "wait", "event": "user.activated", "timeout": "24h",
                  "endpoints": { "elapsed": [ { "id": "expired", "type": "stop", "status": "cancelled", "message": "never activated" } ] } },
                { "id": "review", "type": "approval", "roles": ["support"], "timeout": "1h",
                  "endpoints": { "rejected": [ { "id": "refused", "type": "stop", "status": "failed", "message": "refused" } ] } }
              ]
            }
            """;

        private const string SignupScenarios = """
            {
              "scenarios": [
                {
                  "name": "a paid signup is invoiced after a retry, welcomed, activated and approved",
                  "trigger": { "record": { "email": "ada@example.com", "plan": "pro" } },
                  "actions": { "invoice": [ { "fails": "billing timed out" }, { "returns": { "status": 201 } } ] },
                  "then": [ { "event": "user.activated", "payload": { "at": "now" } }, { "approve": "sam", "comment": "ok" } ],
                  "expect": {
                    "status": "Completed",
                    "steps": [ "is-paid -> then", "invoice #1 failed", "invoice #2 succeeded", "welcome", "audit",
                               "activation suspended", "activation -> event", "review suspended", "review -> approved" ],
                    "outputs": { "invoice": { "status": 201 } },
                    "records": [ { "create": "audit", "fields": { "email": "ada@example.com" } } ]
                  }
                },
                {
                  "name": "a free signup never activated is cancelled after a day",
                  "trigger": { "record": { "email": "bo@example.com", "plan": "free" } },
                  "then": [ { "advance": "PT23H" }, { "advance": "PT1H" } ],
                  "expect": { "status": "Cancelled", "message": "never activated", "notRun": [ "invoice", "review" ],
                              "endpoints": { "is-paid": "else", "activation": "elapsed" } }
                },
                {
                  "name": "a signup waits for its activation",
                  "trigger": { "record": { "email": "cy@example.com", "plan": "free" } },
                  "expect": { "wait": "Event" }
                }
              ]
            }
            """;

        private static (Workspace Folder, string Scenarios) Signup(string? scenarios = null)
        {
            var folder = new Workspace();
            folder.Write("signup.flow.json", SignupFlow);
            return (folder, folder.Write("signup.scenario.json", scenarios ?? SignupScenarios));
        }

        [Fact]
        public async Task Scenarios_with_fakes_per_try_records_events_approvals_and_the_clock_pass()
        {
            var (folder, _) = Signup();
            using var _ = folder;

            var result = await FlowTool.RunAsync(folder.Path, "test");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(3, result.Out.Split('\n').Count(l => l.StartsWith("PASS ", StringComparison.Ordinal)));
            Assert.Contains("3 scenarios: 3 passed, 0 failed, 0 errors", result.Out, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_scenario_that_must_fail_fails_with_the_differences_and_exit_1()
        {
            var (folder, file) = Signup(SignupScenarios.Replace("\"invoice #2 succeeded\", \"welcome\"", "\"welcome\"", StringComparison.Ordinal).Replace("\"email\": \"ada@example.com\" } } ]", "\"email\": \"someone@else.com\" } } ]", StringComparison.Ordinal));
            using var _ = folder;

            var result = await FlowTool.RunAsync(folder.Path, "test", file);

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains("FAIL  a paid signup is invoiced after a retry", result.Out, StringComparison.Ordinal);
            Assert.Contains("        + invoice #2 succeeded -> success", result.Out, StringComparison.Ordinal);
            Assert.Contains("record writes differ", result.Out, StringComparison.Ordinal);
            Assert.Contains("- create audit '' {\"email\":\"someone@else.com\"}", result.Out, StringComparison.Ordinal);
            Assert.Contains("+ create audit '1' {\"email\":\"ada@example.com\"", result.Out, StringComparison.Ordinal);
            Assert.Contains("Welcome ada@example.com", result.Out, StringComparison.Ordinal); // the log action's output, shown with the failure
            Assert.Contains("3 scenarios: 2 passed, 1 failed, 0 errors", result.Out, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Json_JUnit_and_TRX_reports_carry_every_verdict()
        {
            var (folder, file) = Signup(SignupScenarios.Replace("\"status\": \"Cancelled\"", "\"status\": \"Completed\"", StringComparison.Ordinal));
            using var _ = folder;

            var result = await FlowTool.RunAsync(folder.Path, "test", file, "--json", "--junit", "results.xml", "--trx", "results.trx");

            Assert.True(result.ExitCode == 1, result.ToString());
            using var json = JsonDocument.Parse(result.Out);
            Assert.Equal((2, 1, 0), (json.RootElement.GetProperty("passed").GetInt32(), json.RootElement.GetProperty("failed").GetInt32(), json.RootElement.GetProperty("errors").GetInt32()));
            var failed = json.RootElement.GetProperty("scenarios").EnumerateArray().Single(s => s.GetProperty("verdict").GetString() == "failed");
            Assert.Equal("a free signup never activated is cancelled after a day", failed.GetProperty("name").GetString());
            Assert.Contains(failed.GetProperty("details").EnumerateArray(), d => d.GetString()!.Contains("status: expected Completed, observed Cancelled", StringComparison.Ordinal));

            var junit = XDocument.Load(folder.File("results.xml"));
            var suite = junit.Root!.Element("testsuite")!;
            Assert.Equal(("3", "1", "0"), ((string)suite.Attribute("tests")!, (string)suite.Attribute("failures")!, (string)suite.Attribute("errors")!));
            var failure = junit.Descendants("testcase").Single(c => c.Element("failure") is not null);
            Assert.Equal(("signup v1", "a free signup never activated is cancelled after a day"), ((string)failure.Attribute("classname")!, (string)failure.Attribute("name")!));

            XNamespace trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
            var run = XDocument.Load(folder.File("results.trx"));
            var counters = run.Descendants(trx + "Counters").Single();
            Assert.Equal(("3", "2", "1"), ((string)counters.Attribute("total")!, (string)counters.Attribute("passed")!, (string)counters.Attribute("failed")!));
            Assert.Equal(3, run.Descendants(trx + "UnitTestResult").Count());
            Assert.Contains("observed Cancelled", run.Descendants(trx + "Message").Single().Value, StringComparison.Ordinal);
            var ids = run.Descendants(trx + "UnitTest").Select(t => (string)t.Attribute("id")!).ToList();
            Assert.Equal(ids, run.Descendants(trx + "UnitTestResult").Select(r => (string)r.Attribute("testId")!).ToList());
        }

        [Fact]
        public async Task Filter_runs_the_scenarios_whose_name_contains_it_and_a_filter_that_matches_nothing_is_a_usage_error()
        {
            var (folder, file) = Signup();
            using var _ = folder;

            var some = await FlowTool.RunAsync(folder.Path, "test", file, "--filter", "FREE SIGNUP");
            Assert.True(some.ExitCode == 0, some.ToString());
            Assert.Contains("1 scenario: 1 passed", some.Out, StringComparison.Ordinal);

            var none = await FlowTool.RunAsync(folder.Path, "test", "--filter", "nothing like it");
            Assert.Equal(2, none.ExitCode);
            Assert.Contains("No scenario matches --filter 'nothing like it' (3 scenarios in 1 file)", none.Error, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Mistakes_in_a_scenario_file_are_errors_with_file_line_column_and_what_to_do()
        {
            var (folder, _) = Signup();
            using var _ = folder;
            folder.Write("typo.scenario.json", """
                {
                  "flow": "signup.flow.json",
                  "scenarios": [
                    { "name": "misspelt", "trigger": { "record": {} }, "expct": { } }
                  ]
                }
                """);
            folder.Write("step.scenario.json", """
                { "flow": "signup.flow.json", "scenarios": [ { "name": "wrong step", "trigger": { "record": { "plan": "free", "email": "x" } }, "actions": { "welcom": { "returns": null } } } ] }
                """);
            folder.Write("pattern.scenario.json", """
                { "flow": "signup.flow.json", "scenarios": [ { "name": "bad line", "expect": { "steps": [ "welcome #0" ] } } ] }
                """);
            folder.Write("missing.scenario.json", """{ "flow": "nowhere.flow.json", "scenarios": [ { "name": "no flow" } ] }""");
            folder.Write("broken.scenario.json", "{ \"scenarios\": [ ");

            var result = await FlowTool.RunAsync(folder.Path, "test", "typo.scenario.json", "step.scenario.json", "pattern.scenario.json", "missing.scenario.json", "broken.scenario.json");

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains("typo.scenario.json(4,56): error: a scenario has no property 'expct'; did you mean 'expect'?", result.Out, StringComparison.Ordinal);
            Assert.Contains("step.scenario.json(1,142): error: scenario 'wrong step' names step 'welcom', which flow 'signup' does not have; did you mean 'welcome'?", result.Out, StringComparison.Ordinal);
            Assert.Contains("pattern.scenario.json(1,91): error: Step trace line 'welcome #0' is not 'id [#try] [status] [-> endpoint]'", result.Out, StringComparison.Ordinal);
            Assert.Contains("nowhere.flow.json: error: the flow file does not exist", result.Out, StringComparison.Ordinal);
            Assert.Contains("broken.scenario.json(1,", result.Out, StringComparison.Ordinal);
            Assert.Contains("not valid JSON", result.Out, StringComparison.Ordinal);
            Assert.Contains("5 scenarios: 0 passed, 0 failed, 5 errors", result.Out, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_folder_without_scenarios_and_a_file_that_is_not_one_are_usage_errors()
        {
            using var folder = new Workspace();
            folder.Write("x.flow.json", SignupFlow);

            var empty = await FlowTool.RunAsync(folder.Path, "test");
            Assert.Equal(2, empty.ExitCode);
            Assert.Contains("No *.scenario.json file under '.'", empty.Error, StringComparison.Ordinal);

            var notScenario = await FlowTool.RunAsync(folder.Path, "test", "x.flow.json");
            Assert.Equal(2, notScenario.ExitCode);
            Assert.Contains("is not a scenario file", notScenario.Error, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_new_flow_comes_with_a_scenario_that_passes()
        {
            using var folder = new Workspace();

            var created = await FlowTool.RunAsync(folder.Path, "new", "greet");
            Assert.True(created.ExitCode == 0, created.ToString());
            Assert.True(File.Exists(folder.File("greet.scenario.json")));

            var result = await FlowTool.RunAsync(folder.Path, "test");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("2 scenarios: 2 passed, 0 failed, 0 errors", result.Out, StringComparison.Ordinal);

            var again = await FlowTool.RunAsync(folder.Path, "new", "greet");
            Assert.Equal(2, again.ExitCode);

            var flowOnly = await FlowTool.RunAsync(folder.Path, "new", "other", "--no-scenario");
            Assert.True(flowOnly.ExitCode == 0, flowOnly.ToString());
            Assert.False(File.Exists(folder.File("other.scenario.json")));
        }

        [Fact]
        public async Task A_scenario_secret_never_appears_in_what_the_tool_prints()
        {
            using var folder = new Workspace();
            folder.Write("notify.flow.json", """
                { "id": "notify", "steps": [
                  { "id": "say", "type": "action", "action": "log", "inputs": { "message": { "$secret": "API_KEY" } } },
                  { "id": "fail", "type": "action", "action": "fail", "inputs": { "message": { "$secret": "API_KEY" } } } ] }
                """);
            folder.Write("notify.scenario.json", """
                { "scenarios": [ { "name": "leaks nothing", "secrets": { "API_KEY": "s3cr3t-value" }, "expect": { "status": "Completed" } } ] }
                """);

            var result = await FlowTool.RunAsync(folder.Path, "test", "--json");

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.DoesNotContain("s3cr3t-value", result.Out + result.Error, StringComparison.Ordinal);
            Assert.Contains("***", result.Out, StringComparison.Ordinal);
        }
    }
}
