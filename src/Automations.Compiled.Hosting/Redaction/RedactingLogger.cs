using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace Automations.Compiled.Hosting.Redaction
{
    /// <summary>
    /// A logger that only ever passes redacted calls on: a provider's behind <see cref="RedactingLoggerProvider"/>
    /// (<paramref name="provider"/> given, whose factory scopes it replays), or a whole factory's behind
    /// <see cref="RedactingLoggerFactory"/> (the factory's logger keeps the scopes itself).
    /// </summary>
    internal sealed class RedactingLogger(ILogger inner, RedactionScope scope, RedactingLoggerProvider? provider = null) : ILogger
    {
        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
            => inner.BeginScope(LogRedaction.ScopeState(state, scope.Values));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var secrets = scope.Values;
            var redacted = LogRedaction.State(state, exception, formatter, secrets);
            var error = LogRedaction.Exception(exception, secrets);
            var scopes = provider?.ScopesToReplay;
            if (scopes is null)
            {
                inner.Log(logLevel, eventId, redacted, error, RedactedLogState.Format);
                return;
            }

            // The factory keeps the scopes (this provider takes external scopes) but the inner provider keeps its own:
            // open the redacted scopes on it around the call, outermost first.
            var states = new List<object>();
            scopes.ForEachScope(static (value, list) =>
            {
                if (value is not null)
                {
                    list.Add(value);
                }
            }, states);
            var opened = new IDisposable?[states.Count];
            try
            {
                for (var i = 0; i < states.Count; i++)
                {
                    opened[i] = inner.BeginScope(LogRedaction.ScopeState(states[i], secrets));
                }

                inner.Log(logLevel, eventId, redacted, error, RedactedLogState.Format);
            }
            finally
            {
                for (var i = opened.Length - 1; i >= 0; i--)
                {
                    opened[i]?.Dispose();
                }
            }
        }
    }
}
