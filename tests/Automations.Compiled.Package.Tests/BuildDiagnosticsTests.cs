using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace Automations.Compiled.Package.Tests
{
    /// <summary>
    /// A real <c>dotnet build</c> of tests/BrokenFlows, a project that references the packed package and holds C# and
    /// JSON flows with known mistakes: the build fails, and prints each mistake once as
    /// <c>file(line,col): error AUTOxxxx: message</c> at the narrowest span (JSON ones at their line and column in the
    /// .flow.json file), and nothing else: no CS error (invalid flows get compilable stubs), no analyzer crash (AD0001),
    /// nothing for the valid flows. The table is the <see cref="InlineDataAttribute"/> rows of
    /// <see cref="Each_mistake_is_printed_once_at_its_position_with_a_message"/>; each row's line in the project also
    /// carries an <c>// expect: AUTOxxxx</c> comment.
    /// </summary>
    [Trait("Category", "Package")]
    [Collection(PackageCollection.Name)]
    public sealed class BuildDiagnosticsTests : IClassFixture<BrokenFlowsBuild>
    {
        private static readonly Regex ExpectComment = new(@"expect:\s*(?<id>AUTO\d{4})", RegexOptions.CultureInvariant);

        private readonly PackedPackage _package;
        private readonly BrokenFlowsBuild _build;
        private readonly ITestOutputHelper _output;

        /// <summary>Creates the tests over the packed package and the one build of the project.</summary>
        public BuildDiagnosticsTests(PackedPackage package, BrokenFlowsBuild build, ITestOutputHelper output)
        {
            _package = package;
            _build = build;
            _output = output;
        }

        /// <summary>The expectations: (path relative to the project, 1-based line, 1-based column, id); every one an error.</summary>
        [Theory]
        [InlineData("NotPartialFlow.cs", 8, 18, "AUTO0001")]          // the class name
        [InlineData("GotoFlow.cs", 14, 32, "AUTO2001")]               // the goto's target "refnud"
        [InlineData("GotoFlow.cs", 18, 32, "AUTO2004")]               // nameof(Notify) on Notify itself
        [InlineData("ScopeFlow.cs", 14, 29, "AUTO3001")]              // the second step named 'pack'
        [InlineData("ScopeFlow.cs", 19, 48, "AUTO3002")]              // the [Item] parameter, no foreach around
        [InlineData("flows/typos.flow.json", 7, 52, "AUTO1202")]      // the CEL expression, inside its JSON string
        [InlineData("flows/typos.flow.json", 10, 7, "AUTO1002")]      // the property name "retries"
        [InlineData("flows/typos.flow.json", 11, 41, "AUTO2001")]     // the goto's target "ghost"
        [InlineData("flows/typos.flow.json", 12, 89, "AUTO1101")]     // "send_mail", after non-ASCII text (columns count characters)
        [InlineData("flows/not-json.flow.json", 5, 38, "AUTO1001")]   // where the missing ',' was expected
        [InlineData("GotoFlow.cs", 24, 29, "AUTO2008", "warning")]    // 'refund': the typo "refnud" leaves it unreached
        public void Each_mistake_is_printed_once_at_its_position_with_a_message(string path, int line, int column, string id, string severity = "error")
        {
            var log = Built();
            var key = Key(path, line, column, id, severity);

            var printed = log.Live.Where(d => d.Key == key).ToList();
            Assert.True(
                printed.Count == 1,
                $"expected '{key}' printed once while building, found it {printed.Count} time(s); printed:" + Environment.NewLine + log.Describe());

            // A message that says something, then the rule's help link.
            var diagnostic = printed[0];
            var helpLink = $"(https://github.com/automations-compiled/automations-compiled/blob/main/src/Automations.Compiled/docs/diagnostics/{id}.md)";
            Assert.True(diagnostic.Message.EndsWith(helpLink, StringComparison.Ordinal), $"'{diagnostic}' does not end with its help link {helpLink}");
            var text = diagnostic.Message.Substring(0, diagnostic.Message.Length - helpLink.Length).Trim();
            Assert.True(text.Length >= 10, $"'{diagnostic}' has no message");
        }

        [Fact]
        public void The_build_fails_with_exactly_the_expected_errors_and_nothing_else()
        {
            var log = Built();
            var build = _build.Build!;
            _output.WriteLine($"restore {_build.Restore!.Elapsed.TotalSeconds:0.0} s, build {build.Elapsed.TotalSeconds:0.0} s");

            Assert.False(build.TimedOut, "the build timed out:" + Environment.NewLine + build.Describe());
            Assert.True(build.ExitCode != 0, "the build of the broken flows succeeded:" + Environment.NewLine + build.Describe());

            // Named first, for a readable failure: these are the two ways our package breaks a user's build by itself.
            var compilerErrors = log.Live.Where(d => d.Id.StartsWith("CS", StringComparison.Ordinal) && d.Severity == "error").ToList();
            Assert.True(
                compilerErrors.Count == 0,
                "compiler errors besides ours (an invalid flow must get a stub that compiles):" + Environment.NewLine
                + string.Join(Environment.NewLine, compilerErrors.Select(d => "  " + d)));
            var crashes = log.Live.Where(d => d.Id == "AD0001").ToList();
            Assert.True(
                crashes.Count == 0,
                "an analyzer crashed:" + Environment.NewLine + string.Join(Environment.NewLine, crashes.Select(d => "  " + d)));

            var expected = Expected().Select(e => e.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
            var actual = log.Live.Select(d => d.Key).Distinct().OrderBy(k => k, StringComparer.Ordinal).ToList();
            Assert.True(
                expected.SequenceEqual(actual),
                "missing:" + Environment.NewLine + Lines(expected.Except(actual)) + Environment.NewLine
                + "unexpected:" + Environment.NewLine + Lines(actual.Except(expected)) + Environment.NewLine
                + "printed:" + Environment.NewLine + log.Describe() + Environment.NewLine + build.Describe());
        }

        [Fact]
        public void No_diagnostic_is_printed_twice_besides_the_summary()
        {
            var log = Built();

            var repeated = log.Live.GroupBy(d => d.Key).Where(g => g.Count() > 1).Select(g => $"{g.Key} ({g.Count()} times)").ToList();
            Assert.True(repeated.Count == 0, "printed more than once while building:" + Environment.NewLine + Lines(repeated));

            // The summary repeats what was printed, and counts it.
            Assert.True(log.HasSummary, "no 'Build FAILED.' summary:" + Environment.NewLine + _build.Build!.Describe());
            Assert.Equal(
                log.Live.Select(d => d.ToString()).OrderBy(k => k, StringComparer.Ordinal),
                log.Summary.Select(d => d.ToString()).OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal(log.Live.Count(d => d.Severity == "error"), log.ErrorCount);
        }

        [Fact]
        public void Every_expect_comment_of_the_project_is_in_the_table_and_every_row_has_one()
        {
            // Keeps the comments a reader sees in the broken files and the table above in step (no build needed).
            var folder = Path.Combine(_package.RepoRoot, BrokenFlowsBuild.SourceFolder);
            var comments = new List<string>();
            foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
                if (relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal)
                    || !(relative.EndsWith(".cs", StringComparison.Ordinal) || relative.EndsWith(".flow.json", StringComparison.Ordinal)))
                {
                    continue;
                }

                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    foreach (Match match in ExpectComment.Matches(lines[i]))
                    {
                        comments.Add($"{relative}({i + 1}): {match.Groups["id"].Value}");
                    }
                }
            }

            var rows = Table().Select(r => $"{r.Expected.Path}({r.Expected.Line}): {r.Expected.Id}").ToList();
            Assert.True(
                comments.OrderBy(c => c, StringComparer.Ordinal).SequenceEqual(rows.OrderBy(r => r, StringComparer.Ordinal)),
                "comments without a row:" + Environment.NewLine + Lines(comments.Except(rows)) + Environment.NewLine
                + "rows without a comment:" + Environment.NewLine + Lines(rows.Except(comments)));
        }

        /// <summary>One expected diagnostic.</summary>
        private sealed record Expectation(string Path, int Line, int Column, string Id, string Severity)
        {
            public string Key => BuildDiagnosticsTests.Key(Path, Line, Column, Id, Severity);
        }

        /// <summary>The rows of the table, read from the theory's attributes so the table is written once.</summary>
        private static IEnumerable<(Expectation Expected, string? Skip)> Table()
            => typeof(BuildDiagnosticsTests)
                .GetMethod(nameof(Each_mistake_is_printed_once_at_its_position_with_a_message))!
                .GetCustomAttributes<InlineDataAttribute>()
                .Select(attribute =>
                {
                    var row = attribute.GetData(null!).Single();
                    var severity = row.Length > 4 ? (string)row[4] : "error";
                    return (new Expectation((string)row[0], (int)row[1], (int)row[2], (string)row[3], severity), (string?)attribute.Skip);
                });

        /// <summary>The rows the whole-build assertions expect: a row skipped for a known product bug is left out.</summary>
        private static IEnumerable<Expectation> Expected() => Table().Where(r => r.Skip is null).Select(r => r.Expected);

        private static string Key(string path, int line, int column, string id, string severity)
            => string.Create(CultureInfo.InvariantCulture, $"{path}({line},{column}): {severity} {id}");

        private static string Lines(IEnumerable<string> items)
        {
            var list = items.ToList();
            return list.Count == 0 ? "  (none)" : string.Join(Environment.NewLine, list.Select(i => "  " + i));
        }

        private BuildLog Built()
        {
            _package.AssertPacked();
            _build.RunOnce(_package);
            Assert.True(_build.Restore!.Succeeded, "the restore against the packed package failed:" + Environment.NewLine + _build.Restore.Describe());
            return _build.Log!;
        }
    }
}
