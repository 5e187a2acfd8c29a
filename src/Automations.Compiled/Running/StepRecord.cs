using System;
using System.Collections.Generic;
using System.Text;

namespace Automations.Compiled
{
    /// <summary>One step execution: what a trace, a journal and the tools read.</summary>
    public readonly struct StepRecord
    {
        internal StepRecord(string flowId, Guid runId, string stepId, int attempt, string? endpoint, StepStatus status, DateTimeOffset startedAt, DateTimeOffset endedAt, string? error, object? output = null)
        {
            Output = output;
            FlowId = flowId;
            RunId = runId;
            StepId = stepId;
            Attempt = attempt;
            Endpoint = endpoint;
            Status = status;
            StartedAt = startedAt;
            EndedAt = endedAt;
            Error = error;
        }

        /// <summary>The flow id.</summary>
        public string FlowId { get; }

        /// <summary>The run id.</summary>
        public Guid RunId { get; }

        /// <summary>The step id.</summary>
        public string StepId { get; }

        /// <summary>The try, from 1.</summary>
        public int Attempt { get; }

        /// <summary>The endpoint the step chose (<c>success</c>, <c>then</c>, <c>each</c>, ...), or null when it failed without one.</summary>
        public string? Endpoint { get; }

        /// <summary>What happened.</summary>
        public StepStatus Status { get; }

        /// <summary>When the try started (from the run's <see cref="TimeProvider"/>).</summary>
        public DateTimeOffset StartedAt { get; }

        /// <summary>When the try ended.</summary>
        public DateTimeOffset EndedAt { get; }

        /// <summary>
        /// What a succeeded action, set or record step produced (its <c>steps.&lt;id&gt;.output</c>), or null. A journal
        /// serialises and redacts it before it keeps it.
        /// </summary>
        public object? Output { get; }

        /// <summary>The error message of a failed try, with secrets redacted.</summary>
        public string? Error { get; }

        /// <inheritdoc />
        public override string ToString()
        {
            var text = $"{StepId} #{Attempt} {Status.ToString().ToLowerInvariant()}";
            if (Endpoint is not null)
            {
                text += " -> " + Endpoint;
            }

            return Error is null ? text : text + " (" + Error + ")";
        }
    }

    /// <summary>Receives step events as a run executes. Called concurrently from parallel branches.</summary>
    public interface IFlowObserver
    {
        /// <summary>A step try ended.</summary>
        void OnStep(in StepRecord record);
    }

    /// <summary>An observer that keeps every <see cref="StepRecord"/> in order, for tests and tools.</summary>
    public sealed class FlowTrace : IFlowObserver
    {
        private readonly List<StepRecord> _records = new();

        /// <summary>The records so far.</summary>
        public IReadOnlyList<StepRecord> Records
        {
            get
            {
                lock (_records)
                {
                    return _records.ToArray();
                }
            }
        }

        /// <summary>The step ids in execution order, one per try.</summary>
        public IReadOnlyList<string> StepIds
        {
            get
            {
                lock (_records)
                {
                    return _records.ConvertAll(r => r.StepId);
                }
            }
        }

        /// <summary>Forgets every record, so one trace can serve many runs.</summary>
        public void Clear()
        {
            lock (_records)
            {
                _records.Clear();
            }
        }

        /// <inheritdoc />
        public void OnStep(in StepRecord record)
        {
            lock (_records)
            {
                _records.Add(record);
            }
        }

        /// <summary>One line per record: <c>step #attempt status -> endpoint</c>.</summary>
        public override string ToString()
        {
            var builder = new StringBuilder();
            foreach (var record in Records)
            {
                builder.AppendLine(record.ToString());
            }

            return builder.ToString();
        }
    }
}
