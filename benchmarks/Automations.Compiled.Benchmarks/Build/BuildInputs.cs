extern alias Analyzers;
extern alias Generators;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Automations.Compiled.Benchmarks.Build
{
    /// <summary>
    /// What a build of a project with <see cref="FlowCorpus"/> flows hands the compiler: the user's C# files (the
    /// shop with the actions, an unrelated helper, one file per C# flow), parsed once, and the JSON flow files as
    /// additional files. Compilations reference the shared framework and the runtime package, as a user's
    /// project does; the compilation is single-threaded (<c>ConcurrentBuild = false</c>), like everything else
    /// measured here, so the rows compare CPU work.
    /// </summary>
    internal sealed class BuildInputs
    {
        private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        {
            // The host also loads BenchmarkDotNet, Roslyn and our projects: a user's compilation sees only the framework.
            var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            return ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Where(path => string.Equals(Path.GetDirectoryName(path), framework, StringComparison.Ordinal))
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .Append(MetadataReference.CreateFromFile(typeof(FlowAttribute).Assembly.Location))
                .ToImmutableArray();
        });

        private BuildInputs(int flows, CSharpCompilation userCode, ImmutableArray<AdditionalText> flowFiles)
        {
            Flows = flows;
            UserCode = userCode;
            FlowFiles = flowFiles;
        }

        /// <summary>The parse options of every tree, generated ones included.</summary>
        public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

        /// <summary>Flows in the project: <see cref="FlowCorpus.CSharpCount"/> C# classes, the rest JSON files.</summary>
        public int Flows { get; }

        /// <summary>The user's sources, before the generator adds anything.</summary>
        public CSharpCompilation UserCode { get; }

        /// <summary>The <c>*.flow.json</c> files.</summary>
        public ImmutableArray<AdditionalText> FlowFiles { get; }

        /// <summary>Parses the project of <paramref name="flows"/> flows.</summary>
        public static BuildInputs Create(int flows)
        {
            var trees = new List<SyntaxTree> { Parse(FlowCorpus.Shop, FlowCorpus.ShopPath), Parse(FlowCorpus.Unrelated(), FlowCorpus.UnrelatedPath) };
            trees.AddRange(Enumerable.Range(1, FlowCorpus.CSharpCount(flows)).Select(n => Parse(FlowCorpus.CSharp(n), FlowCorpus.CSharpPath(n))));
            var files = Enumerable.Range(1, FlowCorpus.JsonCount(flows))
                .Select(n => (AdditionalText)new FlowFileText(FlowCorpus.JsonPath(n), FlowCorpus.Json(n)))
                .ToImmutableArray();
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false);
            return new BuildInputs(flows, CSharpCompilation.Create("BuildCost", trees, References.Value, options), files);
        }

        /// <summary>Parses one C# file as the build would.</summary>
        public static SyntaxTree Parse(string text, string path) => CSharpSyntaxTree.ParseText(text, ParseOptions, path);

        /// <summary>A new generator driver with no history, as a command-line build starts with.</summary>
        public GeneratorDriver NewDriver()
            => CSharpGeneratorDriver.Create(
                new[] { new Generators::Automations.Compiled.Generators.FlowGenerator().AsSourceGenerator() },
                additionalTexts: FlowFiles,
                parseOptions: ParseOptions,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

        /// <summary>
        /// <paramref name="compilation"/> with <paramref name="analyzer"/> attached, the flow files passed as additional
        /// files; <paramref name="logExecutionTime"/> turns on Roslyn's timing of each analyzer's callbacks.
        /// </summary>
        public CompilationWithAnalyzers WithAnalyzer(Compilation compilation, DiagnosticAnalyzer analyzer, bool logExecutionTime = false)
            => compilation.WithAnalyzers(
                ImmutableArray.Create(analyzer),
                new CompilationWithAnalyzersOptions(
                    new AnalyzerOptions(FlowFiles),
                    onAnalyzerException: null,
                    concurrentAnalysis: false,
                    logAnalyzerExecutionTime: logExecutionTime));

        /// <summary>A new <c>FlowAnalyzer</c>.</summary>
        public static DiagnosticAnalyzer FlowAnalyzer() => new Analyzers::Automations.Compiled.Analyzers.FlowAnalyzer();
    }
}
