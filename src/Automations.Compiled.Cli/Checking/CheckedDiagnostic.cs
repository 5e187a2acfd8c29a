using Automations.Compiled.Validation;

namespace Automations.Compiled.Cli.Checking
{
    /// <summary>A diagnostic as <c>flow check</c> prints it, from the validator or from a build's output.</summary>
    internal sealed record CheckedDiagnostic(string File, int Line, int Column, string Severity, string Id, string Message)
    {
        public string HelpLink => DiagnosticCatalog.HelpLinkBase + Id + ".md";

        public bool IsError => Severity == "error";

        /// <summary>As MSBuild prints it: <c>flows/order.flow.json(12,17): error AUTO2001: ...</c>.</summary>
        public override string ToString() => $"{File}({Line},{Column}): {Severity} {Id}: {Message}";

        public static CheckedDiagnostic From(FlowDiagnostic diagnostic, string file)
            => new(
                diagnostic.Location?.Path ?? file,
                (diagnostic.Location?.StartLine ?? 0) + 1,
                (diagnostic.Location?.StartColumn ?? 0) + 1,
                diagnostic.Severity.ToString().ToLowerInvariant(),
                diagnostic.Id,
                diagnostic.Message);
    }
}
