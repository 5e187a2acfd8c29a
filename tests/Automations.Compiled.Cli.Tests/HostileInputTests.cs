using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Automations.Compiled.Cli.Tests
{
    /// <summary>
    /// Every verb of the tool over inputs a careless or hostile user gives it: missing files, folders, empty and binary
    /// files, invalid JSON, huge numbers, text that is not Unicode, unknown options, files that are not journals. Each ends
    /// with the documented exit code (1 or 2) and a clear first line, never with an unhandled exception or a stack trace,
    /// and leaves the files it was given as they were.
    /// </summary>
    public sealed class HostileInputTests : IClassFixture<HostileInputTests.Files>
    {
        private const string UnknownRun = "0123456789abcdef0123456789abcdef";

        // .NET passes arguments to the process as UTF-8, so a lone surrogate is the nearest to invalid UTF-8 a test can
        // give: it arrives as U+FFFD or as the bytes of half a pair.
        private const string NotUnicode = "\uD800";

        private static readonly string[] Verbs = { "list", "show", "pause", "resume", "cancel", "retry", "approve", "reject", "events" };

        private readonly Files _files;

        public HostileInputTests(Files files) => _files = files;

        public static IEnumerable<object[]> Cases()
        {
            // new
            yield return Case(2, "new");
            yield return Case(2, "new", "Not An Id");
            yield return Case(2, "new", NotUnicode);
            yield return Case(2, "new", "ok", "--output", "missing-folder");
            yield return Case(2, "new", "ok", "--output", "ok.flow.json");
            yield return Case(2, "new", "folder", "--output", ".");
            yield return Case(2, "new", "ok", "--bogus");

            // check
            yield return Case(2, "check");
            yield return Case(2, "check", "");
            yield return Case(2, "check", "missing.flow.json");
            yield return Case(2, "check", "folder");
            foreach (var file in new[] { "empty", "garbage", "invalid", "huge", "deep", "chain" })
            {
                yield return Case(1, "check", file + ".flow.json");
            }

            foreach (var file in new[] { "empty", "garbage", "invalid" })
            {
                yield return Case(1, "check", file + ".lifecycle.json");
            }

            foreach (var assembly in new[] { "garbage.dll", "empty.dll", "folder", "missing.dll", "" })
            {
                yield return Case(2, "check", "ok.flow.json", "--actions", assembly);
            }

            yield return Case(2, "check", "--project", "missing.csproj");
            yield return Case(2, "check", "--project", "folder");
            yield return Case(2, "check", "ok.flow.json", "--bogus");
            if (!OperatingSystem.IsWindows())
            {
                yield return Case(2, "check", "/dev/zero"); // a file that never ends
                yield return Case(2, "check", "dangling.flow.json"); // a link to nothing
            }

            // graph
            yield return Case(2, "graph");
            yield return Case(2, "graph", "");
            yield return Case(2, "graph", "missing.flow.json");
            yield return Case(2, "graph", "folder.flow.json");
            yield return Case(2, "graph", NotUnicode + ".flow.json");
            yield return Case(2, "graph", "ok.flow.json", "--format", "png");
            foreach (var file in new[] { "empty.flow.json", "garbage.flow.json", "invalid.flow.json", "deep.flow.json", "garbage.lifecycle.json", "invalid.lifecycle.json" })
            {
                yield return Case(1, "graph", file);
            }

            // eval
            yield return Case(2, "eval");
            yield return Case(1, "eval", "");
            yield return Case(1, "eval", NotUnicode);
            yield return Case(1, "eval", "99999999999999999999");
            yield return Case(1, "eval", "{chain}");
            yield return Case(1, "eval", "{nest}");
            yield return Case(1, "eval", "9223372036854775807 + 1");
            yield return Case(2, "eval", "x", "--vars", "{");
            yield return Case(2, "eval", "x", "--vars", "[1]");
            yield return Case(2, "eval", "x", "--vars", "{\"x\": \"\\ud800\"}");
            yield return Case(2, "eval", "x", "--vars", "{\"x\": " + new string('[', 100) + new string(']', 100) + "}");
            yield return Case(2, "eval", "x", "--vars", "@garbage.json");
            yield return Case(2, "eval", "x", "--vars", "@folder");
            yield return Case(2, "eval", "1", "--bogus");

            // cron
            yield return Case(2, "cron");
            yield return Case(2, "cron", "");
            yield return Case(2, "cron", NotUnicode);
            yield return Case(2, "cron", "1-99999999999 * * * *");
            yield return Case(2, "cron", "* * * * *", "--count", "99999999999");
            yield return Case(2, "cron", "* * * * *", "--tz", "../../etc/passwd");
            yield return Case(2, "cron", "* * * * *", "--from", "garbage");
            yield return Case(2, "cron", "* * * * *", "--from", "0001-01-01T00:00:00", "--tz", "Pacific/Kiritimati");
            yield return Case(2, "cron", "* * * * *", "--bogus");

            // run
            yield return Case(2, "run");
            yield return Case(2, "run", "");
            yield return Case(2, "run", "missing.flow.json");
            yield return Case(2, "run", "folder.flow.json");
            yield return Case(2, "run", "garbage.json");
            foreach (var file in new[] { "empty", "garbage", "invalid", "huge", "chain" })
            {
                yield return Case(1, "run", file + ".flow.json");
            }

            foreach (var input in new[] { "{", "[1]", "{\"n\": 1e400}", "{\"n\": 99999999999999999999999}", "{\"\\ud800\": 1}", "@garbage.json", "@empty.json", "@folder", "@" })
            {
                yield return Case(2, "run", "ok.flow.json", "--input", input);
            }

            yield return Case(2, "run", "ok.flow.json", "--input", "{\"n\": 1}", "--trigger", "{");
            yield return Case(2, "run", "ok.flow.json", "--input", "{\"n\": 1}", "--actions", "garbage.dll");
            foreach (var journal in new[] { "notes.db", "garbage.db", "empty.db", "tables.db", "folder", "", "missing-folder/runs.db" })
            {
                yield return Case(2, "run", "ok.flow.json", "--input", "{\"n\": 1}", "--journal", journal);
            }

            yield return Case(2, "run", "ok.flow.json", "--bogus");

            // test
            yield return Case(2, "test", "");
            yield return Case(2, "test", "missing.scenario.json");
            yield return Case(2, "test", "folder");
            yield return Case(2, "test", "ok.flow.json");
            foreach (var file in new[] { "empty", "garbage", "invalid", "deep", "lost" })
            {
                yield return Case(1, "test", file + ".scenario.json");
            }

            yield return Case(2, "test", "ok.scenario.json", "--junit", "missing-folder/results.xml");
            yield return Case(2, "test", "ok.scenario.json", "--filter", NotUnicode);
            yield return Case(2, "test", "ok.scenario.json", "--bogus");

            // runs: every sub-verb on files that are not journals, then mistakes on a journal
            yield return Case(2, "runs");
            yield return Case(2, "runs", "bogus", "--journal", "runs.db");
            foreach (var verb in Verbs)
            {
                foreach (var journal in new[] { "missing.db", "notes.db", "tables.db", "folder" })
                {
                    yield return Case(2, Runs(verb, journal));
                }
            }

            yield return Case(2, "runs", "list", "--journal", "garbage.db");
            yield return Case(2, "runs", "list", "--journal", "empty.db");
            yield return Case(2, "runs", "list");
            yield return Case(2, "runs", "list", "--journal", "runs.db", "--limit", "0");
            yield return Case(2, "runs", "list", "--journal", "runs.db", "--limit", "5000");
            yield return Case(2, "runs", "list", "--journal", "runs.db", "--limit", "99999999999");
            yield return Case(2, "runs", "list", "--journal", "runs.db", "--status", "99");
            yield return Case(2, "runs", "list", "--journal", "runs.db", "--status", "Nope");
            yield return Case(2, "runs", "show", "--journal", "runs.db");
            yield return Case(2, "runs", "show", "not-hex", "--journal", "runs.db");
            yield return Case(2, "runs", "show", NotUnicode, "--journal", "runs.db");
            yield return Case(2, "runs", "show", UnknownRun, "--journal", "runs.db");
            yield return Case(2, "runs", "show", "{run}", "--journal", "runs.db", "--bogus");
            yield return Case(2, "runs", "pause", UnknownRun, "--journal", "runs.db");
            yield return Case(2, "runs", "pause", "{run}", "--journal", "runs.db", "--file", "missing.flow.json");
            yield return Case(1, "runs", "pause", "{run}", "--journal", "runs.db", "--file", "garbage.flow.json");
            yield return Case(1, "runs", "pause", "{run}", "--journal", "runs.db");
            yield return Case(1, "runs", "retry", "{run}", "--journal", "runs.db");
            yield return Case(1, "runs", "approve", "{run}", "--by", "ann", "--journal", "runs.db");
            yield return Case(2, "runs", "approve", "{run}", "--journal", "runs.db");
            yield return Case(2, "runs", "approve", "{run}", "--by", "", "--journal", "runs.db");
            yield return Case(2, "runs", "reject", "{run}", "--by", " ", "--journal", "runs.db");
            yield return Case(2, "runs", "events", "", "--journal", "runs.db");
            yield return Case(2, "runs", "events", "go", "--payload", "{", "--journal", "runs.db");
            yield return Case(2, "runs", "events", "go", "--payload", "{\"a\": \"\\ud800\"}", "--journal", "runs.db");
            yield return Case(2, "runs", "events", "go", "--payload", "@garbage.json", "--journal", "runs.db");

            // no verb
            yield return Case(2);
            yield return Case(2, "bogus");
            yield return Case(2, "--bogus");
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public async Task Ends_with_the_documented_exit_code_and_a_clear_message_and_no_stack_trace(int exitCode, string[] args)
        {
            var expanded = args.Select(a => a.Replace("{run}", _files.RunId).Replace("{chain}", Chain).Replace("{nest}", Nest)).ToArray();

            var result = await FlowTool.RunAsync(_files.Work.Path, expanded);

            Assert.True(result.ExitCode == exitCode, $"expected exit {exitCode}\n{result}");
            Assert.DoesNotContain("   at ", result.Error + result.Out);
            Assert.DoesNotContain("Unhandled exception", result.Error);
            Assert.DoesNotContain("internal error", result.Error);
            if (exitCode == 2)
            {
                // A usage mistake: "flow: <what is wrong>" (after a parse error, a hint to --help), nothing on stdout.
                var lines = Lines(result.Error);
                Assert.True(lines.Count > 0, result.ToString());
                Assert.All(lines, line => Assert.True(line.StartsWith("flow: ", StringComparison.Ordinal) || line == "Run 'flow --help' for usage.", result.ToString()));
                Assert.True(lines[0].Length > "flow: ".Length + 10, result.ToString());
                Assert.Empty(result.Out);
            }
            else
            {
                // check, eval and test print their diagnostics as their output; the other commands on stderr. A scenario
                // that cannot run is an ERROR line with its reason (file, line, column) under it.
                var first = Lines(args.Length > 0 && args[0] is "check" or "eval" or "test" ? result.Out : result.Error).FirstOrDefault() ?? "";
                Assert.Matches(new Regex(args[0] == "test" ? "^ERROR " : @"(^flow: |error)"), first);
                if (args[0] == "test")
                {
                    Assert.Matches(new Regex(@"^\s+\S+\.json(\(\d+,\d+\))?: error"), Lines(result.Out)[1]);
                }
            }

            _files.AssertUnchanged();
        }

        /// <summary>Odd values that are valid: the calendar's ends and numbers beyond a double print normally.</summary>
        [Theory]
        [InlineData("(never: no time matches before the calendar ends (9999-12-31))", "cron", "* * * * *", "--from", "9999-12-31T23:59:59Z", "--tz", "Pacific/Kiritimati")]
        [InlineData("(no more before the calendar ends (9999-12-31))", "cron", "0 0 * * *", "--from", "9999-12-30T00:00:00", "--tz", "Pacific/Kiritimati", "--count", "3")]
        [InlineData("0001-01-01T00:01:00-12:00", "cron", "* * * * *", "--from", "0001-01-01T00:00:00Z", "--tz", "Etc/GMT+12", "--count", "1")]
        [InlineData("double(\"Infinity\") (double)", "eval", "x", "--vars", "{\"x\": 1e400}")]
        [InlineData("1e+23 (double)", "eval", "x", "--vars", "{\"x\": 99999999999999999999999}")]
        public async Task Valid_values_at_the_edges_print_normally(string expected, params string[] args)
        {
            var result = await FlowTool.RunAsync(_files.Work.Path, args);

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains(expected, result.Out);
            Assert.Empty(result.Error);
        }

        private static object[] Case(int exitCode, params string[] args) => new object[] { exitCode, args };

        private static string[] Runs(string verb, string journal) => verb switch
        {
            "list" => new[] { "runs", "list", "--journal", journal },
            "approve" or "reject" => new[] { "runs", verb, UnknownRun, "--by", "ann", "--journal", journal },
            "events" => new[] { "runs", "events", "go", "--journal", journal },
            _ => new[] { "runs", verb, UnknownRun, "--journal", journal },
        };

        private static string Chain => "1" + string.Concat(Enumerable.Repeat(" + 1", 5000));

        private static string Nest => new string('(', 5000) + "1" + new string(')', 5000);

        private static List<string> Lines(string text) => text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

        /// <summary>The hostile files, written once, and a journal with one completed run for the operator calls to refuse.</summary>
        public sealed class Files : IAsyncLifetime
        {
            private Dictionary<string, byte[]> _before = new();

            internal Workspace Work { get; } = new();

            public string RunId { get; private set; } = "";

            public async Task InitializeAsync()
            {
                Directory.CreateDirectory(Work.File("folder"));
                Directory.CreateDirectory(Work.File("folder.flow.json"));
                Work.Write("ok.flow.json", """
                    { "id": "ok", "inputs": { "n": "int" }, "steps": [ { "id": "a", "type": "action", "action": "log", "inputs": { "message": "n={!inputs.n}" } } ] }
                    """);
                Work.Write("ok.scenario.json", """{ "flow": "ok.flow.json", "scenarios": [ { "name": "n is one", "inputs": { "n": 1 } } ] }""");
                Work.Write("invalid.scenario.json", "{ \"scenarios\": ");
                Work.Write("deep.scenario.json", new string('[', 100_000) + new string(']', 100_000));
                Work.Write("lost.scenario.json", """{ "flow": "garbage.flow.json", "scenarios": [ { "name": "x" } ] }""");
                Work.Write("invalid.flow.json", "{ \"id\": ");
                Work.Write("invalid.lifecycle.json", "{ \"id\": ");
                Work.Write("huge.flow.json", """
                    { "id": "huge", "version": 1e400, "limits": { "steps": 99999999999999999999 },
                      "steps": [ { "id": "a", "type": "action", "action": "log", "inputs": { "message": "x" }, "retry": { "attempts": 99999999999999999999 } } ] }
                    """);
                Work.Write("deep.flow.json", new string('[', 100_000) + new string(']', 100_000));
                Work.Write("chain.flow.json", $$"""
                    { "id": "chain", "steps": [ { "id": "a", "type": "condition", "when": "{{Chain}} > 0" } ] }
                    """);
                Work.Write("notes.db", "not a journal\n");
                foreach (var name in new[] { "empty.flow.json", "empty.lifecycle.json", "empty.scenario.json", "empty.json", "empty.dll", "empty.db" })
                {
                    Work.Write(name, "");
                }

                // Binary garbage: invalid UTF-8, NULs, a byte order mark that lies.
                var garbage = new byte[4096];
                new Random(26).NextBytes(garbage);
                garbage[0] = 0xFF;
                garbage[1] = 0xFE;
                garbage[5] = 0x00;
                foreach (var name in new[] { "garbage.flow.json", "garbage.lifecycle.json", "garbage.scenario.json", "garbage.json", "garbage.dll", "garbage.db" })
                {
                    File.WriteAllBytes(Work.File(name), garbage);
                }

                // A SQLite database with the journal's table names but not its columns.
                using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Work.File("tables.db"), Pooling = false }.ToString()))
                {
                    connection.Open();
                    using var command = connection.CreateCommand();
                    command.CommandText = "CREATE TABLE schema_version (x); CREATE TABLE runs (x); CREATE TABLE steps (x); CREATE TABLE outbox (x);";
                    command.ExecuteNonQuery();
                }

                try
                {
                    File.CreateSymbolicLink(Work.File("dangling.flow.json"), Work.File("nowhere.flow.json"));
                }
                catch (Exception error) when (error is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
                {
                    // Without links (Windows without the privilege), the case is a missing file, which it must refuse too.
                }

                var run = await FlowTool.RunAsync(Work.Path, "run", "ok.flow.json", "--input", "{\"n\": 1}", "--journal", "runs.db");
                Assert.True(run.ExitCode == 0, run.ToString());
                RunId = Regex.Match(run.Out, "Run ([0-9a-f]{32})").Groups[1].Value;
                _before = Snapshot();
            }

            /// <summary>Nothing was written: the files are the same bytes, and no file came or went (the journal's own files aside).</summary>
            public void AssertUnchanged()
            {
                var now = Snapshot();
                Assert.Equal(_before.Keys.OrderBy(k => k, StringComparer.Ordinal), now.Keys.OrderBy(k => k, StringComparer.Ordinal));
                foreach (var (name, bytes) in _before)
                {
                    Assert.True(bytes.AsSpan().SequenceEqual(now[name]), $"{name} was changed");
                }
            }

            public Task DisposeAsync()
            {
                Work.Dispose();
                return Task.CompletedTask;
            }

            private Dictionary<string, byte[]> Snapshot()
                => new DirectoryInfo(Work.Path).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
                    .Where(f => !f.Name.StartsWith("runs.db", StringComparison.Ordinal))
                    .ToDictionary(
                        f => Path.GetRelativePath(Work.Path, f.FullName),
                        f => f is FileInfo file && file.LinkTarget is null ? File.ReadAllBytes(file.FullName) : Encoding.UTF8.GetBytes(f.GetType().Name));
        }
    }
}
