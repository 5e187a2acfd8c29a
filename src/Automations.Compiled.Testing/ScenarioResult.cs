using System;
using System.Collections.Generic;
using System.Text;
using Automations.Compiled.Hosting.Redaction;

namespace Automations.Compiled.Testing
{
    /// <summary>What a scenario's run did, and where it differed from what the scenario expects.</summary>
    public sealed class ScenarioResult
    {
        private readonly RedactionScope _redaction;

        internal ScenarioResult(string name, FlowInfo flow, FlowResult run, IReadOnlyList<StepRecord> trace, IReadOnlyList<RecordWrite> writes, IReadOnlyList<string> mismatches, RedactionScope redaction)
        {
            _redaction = redaction;
            Name = name;
            Flow = flow;
            Run = run;
            Trace = trace;
            RecordWrites = writes;
            Mismatches = mismatches;
        }

        /// <summary>The scenario's name.</summary>
        public string Name { get; }

        /// <summary>The flow it ran.</summary>
        public FlowInfo Flow { get; }

        /// <summary>How the run ended (or where it waits, <see cref="FlowResult.Snapshot"/> holding its wait).</summary>
        public FlowResult Run { get; }

        /// <summary>Every try of every step, in order, across the run's legs.</summary>
        public IReadOnlyList<StepRecord> Trace { get; }

        /// <summary>What the run's record steps wrote, in order.</summary>
        public IReadOnlyList<RecordWrite> RecordWrites { get; }

        /// <summary>Where the run differed from the expectations, one entry each (empty when it passed).</summary>
        public IReadOnlyList<string> Mismatches { get; }

        /// <summary>Whether every expectation held.</summary>
        public bool Passed => Mismatches.Count == 0;

        /// <summary>
        /// <paramref name="text"/> with the values of the scenario's secrets replaced by <c>***</c>, as the journal redacts
        /// text (the host's <see cref="RedactionScope"/>): for what a tool prints around the report (the actions' output).
        /// </summary>
        public string Redact(string text) => _redaction.Redact(text);

        /// <summary>The report: the verdict, each mismatch, and the observed trace (secrets' values redacted).</summary>
        public string Report()
        {
            var text = new StringBuilder();
            text.AppendLine($"Scenario '{Name}' ({Flow}): {(Passed ? "passed" : "FAILED")}, run {Run.Status}{(Run.Error is { } error ? " (" + error + ")" : "")}.");
            foreach (var mismatch in Mismatches)
            {
                text.AppendLine(mismatch);
            }

            if (!Passed)
            {
                text.AppendLine("  observed trace:");
                foreach (var record in Trace)
                {
                    text.AppendLine("    " + StepPattern.Print(record));
                }
            }

            return Redact(text.ToString().TrimEnd());
        }
    }

    /// <summary>A scenario whose run differed from its expectations; the message is the report with every difference.</summary>
    public sealed class ScenarioFailedException : Exception
    {
        /// <summary>A failed scenario.</summary>
        public ScenarioFailedException(ScenarioResult result)
            : base(result.Report())
            => Result = result;

        /// <summary>What the run did.</summary>
        public ScenarioResult Result { get; }
    }
}
