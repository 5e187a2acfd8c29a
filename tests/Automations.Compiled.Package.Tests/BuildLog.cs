using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace Automations.Compiled.Package.Tests
{
    /// <summary>
    /// The diagnostics of a failed <c>dotnet build</c> (console logger, <c>-tl:off</c>). MSBuild prints each error twice:
    /// once as it happens, and again in the summary after "Build FAILED.", which ends with "N Error(s)". The two parts are
    /// kept apart, so a diagnostic printed twice while building (reported by two components) is not taken for the
    /// summary's repetition.
    /// </summary>
    public sealed class BuildLog
    {
        private const string FailedMarker = "Build FAILED.";
        private static readonly Regex ErrorCountLine = new(@"^\s*(\d+) Error\(s\)\s*$", RegexOptions.CultureInvariant);

        private BuildLog(IReadOnlyList<PrintedDiagnostic> live, IReadOnlyList<PrintedDiagnostic> summary, bool hasSummary, int? errorCount)
        {
            Live = live;
            Summary = summary;
            HasSummary = hasSummary;
            ErrorCount = errorCount;
        }

        /// <summary>The diagnostics printed while building, in order, repeats included.</summary>
        public IReadOnlyList<PrintedDiagnostic> Live { get; }

        /// <summary>The diagnostics of the summary after "Build FAILED.".</summary>
        public IReadOnlyList<PrintedDiagnostic> Summary { get; }

        /// <summary>True when the output has the "Build FAILED." summary.</summary>
        public bool HasSummary { get; }

        /// <summary>The summary's "N Error(s)".</summary>
        public int? ErrorCount { get; }

        /// <summary>Reads what a build printed.</summary>
        /// <param name="output">Its standard output and error.</param>
        /// <param name="projectDirectory">The built project's folder: paths are made relative to it.</param>
        public static BuildLog Parse(string output, string projectDirectory)
        {
            var live = new List<PrintedDiagnostic>();
            var summary = new List<PrintedDiagnostic>();
            var inSummary = false;
            int? errorCount = null;
            foreach (var line in output.Split('\n').Select(l => l.TrimEnd('\r')))
            {
                if (line.Trim() == FailedMarker)
                {
                    inSummary = true;
                    continue;
                }

                if (inSummary && ErrorCountLine.Match(line) is { Success: true } count)
                {
                    errorCount = int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture);
                    continue;
                }

                if (PrintedDiagnostic.TryParse(line, projectDirectory) is { } diagnostic)
                {
                    (inSummary ? summary : live).Add(diagnostic);
                }
            }

            return new BuildLog(live, summary, inSummary, errorCount);
        }

        /// <summary>Every diagnostic printed while building, one per line, for an assertion message.</summary>
        public string Describe()
            => Live.Count == 0 ? "(no diagnostic printed)" : string.Join(Environment.NewLine, Live.Select(d => "  " + d));
    }
}
