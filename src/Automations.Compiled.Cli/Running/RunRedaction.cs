using System.IO;
using System.Text.Json;
using Automations.Compiled.Cli.Values;
using Automations.Compiled.Hosting;
using Automations.Compiled.Hosting.Redaction;

namespace Automations.Compiled.Cli.Running
{
    /// <summary>
    /// What the tool prints of runs, redacted as the host redacts the journal (docs/secrets.md): one
    /// <see cref="RedactionScope"/> per command holds every secret value the runs of this process resolved, and the
    /// journal's own calls hide them (<c>Redact</c> for text, <c>RedactJson</c> for values, <c>RedactStep</c> for step
    /// tries), so the terminal shows <c>***</c> wherever the journal does.
    /// </summary>
    internal sealed class RunRedaction
    {
        private readonly RedactionScope _scope = new();

        public RunRedaction() => Secrets = _scope.Track(EnvironmentSecretResolver.Instance);

        /// <summary>
        /// The resolver the runs of this command use: environment variables (the default of the runtime and the host), each
        /// value registered here before the step receives it.
        /// </summary>
        public ISecretResolver Secrets { get; }

        /// <summary>A text (a stop message, an error) with every secret value as <c>***</c>.</summary>
        public string? Text(string? text) => _scope.Redact(text);

        /// <summary>A step try as the journal keeps it: its output redacted as JSON, its error as text.</summary>
        public StepEntry Step(StepEntry step) => _scope.RedactStep(step);

        /// <summary>
        /// A run's output (a value of a run in memory, or a journal's JSON) redacted as the journal redacts outputs: as JSON,
        /// secret values and key-like properties hidden. The value itself when nothing is hidden (so it prints as it is,
        /// bytes as bytes); otherwise the redacted JSON.
        /// </summary>
        public object? Value(object? value)
        {
            if (value is null)
            {
                return null;
            }

            var json = JsonSerializer.SerializeToUtf8Bytes(CelValueText.Json(value));
            var redacted = _scope.RedactJson(json);
            if (ReferenceEquals(redacted, json))
            {
                return value;
            }

            using var document = JsonDocument.Parse(redacted);
            return document.RootElement.Clone();
        }

        /// <summary>A writer that prints through <paramref name="inner"/> with the secret values hidden (the <c>log</c> action's lines, trace lines).</summary>
        public TextWriter Writer(TextWriter inner) => new RedactingWriter(inner, _scope);
    }
}
