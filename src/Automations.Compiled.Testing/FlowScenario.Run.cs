using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting;
using Automations.Compiled.Hosting.Redaction;
using Automations.Compiled.Text;

namespace Automations.Compiled.Testing
{
    public sealed partial class FlowScenario
    {
        /// <summary>Where a scenario's clock starts when it does not say.</summary>
        public static DateTimeOffset DefaultStart { get; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        /// <summary>
        /// Runs the scenario and checks it; throws <see cref="ScenarioFailedException"/> (its message the report, with a
        /// diff of the trace) when the run differs from what is expected, so it fails the test it is in.
        /// </summary>
        /// <exception cref="ScenarioFailedException">The run differed from the expectations.</exception>
        /// <exception cref="ScenarioException">The scenario cannot run as written (a step it names is not the flow's, inputs that do not fit).</exception>
        public async Task<ScenarioResult> RunAsync(CancellationToken cancellationToken = default)
        {
            var result = await EvaluateAsync(cancellationToken).ConfigureAwait(false);
            return result.Passed ? result : throw new ScenarioFailedException(result);
        }

        /// <summary>Runs the scenario and checks it, without throwing on a difference: the result lists every one.</summary>
        /// <exception cref="ScenarioException">The scenario cannot run as written (a step it names is not the flow's, inputs that do not fit).</exception>
        public async Task<ScenarioResult> EvaluateAsync(CancellationToken cancellationToken = default)
        {
            CheckStepIds();
            var clock = new ScenarioClock(_start ?? DefaultStart);
            var records = new InMemoryRecordStore();
            foreach (var (objectName, fields) in _seed)
            {
                records.Seed(objectName, fields);
            }

            // The scenario's secrets are redacted as a host redacts the ones it resolved: the report and output never hold them.
            var redaction = new RedactionScope();
            foreach (var value in _secrets.Values)
            {
                redaction.Add(value);
            }

            var trace = new FlowTrace();
            var options = new FlowRunOptions
            {
                Observer = trace,
                TimeProvider = clock,
                Trigger = _trigger,
                Records = records,
                Fakes = _fakes,
                Secrets = new ScenarioSecrets(_secrets),
                JitterSeed = 0,
            };

            var run = await _flow.RunAsync(Input(), options, cancellationToken).ConfigureAwait(false);
            var mismatches = new List<string>();
            for (var i = 0; i < _script.Count; i++)
            {
                var item = _script[i];
                if (run.Status != FlowStatus.Waiting)
                {
                    mismatches.Add($"  script: item {i + 1} ({item}) was not used: the run ended {run.Status} before it");
                    break;
                }

                var snapshot = run.Snapshot!;
                if (Signal(item, snapshot, clock) is not { } signal)
                {
                    if (item.By is null)
                    {
                        mismatches.Add($"  script: item {i + 1} ({item}) does not fit: the run waits at '{snapshot.StepId}' for {Describe(snapshot.Wait)}");
                        break;
                    }

                    continue; // the clock moved, but not as far as the wait's time: it goes on waiting
                }

                run = await _flow.ResumeAsync(snapshot, signal, options, cancellationToken).ConfigureAwait(false);
            }

            mismatches.AddRange(_expect.Check(run, trace.Records, records.Writes));
            return new ScenarioResult(Name, _flow.Info, run, trace.Records, records.Writes, mismatches, redaction);
        }

        /// <summary>How a script item resumes the wait, or null when it does not (the clock not far enough, a wrong kind).</summary>
        private static ResumeSignal? Signal(ScriptItem item, FlowSnapshot snapshot, ScenarioClock clock)
        {
            var wait = snapshot.Wait;
            if (item.By is { } by)
            {
                clock.Advance(by);
                return wait.Until is { } until && clock.GetUtcNow() >= until ? ResumeSignal.TimerElapsed() : null;
            }

            if (item.EventName is { } name)
            {
                return wait.Kind == WaitKind.Event && wait.EventName == name
                    ? ResumeSignal.Event(name, ScenarioValues.Payload(item.Payload))
                    : null;
            }

            return wait.Kind == WaitKind.Approval ? ResumeSignal.Approval(item.Decision!) : null;
        }

        private static string Describe(WaitSpec wait) => wait.Kind switch
        {
            WaitKind.Event => $"event '{wait.EventName}'" + (wait.Until is { } until ? $" (or its timeout at {until:O})" : ""),
            WaitKind.Approval => "an approval" + (wait.Roles is { Length: > 0 } roles ? $" by {string.Join(" or ", roles)}" : "") + (wait.Until is { } until2 ? $" (or its timeout at {until2:O})" : ""),
            WaitKind.Timer => $"its timer at {wait.Until:O}",
            _ => wait.Kind.ToString(),
        };

        /// <summary>The run's input: the typed instance given, or JSON read as the host reads an API call's inputs.</summary>
        private object? Input()
        {
            // The typed input as given; anything else (an anonymous object, JSON) is read as the host reads an API call's.
            var type = _flow.Info.InputType;
            if (type is null ? _input is null : type.IsInstanceOfType(_input))
            {
                return _input;
            }

            try
            {
                return FlowInputs.FromJson(_flow.Info, ScenarioValues.ToJson(_input ?? new Dictionary<string, object?>()));
            }
            catch (ArgumentException error)
            {
                throw new ScenarioException($"Scenario '{Name}': inputs: {error.Message.Split(" (Parameter")[0]}", error);
            }
        }

        /// <summary>Every step a fake or an expectation names must be a step of the flow: a typo would otherwise pass unnoticed.</summary>
        private void CheckStepIds()
        {
            var steps = _flow.Info.StepIds;
            foreach (var stepId in _fakes.StepIds.Concat(_expect.StepIds).Distinct(StringComparer.Ordinal))
            {
                if (!steps.Contains(stepId))
                {
                    throw new ScenarioException($"Scenario '{Name}' {NamesMissingStep(_flow.Info, stepId)}");
                }
            }
        }

        /// <summary>"names step 'x', which flow 'f' does not have; did you mean 'y'?" (or the flow's steps when none is close).</summary>
        internal static string NamesMissingStep(FlowInfo flow, string stepId)
        {
            var hint = Suggestions.Closest(stepId, flow.StepIds) is { } closest ? $"; did you mean '{closest}'?" : $"; its steps are {string.Join(", ", flow.StepIds)}.";
            return $"names step '{stepId}', which flow '{flow.Id}' does not have{hint}";
        }

        /// <summary>The scenario's secrets: those it names, and no other.</summary>
        private sealed class ScenarioSecrets(IReadOnlyDictionary<string, string> secrets) : ISecretResolver
        {
            public ValueTask<string?> ResolveAsync(string name, CancellationToken cancellationToken)
                => new(secrets.TryGetValue(name, out var value) ? value : null);
        }
    }
}
