extern alias Analyzers;

using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Analyzers::Automations.Compiled.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Automations.Compiled.Generators.Tests.Infrastructure
{
    /// <summary>Runs <see cref="FlowAnalyzer"/> over a compilation, as the compiler does in a build.</summary>
    internal static class FlowAnalysis
    {
        /// <summary>Every diagnostic the analyzer reports, AD0001 included when it throws, ordered by position.</summary>
        public static Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation)
            => AnalyzeAsync(compilation, ImmutableArray<AdditionalText>.Empty);

        /// <summary>The same, with flow files passed as additional files.</summary>
        public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, ImmutableArray<AdditionalText> flowFiles)
        {
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(flowFiles, BuildProperties.RootNamespace("TestFlows")),
                onAnalyzerException: null,
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false);
            var diagnostics = await compilation
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new FlowAnalyzer()), options)
                .GetAnalyzerDiagnosticsAsync()
                .ConfigureAwait(false);
            return diagnostics
                .OrderBy(d => d.Location.GetLineSpan().Path, System.StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start)
                .ToImmutableArray();
        }
    }
}
