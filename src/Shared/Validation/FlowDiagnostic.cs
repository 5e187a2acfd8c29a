using Automations.Compiled.Model;

namespace Automations.Compiled.Validation
{
    internal enum FlowSeverity
    {
        Error,
        Warning,
        Info,
    }

    /// <summary>One entry of the diagnostic catalog: a stable id, never reused.</summary>
    internal sealed record FlowRule(string Id, string Title, string MessageFormat, string Category, FlowSeverity Severity)
    {
        public string HelpLink => DiagnosticCatalog.HelpLinkBase + Id + ".md";
    }

    /// <summary>A problem found in a flow, with its formatted message and the narrowest location known.</summary>
    internal sealed record FlowDiagnostic(string Id, string Message, FlowSeverity Severity, SourceSpan? Location)
    {
        /// <summary>
        /// The text a code fix puts in place of the reported span (the closest existing name), or null when no
        /// replacement is obvious. Analyzers pass it on as the diagnostic property <c>Fix</c>.
        /// </summary>
        public string? Fix { get; init; }

        public override string ToString()
            => $"{Location?.ToString() ?? "<flow>"}: {Severity.ToString().ToLowerInvariant()} {Id}: {Message}";
    }
}

namespace Automations.Compiled.Validation
{
    internal static class EquatableDiagnostics
    {
        public static readonly Automations.Compiled.Model.EquatableArray<FlowDiagnostic> Empty = Automations.Compiled.Model.EquatableArray<FlowDiagnostic>.Empty;
    }
}
