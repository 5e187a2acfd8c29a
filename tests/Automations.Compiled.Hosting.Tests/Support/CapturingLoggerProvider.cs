using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Automations.Compiled.Hosting.Tests.Support
{
    /// <summary>One log call as a provider received it.</summary>
    internal sealed record CapturedLog(LogLevel Level, string Category, string Message, IReadOnlyList<KeyValuePair<string, object?>> State, IReadOnlyList<object?> Scopes, Exception? Exception);

    /// <summary>
    /// An in-memory logging provider that writes everything a real one could (message, every structured value, every
    /// scope, the exception's text and message) to <see cref="Text"/>, the "log output" the redaction tests scan.
    /// It keeps its own scopes, as a provider without external scopes does.
    /// </summary>
    internal class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly object _gate = new();
        private readonly List<CapturedLog> _logs = new();
        private readonly StringBuilder _text = new();

        public IReadOnlyList<CapturedLog> Logs
        {
            get
            {
                lock (_gate)
                {
                    return _logs.ToArray();
                }
            }
        }

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return _text.ToString();
                }
            }
        }

        public bool Disposed { get; private set; }

        protected IExternalScopeProvider? ExternalScopes { get; set; }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose() => Disposed = true;

        internal static string Show(object? value) => value switch
        {
            null => "(null)",
            string text => text,
            IEnumerable<KeyValuePair<string, object?>> pairs => "{" + string.Join(", ", Pairs(pairs)) + "}",
            IDictionary dictionary => "{" + string.Join(", ", Entries(dictionary)) + "}",
            IEnumerable items => "[" + string.Join(", ", Items(items)) + "]",
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };

        private static IEnumerable<string> Pairs(IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach (var (key, value) in pairs)
            {
                yield return key + "=" + Show(value);
            }
        }

        private static IEnumerable<string> Entries(IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                yield return Show(entry.Key) + "=" + Show(entry.Value);
            }
        }

        private static IEnumerable<string> Items(IEnumerable items)
        {
            foreach (var item in items)
            {
                yield return Show(item);
            }
        }

        private void Write(CapturedLog log)
        {
            lock (_gate)
            {
                _logs.Add(log);
                _text.Append('[').Append(log.Level).Append("] ").Append(log.Category).Append(": ").AppendLine(log.Message);
                foreach (var (key, value) in log.State)
                {
                    _text.Append("  ").Append(key).Append(" = ").AppendLine(Show(value));
                }

                foreach (var scope in log.Scopes)
                {
                    _text.Append("  scope: ").Append(scope?.ToString()).Append(" ").AppendLine(Show(scope));
                }

                if (log.Exception is { } exception)
                {
                    _text.Append("  exception: ").AppendLine(exception.ToString());
                    _text.Append("  message: ").AppendLine(exception.Message);
                    _text.Append("  stack: ").AppendLine(exception.StackTrace);
                }
            }
        }

        private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
        {
            private readonly List<object?> _ownScopes = new();

            public IDisposable BeginScope<TState>(TState state)
                where TState : notnull
            {
                lock (_ownScopes)
                {
                    _ownScopes.Add(state);
                }

                return new Pop(_ownScopes, state);
            }

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scopes = new List<object?>();
                if (provider.ExternalScopes is { } external)
                {
                    external.ForEachScope(static (scope, list) => list.Add(scope), scopes);
                }
                else
                {
                    lock (_ownScopes)
                    {
                        scopes.AddRange(_ownScopes);
                    }
                }

                var pairs = state is IEnumerable<KeyValuePair<string, object?>> values ? new List<KeyValuePair<string, object?>>(values) : new List<KeyValuePair<string, object?>>();
                provider.Write(new CapturedLog(logLevel, category, formatter(state, exception), pairs, scopes, exception));
            }

            private sealed class Pop(List<object?> scopes, object state) : IDisposable
            {
                public void Dispose()
                {
                    lock (scopes)
                    {
                        scopes.Remove(state);
                    }
                }
            }
        }
    }

    /// <summary>The same provider reading the logger factory's scopes, as the console and OpenTelemetry providers do.</summary>
    internal sealed class ExternalScopeCapturingLoggerProvider : CapturingLoggerProvider, ISupportExternalScope
    {
        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => ExternalScopes = scopeProvider;
    }
}
