using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace Automations.Compiled.Hosting.Redaction
{
    /// <summary>
    /// The secret values a run has resolved, and the redaction of everything the run writes to its journal: trigger
    /// payloads, step outputs, error messages, outcomes (SPEC §3, §5). Thread-safe: parallel branches add and redact at once.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A host keeps one scope for the process and gives each run a child of it (<c>new RedactionScope(hostScope)</c>).
    /// A value added to a run's scope is added to the host's first; a run's scope redacts with the host's values, so it
    /// also hides what the host registered at start and what other runs resolved; the logs are redacted with the host's
    /// (<see cref="RedactingLoggerProvider"/>), so a log line written anywhere hides every secret resolved by any run.
    /// </para>
    /// <para>
    /// A value is redacted from the moment <see cref="Add"/> returns; nothing written before is rewritten. Values are
    /// matched as they are, ordinally: a value that user code has transformed (encoded, hashed, cut, upper-cased) is a
    /// different value and is not found. Values of fewer than 4 characters are redacted only where they are a whole value
    /// (a whole text, JSON string or number, or log value), never inside a longer text. Empty and white-space-only values
    /// are not registered.
    /// </para>
    /// </remarks>
    public sealed class RedactionScope
    {
        private readonly object _gate = new();
        private readonly HashSet<string> _added = new(StringComparer.Ordinal);
        private SecretValues _values = SecretValues.Empty;

        /// <summary>Creates a scope on its own (a host scope, or a run's scope in a test).</summary>
        public RedactionScope()
        {
        }

        /// <summary>Creates a run's scope whose values also go to <paramref name="parent"/> (the host's scope), and which redacts with the parent's values.</summary>
        public RedactionScope(RedactionScope? parent) => Parent = parent;

        /// <summary>The scope that receives every value added here, if any.</summary>
        public RedactionScope? Parent { get; }

        /// <summary>How many distinct values were added to this scope (not counting the parent's others).</summary>
        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _added.Count;
                }
            }
        }

        /// <summary>
        /// The values redacted here: the parent's when there is one (a superset of this scope's, since every value
        /// added here reaches the parent first), otherwise this scope's own.
        /// </summary>
        internal SecretValues Values => Parent?.Values ?? System.Threading.Volatile.Read(ref _values);

        /// <summary>Registers a secret value: from now on it is redacted here, in the parent scope and in the parent's other children.</summary>
        /// <param name="value">The value; null, empty or white space only is ignored.</param>
        public void Add(string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return;
            }

            // The parent first: this scope redacts with the parent's values.
            Parent?.Add(value);
            lock (_gate)
            {
                // Secrets are few and resolved again at every call: rebuilding the searches on a new one is cheap,
                // and readers never lock. A child keeps only the set (its Count); it redacts with the parent's values.
                if (_added.Add(value) && Parent is null)
                {
                    System.Threading.Volatile.Write(ref _values, new SecretValues(_added));
                }
            }
        }

        /// <summary>
        /// A resolver that asks <paramref name="resolver"/> and registers each value it returns here before the caller
        /// sees it: what a worker gives the run as its <see cref="FlowRunOptions.Secrets"/>.
        /// </summary>
        public ISecretResolver Track(ISecretResolver resolver)
        {
            ArgumentNullException.ThrowIfNull(resolver);
            return new TrackingSecretResolver(resolver, this);
        }

        /// <summary>
        /// Text with every registered value replaced by <c>***</c>; the same instance when none occurs. Where values
        /// overlap or touch, the whole stretch becomes one <c>***</c>.
        /// </summary>
        [return: NotNullIfNotNull(nameof(text))]
        public string? Redact(string? text) => text is null ? null : Values.Redact(text);

        /// <summary>
        /// A JSON document with every string or number that equals or contains a registered value, and the value of every
        /// key-like property (<c>password</c>, <c>token</c>, <c>api_key</c>, <c>authorization</c>, ...), replaced by
        /// <c>"***"</c>, at any depth; the rest is kept byte for byte. Text that is not JSON gets <see cref="Redact(string)"/>.
        /// </summary>
        /// <returns>The same instance when nothing was replaced.</returns>
        [return: NotNullIfNotNull(nameof(json))]
        public string? RedactJson(string? json)
        {
            if (string.IsNullOrEmpty(json))
            {
                return json;
            }

            if (!JsonRedactor.TryRedact(json, Values, out var redacted))
            {
                return Redact(json);
            }

            return redacted ?? json;
        }

        /// <summary>
        /// A UTF-8 JSON document redacted as <see cref="RedactJson(string)"/> does; bytes that are not JSON have each
        /// registered value's UTF-8 bytes replaced by <c>***</c>, the rest kept as they are.
        /// </summary>
        /// <returns>The same array when nothing was replaced.</returns>
        [return: NotNullIfNotNull(nameof(utf8Json))]
        public byte[]? RedactJson(byte[]? utf8Json)
        {
            if (utf8Json is null || utf8Json.Length == 0)
            {
                return utf8Json;
            }

            return RedactUtf8(utf8Json) ?? utf8Json;
        }

        /// <summary>A UTF-8 JSON document redacted as <see cref="RedactJson(byte[])"/> does.</summary>
        /// <returns>A new array, a copy when nothing was replaced.</returns>
        public byte[] RedactJson(ReadOnlySpan<byte> utf8Json) => RedactUtf8(utf8Json) ?? utf8Json.ToArray();

        /// <summary>A step try as the journal may keep it: its output redacted as JSON, its error as text.</summary>
        public StepEntry RedactStep(StepEntry step)
        {
            ArgumentNullException.ThrowIfNull(step);
            var output = RedactJson(step.Output);
            var error = Redact(step.Error);
            return ReferenceEquals(output, step.Output) && ReferenceEquals(error, step.Error) ? step : step with { Output = output, Error = error };
        }

        /// <summary>A run's outcome as the journal may keep it: its output redacted as JSON, its stop message and error as text.</summary>
        public RunOutcome RedactOutcome(RunOutcome outcome)
        {
            ArgumentNullException.ThrowIfNull(outcome);
            var output = RedactJson(outcome.Output);
            var message = Redact(outcome.Message);
            var error = outcome.Error;
            if (error is not null && Redact(error.Message) is var errorMessage && !ReferenceEquals(errorMessage, error.Message))
            {
                error = error with { Message = errorMessage };
            }

            return ReferenceEquals(output, outcome.Output) && ReferenceEquals(message, outcome.Message) && ReferenceEquals(error, outcome.Error)
                ? outcome
                : new RunOutcome(output, message, error);
        }

        /// <summary>The redacted bytes, or null when nothing was replaced.</summary>
        private byte[]? RedactUtf8(ReadOnlySpan<byte> utf8)
        {
            var values = Values;
            if (JsonRedactor.TryRedact(utf8, values, out var redacted))
            {
                return redacted;
            }

            return values.RedactUtf8(utf8);
        }
    }
}
