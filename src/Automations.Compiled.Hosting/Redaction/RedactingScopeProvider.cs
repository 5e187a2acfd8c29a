using System;
using Microsoft.Extensions.Logging;

namespace Automations.Compiled.Hosting.Redaction
{
    /// <summary>
    /// The logger factory's scopes as a provider with external scopes reads them: each scope's state redacted when it
    /// is read, so a secret registered after the scope was opened is hidden too.
    /// </summary>
    internal sealed class RedactingScopeProvider(IExternalScopeProvider inner, RedactionScope scope) : IExternalScopeProvider
    {
        public void ForEachScope<TState>(Action<object?, TState> callback, TState state)
            => inner.ForEachScope(
                static (value, args) => args.Callback(value is null ? null : LogRedaction.ScopeState(value, args.Scope.Values), args.State),
                (Callback: callback, Scope: scope, State: state));

        public IDisposable Push(object? state) => inner.Push(state);
    }
}
