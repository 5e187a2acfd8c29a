using System;
using System.Collections.Generic;
using System.Linq;

namespace Automations.Compiled.Testing
{
    /// <summary>What a scenario expects, and the check of a run against it.</summary>
    internal sealed class ScenarioExpectations
    {
        public FlowStatus? Status { get; set; }

        public List<StepPattern>? Steps { get; set; }

        public Dictionary<string, string> Endpoints { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, object?> StepOutputs { get; } = new(StringComparer.Ordinal);

        public List<string> NotRun { get; } = [];

        public Expected? Output { get; set; }

        public Expected? Message { get; set; }

        public (string? StepId, string? Contains)? Error { get; set; }

        public WaitKind? Wait { get; set; }

        public List<RecordWrite>? Records { get; set; }

        /// <summary>Every step id an expectation names, for the check that each is a step of the flow.</summary>
        public IEnumerable<string> StepIds
            => (Steps?.Select(s => s.StepId) ?? []).Concat(Endpoints.Keys).Concat(StepOutputs.Keys).Concat(NotRun);

        /// <summary>Where the run differs from the expectations, one line (or block) each.</summary>
        public List<string> Check(FlowResult run, IReadOnlyList<StepRecord> trace, IReadOnlyList<RecordWrite> writes)
        {
            var mismatches = new List<string>();
            if (Status is { } status && run.Status != status)
            {
                mismatches.Add($"  status: expected {status}, observed {run.Status}{Because(run)}");
            }

            if (Wait is { } wait && run.Snapshot?.Wait.Kind != wait)
            {
                mismatches.Add($"  wait: expected a {wait} wait, observed {(run.Snapshot is { } snapshot ? "a " + snapshot.Wait.Kind + " wait" : "no wait")}");
            }

            if (Steps is { } steps)
            {
                CheckTrace(steps, trace, mismatches);
            }

            foreach (var (stepId, endpoint) in Endpoints)
            {
                var last = Last(trace, stepId);
                if (last?.Endpoint != endpoint)
                {
                    mismatches.Add($"  endpoint of '{stepId}': expected '{endpoint}', observed {(last is null ? "step never ran" : last.Value.Endpoint is { } taken ? $"'{taken}'" : "none (" + last.Value.Status.ToString().ToLowerInvariant() + ")")}");
                }
            }

            foreach (var (stepId, output) in StepOutputs)
            {
                var last = Last(trace, stepId);
                if (last is null || !ScenarioValues.Matches(output, last.Value.Output))
                {
                    mismatches.Add($"  output of '{stepId}': expected {ScenarioValues.Print(output)}, observed {(last is null ? "step never ran" : ScenarioValues.Print(last.Value.Output))}");
                }
            }

            foreach (var stepId in NotRun.Where(id => Last(trace, id) is not null))
            {
                mismatches.Add($"  step '{stepId}': expected not to run, observed {trace.Count(r => r.StepId == stepId)} tr{(trace.Count(r => r.StepId == stepId) == 1 ? "y" : "ies")}");
            }

            if (Output is { } expectedOutput && !ScenarioValues.Matches(expectedOutput.Value, run.Output))
            {
                mismatches.Add($"  output: expected {ScenarioValues.Print(expectedOutput.Value)}, observed {ScenarioValues.Print(run.Output)}");
            }

            if (Message is { } expectedMessage && !Equals(expectedMessage.Value as string, run.Message))
            {
                mismatches.Add($"  message: expected {ScenarioValues.Print(expectedMessage.Value)}, observed {ScenarioValues.Print(run.Message)}");
            }

            if (Error is var (errorStep, contains))
            {
                var error = run.Error;
                if (error is null || error.StepId != errorStep || (contains is not null && !error.Message.Contains(contains, StringComparison.Ordinal)))
                {
                    var wanted = (errorStep is null ? "an error not at a step" : $"an error at '{errorStep}'") + (contains is null ? "" : $" containing \"{contains}\"");
                    mismatches.Add($"  error: expected {wanted}, observed {(error is null ? "none" : error.ToString())}");
                }
            }

            if (Records is { } records)
            {
                CheckRecords(records, writes, mismatches);
            }

            return mismatches;
        }

        private static string Because(FlowResult run)
            => run.Error is { } error ? $" ({error})" : run.Message is { } message ? $" ({message})" : run.Snapshot is { } snapshot ? $" (at '{snapshot.StepId}', a {snapshot.Wait.Kind} wait)" : "";

        private static StepRecord? Last(IReadOnlyList<StepRecord> trace, string stepId)
        {
            for (var i = trace.Count - 1; i >= 0; i--)
            {
                if (trace[i].StepId == stepId)
                {
                    return trace[i];
                }
            }

            return null;
        }

        /// <summary>The expected lines against the tries, aligned (longest common subsequence) and printed as a diff.</summary>
        private static void CheckTrace(List<StepPattern> expected, IReadOnlyList<StepRecord> observed, List<string> mismatches)
        {
            var n = expected.Count;
            var m = observed.Count;
            var common = new int[n + 1, m + 1];
            for (var i = n - 1; i >= 0; i--)
            {
                for (var j = m - 1; j >= 0; j--)
                {
                    common[i, j] = expected[i].Matches(observed[j]) ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
                }
            }

            if (common[0, 0] == n && n == m)
            {
                return;
            }

            var lines = new List<string> { "  steps differ (- expected, + observed):" };
            int x = 0, y = 0;
            while (x < n || y < m)
            {
                if (x < n && y < m && expected[x].Matches(observed[y]))
                {
                    lines.Add("      " + StepPattern.Print(observed[y]));
                    x++;
                    y++;
                }
                else if (x < n && (y == m || common[x + 1, y] >= common[x, y + 1]))
                {
                    lines.Add("    - " + expected[x++]);
                }
                else
                {
                    lines.Add("    + " + StepPattern.Print(observed[y++]));
                }
            }

            mismatches.Add(string.Join(Environment.NewLine, lines));
        }

        private static void CheckRecords(List<RecordWrite> expected, IReadOnlyList<RecordWrite> observed, List<string> mismatches)
        {
            var same = expected.Count == observed.Count && expected.Zip(observed).All(pair => Fits(pair.First, pair.Second));
            if (same)
            {
                return;
            }

            var lines = new List<string> { $"  record writes differ: expected {expected.Count}, observed {observed.Count}" };
            lines.AddRange(expected.Select(w => "    - " + w));
            lines.AddRange(observed.Select(w => "    + " + w));
            mismatches.Add(string.Join(Environment.NewLine, lines));
        }

        private static bool Fits(RecordWrite expected, RecordWrite observed)
            => string.Equals(expected.Operation, observed.Operation, StringComparison.OrdinalIgnoreCase)
                && expected.ObjectName == observed.ObjectName
                && (expected.Id.Length == 0 || expected.Id == observed.Id)
                && ScenarioValues.Matches(expected.Fields, observed.Fields);
    }
}
