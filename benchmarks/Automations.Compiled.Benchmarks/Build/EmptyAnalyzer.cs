using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Automations.Compiled.Benchmarks.Build
{
    /// <summary>
    /// Registers the same kinds of actions as <c>FlowAnalyzer</c> (a named-type symbol action, an additional-file
    /// action and a compilation-end action) and does nothing in them. Running it costs what Roslyn's analyzer
    /// driver costs, the full compilation it forces included: FlowAnalyzer minus this is the work that is ours.
    /// </summary>
    /// <remarks>
    /// Not a compiler extension: the benchmark creates it and hands it to <c>CompilationWithAnalyzers</c>, no compiler
    /// loads it, hence no <c>[DiagnosticAnalyzer]</c> (RS1001) and no release tracking of its descriptor (RS2008).
    /// </remarks>
#pragma warning disable RS1001, RS2008
    internal sealed class EmptyAnalyzer : DiagnosticAnalyzer
    {
        // An analyzer that supports no diagnostic counts as suppressed and the driver skips it: it needs one.
        private static readonly DiagnosticDescriptor Never = new(
            "BENCH0001", "Never reported", "Never reported", "Benchmarks", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Never);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                start.RegisterSymbolAction(static _ => { }, SymbolKind.NamedType);
                start.RegisterAdditionalFileAction(static _ => { });
                start.RegisterCompilationEndAction(static _ => { });
            });
        }
    }
#pragma warning restore RS1001, RS2008
}
