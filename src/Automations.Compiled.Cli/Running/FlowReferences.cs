using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Automations.Compiled.Cli.Running
{
    /// <summary>
    /// What a flow compiled in memory is compiled against: the framework this tool runs on (from the trusted platform
    /// assemblies, so no reference pack is needed) and the Automations.Compiled runtime the tool itself loads.
    /// </summary>
    internal static class FlowReferences
    {
        public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

        private static readonly Lazy<IReadOnlyList<MetadataReference>> Framework = new(Load);

        /// <summary>A library compilation of <paramref name="trees"/> against the framework, the runtime and <paramref name="extra"/>.</summary>
        public static CSharpCompilation Compilation(string assemblyName, IEnumerable<SyntaxTree> trees, IEnumerable<MetadataReference>? extra = null)
            => CSharpCompilation.Create(
                assemblyName,
                trees,
                Framework.Value.Concat(extra ?? Enumerable.Empty<MetadataReference>()),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release));

        private static IReadOnlyList<MetadataReference> Load()
        {
            var runtime = typeof(IFlowDefinition).Assembly.Location;
            var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

            // Only the framework's own assemblies: the tool's other dependencies (Roslyn, the host) are not the flow's business.
            var references = trusted
                .Where(path => string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal))
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToList();
            references.Add(MetadataReference.CreateFromFile(runtime));
            references.Add(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.AI.IChatClient).Assembly.Location)); // LLM steps' chat client; transcribe's speech client is in the same assembly
            // The built-in extract action reads PDFs with PdfPig, whose package is several assemblies side by side.
            var pdfPig = Path.GetDirectoryName(typeof(UglyToad.PdfPig.PdfDocument).Assembly.Location)!;
            references.AddRange(Directory.EnumerateFiles(pdfPig, "UglyToad.PdfPig*.dll").OrderBy(p => p, StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)));
            return references;
        }
    }
}
