using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace Automations.Compiled.Cli.Tests
{
    public sealed class RunCommandTests
    {
        internal const string Greeting = """
            {
              "id": "greeting",
              "inputs": { "name": "string" },
              "steps": [
                { "id": "hello", "type": "action", "action": "log", "inputs": { "message": "Hello {!inputs.name}" } },
                { "id": "bye", "type": "action", "action": "log", "inputs": { "message": "Bye {!inputs.name}" } }
              ]
            }
            """;

        private static string Flaky(int attempts) => $$"""
            {
              "id": "flaky",
              "steps": [
                { "id": "call", "type": "action", "action": "fail", "inputs": { "message": "service unavailable", "times": 2 },
                  "retry": { "attempts": {{attempts}}, "backoff": "10ms" } },
                { "id": "after", "type": "action", "action": "log", "inputs": { "message": "called" } }
              ]
            }
            """;

        [Fact]
        public async Task Run_compiles_the_flow_and_its_log_steps_print_their_messages()
        {
            using var work = new Workspace();
            work.Write("greeting.flow.json", Greeting);

            var result = await FlowTool.RunAsync(work.Path, "run", "greeting.flow.json", "--input", "{\"name\": \"Ada\"}");

            Assert.True(result.ExitCode == 0, result.ToString());
            var lines = result.Out.ReplaceLineEndings("\n").Split('\n');
            Assert.Equal("Hello Ada", lines[0]);
            Assert.Equal("Bye Ada", lines[1]);
            Assert.Matches("^Run [0-9a-f]{32} of greeting: Completed$", lines[2]);
        }

        [Fact]
        public async Task Trace_prints_one_line_per_step_try_with_its_endpoint_and_duration()
        {
            using var work = new Workspace();
            work.Write("greeting.flow.json", Greeting);

            var result = await FlowTool.RunAsync(work.Path, "run", "greeting.flow.json", "--input", "@input.json", "--trace");
            Assert.Equal(2, result.ExitCode); // @input.json does not exist yet
            Assert.Contains("--input: the file 'input.json' does not exist", result.Error);

            work.Write("input.json", "{ \"name\": \"Ada\" }");
            result = await FlowTool.RunAsync(work.Path, "run", "greeting.flow.json", "--input", "@input.json", "--trace");

            Assert.True(result.ExitCode == 0, result.ToString());
            var traces = Regex.Matches(result.Out, @"^trace .*$", RegexOptions.Multiline);
            Assert.Equal(2, traces.Count);
            Assert.Matches(@"^trace hello #1 succeeded -> success \(\d+\.\d ms\)\r?$", traces[0].Value);
            Assert.Matches(@"^trace bye #1 succeeded -> success \(\d+\.\d ms\)\r?$", traces[1].Value);
        }

        [Fact]
        public async Task Fail_fails_the_first_tries_and_the_retry_policy_gets_past_it()
        {
            using var work = new Workspace();
            work.Write("flaky.flow.json", Flaky(attempts: 3));

            var result = await FlowTool.RunAsync(work.Path, "run", "flaky.flow.json", "--trace");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("trace call #1 failed", result.Out);
            Assert.Contains("trace call #2 failed", result.Out);
            Assert.Contains("trace call #3 succeeded -> success", result.Out);
            Assert.Contains("called", result.Out);

            work.Write("flaky.flow.json", Flaky(attempts: 2));
            var failed = await FlowTool.RunAsync(work.Path, "run", "flaky.flow.json");

            Assert.Equal(1, failed.ExitCode);
            Assert.Contains("flow: run failed at step 'call': service unavailable", failed.Error);
            Assert.DoesNotContain("called", failed.Out);
        }

        [Theory]
        [InlineData("{}", "needs input 'Name'")]
        [InlineData("{\"name\": \"Ada\", \"age\": 3}", "has no input 'age'")]
        [InlineData("{\"name\": 42}", "Input 'Name' of flow 'greeting'")]
        [InlineData("{\"name\": ", "--input(1,")]
        public async Task A_bad_input_is_a_usage_error_naming_the_input(string input, string message)
        {
            using var work = new Workspace();
            work.Write("greeting.flow.json", Greeting);

            var result = await FlowTool.RunAsync(work.Path, "run", "greeting.flow.json", "--input", input);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains(message, result.Error);
            Assert.DoesNotContain("Hello", result.Out);
            Assert.DoesNotContain("   at ", result.Error);
        }

        [Fact]
        public async Task A_flow_with_errors_prints_them_at_their_line_and_column_and_exits_1()
        {
            using var work = new Workspace();
            work.Write("typo.flow.json", """
                {
                  "id": "typo",
                  "steps": [
                    { "id": "hello", "type": "action", "action": "lgo", "inputs": { "message": "hi" } }
                  ]
                }
                """);

            var result = await FlowTool.RunAsync(work.Path, "run", "typo.flow.json");

            Assert.Equal(1, result.ExitCode);
            Assert.Equal("typo.flow.json(4,50): error AUTO1101: No [FlowAction(\"lgo\")] in this project; did you mean 'log'?", result.Error.Trim());
            Assert.Equal("", result.Out);
        }

        [Fact]
        public async Task Malformed_json_is_reported_at_its_line_and_column_and_a_missing_file_is_a_usage_error()
        {
            using var work = new Workspace();
            work.Write("broken.flow.json", "{ \"id\": \"broken\",\n  \"steps\": [ ");

            var broken = await FlowTool.RunAsync(work.Path, "run", "broken.flow.json");
            Assert.Equal(1, broken.ExitCode);
            Assert.StartsWith("broken.flow.json(2,", broken.Error);
            Assert.Contains(": error AUTO1001: ", broken.Error);

            var missing = await FlowTool.RunAsync(work.Path, "run", "missing.flow.json");
            Assert.Equal(2, missing.ExitCode);
            Assert.Equal("flow: The flow file 'missing.flow.json' does not exist.", missing.Error.Trim());
        }

        /// <summary>A flow whose output is <paramref name="value"/> (CEL, of type bytes).</summary>
        internal static string BytesOutput(string value) => $$"""
            {
              "id": "bytes-out",
              "variables": { "output": "bytes" },
              "steps": [ { "id": "keep", "type": "set", "variable": "output", "value": "{{value.Replace("\\", "\\\\")}}" } ]
            }
            """;

        [Theory]
        [InlineData(@"b'\xffoo'", @"b""\xffoo""", "/29v")]
        [InlineData("b''", @"b""""", "")]
        [InlineData(@"b'\x00'", @"b""\x00""", "AA==")]
        public async Task A_bytes_output_prints_as_a_CEL_literal_and_as_base64_in_json(string value, string literal, string base64)
        {
            using var work = new Workspace();
            work.Write("bytes.flow.json", BytesOutput(value));

            var text = await FlowTool.RunAsync(work.Path, "run", "bytes.flow.json");
            Assert.True(text.ExitCode == 0, text.ToString());
            Assert.Contains("output: " + literal + "\n", text.Out.ReplaceLineEndings("\n") + "\n");
            Assert.DoesNotContain("   at ", text.Error);

            var json = await FlowTool.RunAsync(work.Path, "run", "bytes.flow.json", "--json");
            Assert.True(json.ExitCode == 0, json.ToString());
            using var document = System.Text.Json.JsonDocument.Parse(json.Out);
            Assert.Equal(base64, document.RootElement.GetProperty("output").GetString());
        }

        [Fact]
        public async Task Http_is_refused_for_a_host_that_is_not_allowed()
        {
            using var work = new Workspace();
            work.Write("fetch.flow.json", """
                { "id": "fetch", "steps": [ { "id": "get", "type": "action", "action": "http", "inputs": { "url": "http://example.invalid/x" } } ] }
                """);

            var result = await FlowTool.RunAsync(work.Path, "run", "fetch.flow.json");

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("http to host 'example.invalid' is not allowed; run the flow with --allow-host example.invalid.", result.Error);
            Assert.Empty(Directory.GetFiles(work.Path, "*.db"));
        }
    }
}
