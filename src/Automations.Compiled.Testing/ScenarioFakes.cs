using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Automations.Compiled.Testing
{
    /// <summary>What a fake does for a try of an action step: give a result, or fail with a message.</summary>
    internal sealed record ActionFake(bool Fails, object? Result, string? Message)
    {
        public static ActionFake Returning(object? result) => new(false, result, null);

        public static ActionFake Failing(string message) => new(true, null, message);
    }

    /// <summary>
    /// A scenario's stand-ins for actions, per step and try: a fake for a given try wins over the step's fake for every
    /// try; a step without either calls its action.
    /// </summary>
    internal sealed class ScenarioFakes : IActionFakes
    {
        private readonly Dictionary<(string Step, int Attempt), ActionFake> _tries = new();
        private readonly Dictionary<string, ActionFake> _steps = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ActionFake> _compensations = new(StringComparer.Ordinal);

        /// <summary>Every step id a fake names, for the check that each names a step of the flow.</summary>
        public IEnumerable<string> StepIds
        {
            get
            {
                foreach (var key in _tries.Keys)
                {
                    yield return key.Step;
                }

                foreach (var key in _steps.Keys)
                {
                    yield return key;
                }

                foreach (var key in _compensations.Keys)
                {
                    yield return key;
                }
            }
        }

        public void Add(string stepId, int? attempt, ActionFake fake)
        {
            if (attempt is { } n)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(n, 1, nameof(attempt));
                _tries[(stepId, n)] = fake;
            }
            else
            {
                _steps[stepId] = fake;
            }
        }

        public void AddCompensation(string stepId, ActionFake fake) => _compensations[stepId] = fake;

        /// <inheritdoc />
        public bool TryFake<T>(string stepId, int attempt, out T result)
        {
            if (!_tries.TryGetValue((stepId, attempt), out var fake) && !_steps.TryGetValue(stepId, out fake))
            {
                result = default!;
                return false;
            }

            if (fake.Fails)
            {
                throw new ScenarioActionException(fake.Message!);
            }

            try
            {
                result = ScenarioValues.Convert<T>(fake.Result);
            }
            catch (Exception error) when (error is JsonException or NotSupportedException or InvalidCastException)
            {
                throw new ScenarioException($"The fake result of step '{stepId}' ({ScenarioValues.Print(fake.Result)}) is not a {typeof(T).Name}, which its action returns: {error.Message}", error);
            }

            return true;
        }

        /// <inheritdoc />
        public bool TryFakeCompensation(string stepId)
        {
            if (!_compensations.TryGetValue(stepId, out var fake))
            {
                return false;
            }

            return fake.Fails ? throw new ScenarioActionException(fake.Message!) : true;
        }
    }

    /// <summary>The failure a scenario's fake gives an action step: its message is the step's error.</summary>
    public sealed class ScenarioActionException : Exception
    {
        /// <summary>A fake failure with <paramref name="message"/>.</summary>
        public ScenarioActionException(string message)
            : base(message)
        {
        }
    }

    /// <summary>A scenario that cannot run as written (a fake result of the wrong type, a script that does not fit the run).</summary>
    public sealed class ScenarioException : Exception
    {
        /// <summary>A scenario mistake described by <paramref name="message"/>.</summary>
        public ScenarioException(string message, Exception? inner = null)
            : base(message, inner)
        {
        }
    }
}
