using System;
using Microsoft.Extensions.Logging;

namespace Automations.Compiled.Hosting.Redaction
{
    /// <summary>
    /// Wraps a logging provider so that it never sees a secret: every message, structured value, scope and exception
    /// is redacted with the host's <see cref="RedactionScope"/> before the provider gets it. Register it in place of the
    /// provider it wraps; disposing it disposes that provider.
    /// </summary>
    /// <remarks>
    /// <para>What the provider receives:</para>
    /// <list type="bullet">
    /// <item>the formatted message with every registered value replaced by <c>***</c>; when a key-like value was hidden
    /// (a <c>{Password}</c> placeholder), the message formatted again from its template with <c>***</c> there;</item>
    /// <item>the structured values: key-like names (<c>password</c>, <c>token</c>, <c>api_key</c>, ...) as <c>***</c>
    /// (except null and booleans), strings redacted, numbers and dates kept unless their text holds a secret,
    /// collections redacted item by item, and any other object as its redacted <c>ToString()</c> (a provider that
    /// serialises objects' members would otherwise see what their <c>ToString()</c> hides);</item>
    /// <item>scopes redacted the same way, also when the provider reads them from the factory (external scopes);</item>
    /// <item>an exception whose message, inner exceptions or stack hold a secret replaced by a stand-in with the same
    /// text redacted (its type is not the original's; its <c>ToString()</c> starts with the original type's name).</item>
    /// </list>
    /// </remarks>
    public sealed class RedactingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        private readonly ILoggerProvider _inner;
        private IExternalScopeProvider? _scopesToReplay;

        /// <summary>Wraps <paramref name="inner"/>, redacting with <paramref name="scope"/>.</summary>
        /// <param name="inner">The provider that writes the logs.</param>
        /// <param name="scope">The host's scope: the parent of every run's scope, so it holds every resolved secret.</param>
        public RedactingLoggerProvider(ILoggerProvider inner, RedactionScope scope)
        {
            ArgumentNullException.ThrowIfNull(inner);
            ArgumentNullException.ThrowIfNull(scope);
            _inner = inner;
            Scope = scope;
        }

        /// <summary>The scope whose values are redacted.</summary>
        public RedactionScope Scope { get; }

        /// <summary>The factory's scopes, when the inner provider does not read external scopes itself.</summary>
        internal IExternalScopeProvider? ScopesToReplay => System.Threading.Volatile.Read(ref _scopesToReplay);

        /// <inheritdoc />
        public ILogger CreateLogger(string categoryName) => new RedactingLogger(_inner.CreateLogger(categoryName), Scope, this);

        /// <inheritdoc />
        public void SetScopeProvider(IExternalScopeProvider scopeProvider)
        {
            ArgumentNullException.ThrowIfNull(scopeProvider);
            if (_inner is ISupportExternalScope external)
            {
                external.SetScopeProvider(new RedactingScopeProvider(scopeProvider, Scope));
            }
            else
            {
                System.Threading.Volatile.Write(ref _scopesToReplay, scopeProvider);
            }
        }

        /// <inheritdoc />
        public void Dispose() => _inner.Dispose();
    }
}
