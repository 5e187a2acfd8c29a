using System;
using System.Globalization;
using System.IO;

namespace Automations.Compiled.Cli.Running
{
    /// <summary><c>--trace</c>: one line per step try, as it ends.</summary>
    internal sealed class TraceObserver : IFlowObserver
    {
        private readonly TextWriter _output;

        public TraceObserver(TextWriter output) => _output = output;

        public void OnStep(in StepRecord record)
        {
            var line = Format(record.StepId, record.Attempt, record.Status, record.Endpoint, record.EndedAt - record.StartedAt, record.Error);
            lock (_output)
            {
                _output.WriteLine(line);
            }
        }

        /// <summary><c>trace step #attempt status -> endpoint (12.3 ms)</c>, then the error of a failed try.</summary>
        public static string Format(string stepId, int attempt, StepStatus status, string? endpoint, TimeSpan duration, string? error)
        {
            var text = $"trace {stepId} #{attempt} {status.ToString().ToLowerInvariant()}";
            if (endpoint is not null)
            {
                text += " -> " + endpoint;
            }

            text += " (" + duration.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms)";
            return error is null ? text : text + ": " + error;
        }
    }
}
