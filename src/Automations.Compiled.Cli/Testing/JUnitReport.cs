using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;

namespace Automations.Compiled.Cli.Testing
{
    /// <summary>
    /// The JUnit XML report CI servers read (<c>--junit</c>): a <c>testsuite</c> per scenario file, a <c>testcase</c>
    /// per scenario (class name: the flow), a <c>failure</c> with the differences or an <c>error</c> with what stopped it.
    /// </summary>
    internal static class JUnitReport
    {
        public static XDocument Create(IReadOnlyList<ScenarioOutcome> outcomes, DateTimeOffset started)
        {
            var suites = outcomes.GroupBy(o => o.File, StringComparer.Ordinal).Select(file => new XElement(
                "testsuite",
                new XAttribute("name", file.Key),
                new XAttribute("tests", file.Count()),
                new XAttribute("failures", file.Count(o => o.Verdict == ScenarioVerdict.Failed)),
                new XAttribute("errors", file.Count(o => o.Verdict == ScenarioVerdict.Error)),
                new XAttribute("skipped", 0),
                new XAttribute("timestamp", started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
                new XAttribute("time", Seconds(file.Aggregate(TimeSpan.Zero, (sum, o) => sum + o.Duration))),
                file.Select(Case)));
            return new XDocument(new XElement(
                "testsuites",
                new XAttribute("name", "flow test"),
                new XAttribute("tests", outcomes.Count),
                new XAttribute("failures", outcomes.Count(o => o.Verdict == ScenarioVerdict.Failed)),
                new XAttribute("errors", outcomes.Count(o => o.Verdict == ScenarioVerdict.Error)),
                suites));
        }

        private static XElement Case(ScenarioOutcome outcome)
        {
            var element = new XElement(
                "testcase",
                new XAttribute("classname", outcome.Flow),
                new XAttribute("name", outcome.Name),
                new XAttribute("file", outcome.File),
                new XAttribute("line", outcome.Line),
                new XAttribute("time", Seconds(outcome.Duration)));
            var details = string.Join("\n", outcome.Details);
            switch (outcome.Verdict)
            {
                case ScenarioVerdict.Failed:
                    element.Add(new XElement("failure", new XAttribute("message", outcome.Details.FirstOrDefault()?.Trim() ?? "failed"), new XAttribute("type", "ScenarioFailed"), details));
                    break;
                case ScenarioVerdict.Error:
                    element.Add(new XElement("error", new XAttribute("message", outcome.Details.FirstOrDefault()?.Trim() ?? "error"), new XAttribute("type", "ScenarioError"), details));
                    break;
            }

            if (outcome.Output.Length > 0)
            {
                element.Add(new XElement("system-out", outcome.Output));
            }

            return element;
        }

        private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
    }
}
