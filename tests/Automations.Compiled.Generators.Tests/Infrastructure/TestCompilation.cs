using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Automations.Compiled.Generators.Tests.Infrastructure
{
    /// <summary>Builds in-memory compilations from the trusted platform assemblies, with or without the runtime package.</summary>
    internal static class TestCompilation
    {
        public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

        private static readonly Lazy<ImmutableArray<MetadataReference>> PlatformReferences = new(() =>
        {
            var paths = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

            // The test host also lists Roslyn, xunit and our own projects: a user's compilation sees only the shared framework.
            var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            return paths
                .Where(p => string.Equals(Path.GetDirectoryName(p), framework, StringComparison.Ordinal))
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToImmutableArray();
        });

        private static readonly Lazy<MetadataReference> RuntimeReference = new(
            () => MetadataReference.CreateFromFile(typeof(FlowAttribute).Assembly.Location));

        /// <summary>Microsoft.Extensions.AI.Abstractions, which the runtime package brings with it (LLM steps take an IChatClient).</summary>
        private static readonly Lazy<MetadataReference> ChatReference = new(
            () => MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.AI.IChatClient).Assembly.Location));

        /// <summary>The framework and the runtime package: what a user's project references.</summary>
        public static ImmutableArray<MetadataReference> References => PlatformReferences.Value.Add(RuntimeReference.Value).Add(ChatReference.Value);

        /// <summary>The shared framework alone: a project that does not reference the runtime package.</summary>
        public static ImmutableArray<MetadataReference> FrameworkReferences => PlatformReferences.Value;

        public static readonly CSharpCompilationOptions Options = new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

        /// <summary>A library compilation of <paramref name="sources"/> (files Source0.cs, Source1.cs, ...) that references the runtime.</summary>
        public static CSharpCompilation Create(params string[] sources) => Create(withRuntime: true, sources);

        /// <summary>A library compilation that does not reference the runtime package.</summary>
        public static CSharpCompilation CreateWithoutRuntime(params string[] sources) => Create(withRuntime: false, sources);

        public static SyntaxTree Parse(string source, string path) => CSharpSyntaxTree.ParseText(source, ParseOptions, path);

        public static IEnumerable<Diagnostic> Errors(Compilation compilation)
            => compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error);

        private static CSharpCompilation Create(bool withRuntime, string[] sources)
        {
            var trees = sources.Select((source, i) => Parse(source, $"Source{i}.cs"));
            return CSharpCompilation.Create("TestFlows", trees, withRuntime ? References : FrameworkReferences, Options);
        }
    }
}
