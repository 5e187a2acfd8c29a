using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Text;
using System.Text.Json;
using Automations.Compiled.Cli.Values;
using Automations.Compiled.Hosting;

namespace Automations.Compiled.Cli.Running
{
    /// <summary>How the tool reports where a run got to: one line for people, an object for <c>--json</c>; the exit code.</summary>
    internal static class RunReport
    {
        /// <summary>
        /// Prints where a run got to, its message, error, output and (<paramref name="steps"/>, with <c>--json</c>) step
        /// history redacted by <paramref name="redaction"/>; <paramref name="output"/> is the run's output value (a run in
        /// memory) or its JSON (<see cref="Journal"/>), null when there is none.
        /// </summary>
        public static int Write(ParseResult result, RunRedaction redaction, Guid runId, string flowId, FlowStatus status, string? message, string? errorStep, string? error, object? output, IReadOnlyList<StepEntry>? steps = null)
        {
            message = redaction.Text(message);
            error = redaction.Text(error);
            output = redaction.Value(output);
            var text = new StringBuilder($"Run {runId:N} of {flowId}: {status}");
            if (message is not null)
            {
                text.Append(": ").Append(message);
            }

            if (status == FlowStatus.Waiting)
            {
                text.Append(Environment.NewLine).Append("It waits in the journal; continue it with 'flow runs approve|reject|events|resume ... --file <flow>'.");
            }

            if (output is not null)
            {
                text.Append(Environment.NewLine).Append("output: ").Append(CelValueText.Write(output));
            }

            if (status == FlowStatus.Failed && !Output.IsJson(result))
            {
                Console.Error.WriteLine("flow: " + Output.Red("run failed" + (errorStep is null ? "" : $" at step '{errorStep}'") + ": " + error));
            }

            var history = steps is null ? null : Steps(steps, redaction).ToList();
            Output.Result(result, text.ToString(), new { runId = runId.ToString("N"), flow = flowId, status = status.ToString(), message, errorStep, error, output = output is null ? (JsonElement?)null : CelValueText.Json(output), steps = history });
            return status is FlowStatus.Failed or FlowStatus.Cancelled ? FlowCli.FlowErrors : FlowCli.Ok;
        }

        /// <summary>A journal's output bytes (JSON, redacted) as a JSON value; null when there is none, a string when they are not JSON.</summary>
        public static JsonElement? Journal(byte[]? json)
        {
            if (json is null || json.Length == 0)
            {
                return null;
            }

            var text = Encoding.UTF8.GetString(json);
            try
            {
                using var document = JsonDocument.Parse(text);
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return JsonSerializer.SerializeToElement(text);
            }
        }

        /// <summary>A journal's output bytes, redacted, as <see cref="CelValueText"/> writes them; null when there is none.</summary>
        public static string? Text(byte[]? json, RunRedaction redaction) => redaction.Value(Journal(json)) is { } value ? CelValueText.Write(value) : null;

        /// <summary>A run as <c>runs list</c> and <c>runs show</c> write it with <c>--json</c>, its message and error redacted.</summary>
        public static object Summary(RunInfo run, RunRedaction redaction) => new
        {
            runId = run.RunId.ToString("N"),
            flow = run.FlowId,
            version = run.FlowVersion,
            status = run.Status.ToString(),
            trigger = run.TriggerKind,
            createdAt = run.CreatedAt,
            updatedAt = run.UpdatedAt,
            endedAt = run.EndedAt,
            message = redaction.Text(run.Message),
            error = redaction.Text(run.Error?.Message),
            errorStep = run.Error?.StepId,
        };

        /// <summary>A run's step history, each try redacted as the journal keeps it, for <c>--json</c>.</summary>
        public static IEnumerable<object> Steps(IReadOnlyList<StepEntry> steps, RunRedaction redaction)
        {
            foreach (var entry in steps)
            {
                var step = redaction.Step(entry);
                yield return new
                {
                    step = step.StepId,
                    attempt = step.Attempt,
                    status = step.Status.ToString(),
                    endpoint = step.Endpoint,
                    startedAt = step.StartedAt,
                    durationMs = (step.EndedAt - step.StartedAt).TotalMilliseconds,
                    output = Journal(step.Output),
                    error = step.Error,
                };
            }
        }
    }
}
