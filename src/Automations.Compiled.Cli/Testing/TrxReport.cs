using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Automations.Compiled.Cli.Testing
{
    /// <summary>
    /// The Visual Studio test results file (<c>--trx</c>, as <c>dotnet test --logger trx</c> writes it), which Azure
    /// DevOps and the IDEs read: a unit test per scenario (class: the flow, name: the scenario), its outcome, and for a
    /// failure or error the differences as its error message. Ids are derived from the file and scenario name, so the
    /// same scenario has the same test id in every run.
    /// </summary>
    internal static class TrxReport
    {
        private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        private static readonly Guid TestType = new("13cdc9d9-ddb5-4fa4-a97d-d965ccfc6d4b"); // the unit test type every TRX uses
        private static readonly Guid ListId = new("8c84fa94-04c1-424b-9868-57a2d4851a1d"); // "Results Not in a List"

        public static XDocument Create(IReadOnlyList<ScenarioOutcome> outcomes, DateTimeOffset started, DateTimeOffset finished)
        {
            var tests = outcomes.Select(o => (Outcome: o, TestId: StableId(o.File + "\n" + o.Name), ExecutionId: Guid.NewGuid())).ToList();
            var results = tests.Select(t => Result(t.Outcome, t.TestId, t.ExecutionId, started));
            var definitions = tests.Select(t => new XElement(
                Ns + "UnitTest",
                new XAttribute("name", t.Outcome.Name),
                new XAttribute("storage", t.Outcome.File),
                new XAttribute("id", t.TestId),
                new XElement(Ns + "Execution", new XAttribute("id", t.ExecutionId)),
                new XElement(Ns + "TestMethod", new XAttribute("codeBase", t.Outcome.File), new XAttribute("adapterTypeName", "executor://automations-compiled/flow-test"), new XAttribute("className", t.Outcome.Flow), new XAttribute("name", t.Outcome.Name))));
            var entries = tests.Select(t => new XElement(Ns + "TestEntry", new XAttribute("testId", t.TestId), new XAttribute("executionId", t.ExecutionId), new XAttribute("testListId", ListId)));
            var passed = outcomes.Count(o => o.Verdict == ScenarioVerdict.Passed);
            var failed = outcomes.Count(o => o.Verdict == ScenarioVerdict.Failed);
            var errors = outcomes.Count(o => o.Verdict == ScenarioVerdict.Error);
            return new XDocument(new XElement(
                Ns + "TestRun",
                new XAttribute("id", Guid.NewGuid()),
                new XAttribute("name", "flow test " + started.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
                new XElement(Ns + "Times", new XAttribute("creation", Time(started)), new XAttribute("queuing", Time(started)), new XAttribute("start", Time(started)), new XAttribute("finish", Time(finished))),
                new XElement(Ns + "Results", results),
                new XElement(Ns + "TestDefinitions", definitions),
                new XElement(Ns + "TestEntries", entries),
                new XElement(Ns + "TestLists", new XElement(Ns + "TestList", new XAttribute("name", "Results Not in a List"), new XAttribute("id", ListId))),
                new XElement(
                    Ns + "ResultSummary",
                    new XAttribute("outcome", failed + errors == 0 ? "Completed" : "Failed"),
                    new XElement(
                        Ns + "Counters",
                        new XAttribute("total", outcomes.Count),
                        new XAttribute("executed", outcomes.Count),
                        new XAttribute("passed", passed),
                        new XAttribute("failed", failed),
                        new XAttribute("error", errors),
                        new XAttribute("timeout", 0),
                        new XAttribute("aborted", 0),
                        new XAttribute("inconclusive", 0),
                        new XAttribute("passedButRunAborted", 0),
                        new XAttribute("notRunnable", 0),
                        new XAttribute("notExecuted", 0),
                        new XAttribute("disconnected", 0),
                        new XAttribute("warning", 0),
                        new XAttribute("completed", 0),
                        new XAttribute("inProgress", 0),
                        new XAttribute("pending", 0)))));
        }

        private static XElement Result(ScenarioOutcome outcome, Guid testId, Guid executionId, DateTimeOffset started)
        {
            var result = new XElement(
                Ns + "UnitTestResult",
                new XAttribute("executionId", executionId),
                new XAttribute("testId", testId),
                new XAttribute("testName", outcome.Name),
                new XAttribute("computerName", Environment.MachineName),
                new XAttribute("duration", outcome.Duration.ToString("c", CultureInfo.InvariantCulture)),
                new XAttribute("startTime", Time(started)),
                new XAttribute("endTime", Time(started + outcome.Duration)),
                new XAttribute("testType", TestType),
                new XAttribute("outcome", outcome.Verdict switch { ScenarioVerdict.Passed => "Passed", ScenarioVerdict.Failed => "Failed", _ => "Error" }),
                new XAttribute("testListId", ListId));
            var output = new XElement(Ns + "Output");
            if (outcome.Output.Length > 0)
            {
                output.Add(new XElement(Ns + "StdOut", outcome.Output));
            }

            if (outcome.Verdict != ScenarioVerdict.Passed)
            {
                output.Add(new XElement(Ns + "ErrorInfo", new XElement(Ns + "Message", string.Join("\n", outcome.Details)), new XElement(Ns + "StackTrace", $"at {outcome.File}:line {outcome.Line}")));
            }

            if (output.HasElements)
            {
                result.Add(output);
            }

            return result;
        }

        /// <summary>A GUID from a hash of <paramref name="text"/>: the same scenario gets the same test id in every run.</summary>
        private static Guid StableId(string text) => new(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));

        private static string Time(DateTimeOffset instant) => instant.ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);
    }
}
