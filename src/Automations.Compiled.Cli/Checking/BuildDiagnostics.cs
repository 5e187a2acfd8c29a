using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Cli.Checking
{
    /// <summary>
    /// <c>flow check --project</c>: C# flows are read by the analyzers inside a build, so the tool builds the project and
    /// reprints the AUTO diagnostics MSBuild wrote.
    /// </summary>
    internal static class BuildDiagnostics
    {
        // path(line,col[,endLine,endCol]): error AUTO2001: message[ (help link)] [project.csproj]; the compiler adds the
        // rule's help link, which the check gives in a field of its own.
        private static readonly Regex Line = new(
            @"^\s*(?<file>(?:[A-Za-z]:)?[^:]+?)\((?<line>\d+),(?<column>\d+)(?:,\d+,\d+)?\): (?<severity>error|warning|info) (?<id>AUTO\d{4}): (?<message>.*?)(?: \(https?://[^ ()]+/\k<id>\.md\))?(?: \[[^\]]+\])?\s*$",
            RegexOptions.CultureInvariant);

        public sealed record Result(IReadOnlyList<CheckedDiagnostic> Diagnostics, bool BuildFailed, string Output);

        public static async Task<Result> RunAsync(string project, CancellationToken cancellationToken)
        {
            InputFile.Require(project, "The project");

            // --no-incremental: an up-to-date build would skip the compiler, and with it the analyzers and their diagnostics.
            var build = await DotnetCommand.RunAsync(new[] { "build", project, "--no-incremental", "-nologo", "-clp:NoSummary" }, cancellationToken).ConfigureAwait(false);
            return new Result(Parse(build.Output), build.ExitCode != 0, build.Output);
        }

        /// <summary>Every distinct AUTO diagnostic in the build output, in file and position order.</summary>
        public static IReadOnlyList<CheckedDiagnostic> Parse(string output)
            => output.Split('\n')
                .Select(l => Line.Match(l))
                .Where(m => m.Success)
                .Select(m => new CheckedDiagnostic(
                    m.Groups["file"].Value,
                    int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture),
                    int.Parse(m.Groups["column"].Value, CultureInfo.InvariantCulture),
                    m.Groups["severity"].Value,
                    m.Groups["id"].Value,
                    m.Groups["message"].Value))
                .Distinct()
                .OrderBy(d => d.File, StringComparer.Ordinal)
                .ThenBy(d => d.Line)
                .ThenBy(d => d.Column)
                .ToList();
    }
}
