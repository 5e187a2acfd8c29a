using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;

namespace Automations.Compiled.Benchmarks.Build
{
    /// <summary>
    /// What our generator and analyzer add to a build of a project with many flows (<see cref="FlowCorpus"/>: half
    /// C# classes, half JSON files, ten steps each), next to what compiling the project costs anyway:
    /// <list type="bullet">
    /// <item>the compiler alone on the user's code (the baseline) and on the code with the generated files added;</item>
    /// <item>the generator on a new driver (a command-line build), and on a kept driver after an edit to one C# flow,
    /// one JSON flow or a C# file no flow uses (the IDE, <c>dotnet watch</c>); each edit alternates two versions of the
    /// file, so every invocation is a real edit (that changes one generated file, or none for the unrelated file);</item>
    /// <item><c>FlowAnalyzer</c> through <c>CompilationWithAnalyzers</c>, and an analyzer that does nothing, whose
    /// time is the compilation and Roslyn's analyzer driver: the difference is our analyzer's work. That difference is
    /// small next to the noise of two multi-second rows, so the setup of <see cref="AnalyzeFlows"/> also prints the
    /// time of FlowAnalyzer's own callbacks as Roslyn's analyzer telemetry measures it (what
    /// <c>dotnet build -p:ReportAnalyzer=true</c> reports).</item>
    /// </list>
    /// Every compilation is a fresh <see cref="Compilation.Clone"/> (same parsed trees and metadata, no bound symbols
    /// or cached diagnostics), so nothing carries over from one invocation to the next. Parsing the user's files is
    /// not measured: it is the same with or without us.
    /// </summary>
    [MemoryDiagnoser]
    public class BuildCostBenchmarks
    {
        /// <summary>Flows in quick mode: enough to run every path, small enough for a smoke test.</summary>
        public const int QuickFlows = 20;

        private BuildInputs _inputs = null!;
        private Compilation _withGeneratedCode = null!;

        // The incremental rows: the driver of the previous run, the compilation it ran on, and the two versions of
        // each edited file (index = revision).
        private GeneratorDriver _driver = null!;
        private Compilation _current = null!;
        private SyntaxTree[] _csharpVersions = null!;
        private AdditionalText[] _jsonVersions = null!;
        private SyntaxTree[] _unrelatedVersions = null!;
        private int _csharpRevision;
        private int _jsonRevision;
        private int _unrelatedRevision;

        /// <summary>Flows in the project (half C#, half JSON).</summary>
        [ParamsSource(nameof(FlowCounts))]
        public int Flows { get; set; }

        /// <summary>
        /// 10, 100 and 500 flows (the slope gives the cost per flow); <see cref="QuickFlows"/> in quick mode; or the counts in
        /// the environment variable <c>BUILD_COST_FLOWS</c> (<c>BUILD_COST_FLOWS=500</c> measures one size; BenchmarkDotNet's
        /// child processes inherit it).
        /// </summary>
        public static IEnumerable<int> FlowCounts
            => Program.Quick ? new[] { QuickFlows }
                : Environment.GetEnvironmentVariable("BUILD_COST_FLOWS") is { Length: > 0 } counts
                    ? counts.Split(',').Select(c => int.Parse(c.Trim(), CultureInfo.InvariantCulture)).ToArray()
                    : new[] { 10, 100, 500 };

        /// <summary>
        /// Builds the project, then checks that it is what is meant to be measured: the generator reports nothing and
        /// emits one file per flow, the output compiles without errors, <c>FlowAnalyzer</c> reports nothing (the flows
        /// are valid, so no row measures a throwing stub), and each edit changes exactly the edited flow's file (the
        /// unrelated edit none).
        /// </summary>
        [GlobalSetup]
        public void Setup()
        {
            _inputs = BuildInputs.Create(Flows);
            _driver = _inputs.NewDriver().RunGeneratorsAndUpdateCompilation(_inputs.UserCode, out _withGeneratedCode, out var generatorDiagnostics);
            _current = _inputs.UserCode;

            Require(generatorDiagnostics.IsEmpty, $"the generator reported {string.Join("; ", generatorDiagnostics)}");
            var generated = _driver.GetRunResult().GeneratedTrees.Length;
            Require(generated == Flows, $"the generator emitted {generated} files for {Flows} flows");
            var errors = _withGeneratedCode.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Require(errors.Count == 0, $"the generated code does not compile: {string.Join("; ", errors.Take(5))}");
            var findings = _inputs.WithAnalyzer(_withGeneratedCode, BuildInputs.FlowAnalyzer()).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            Require(findings.IsEmpty, $"FlowAnalyzer reported {string.Join("; ", findings.Take(5))}");

            // Edit a flow in the middle of each front end: the retry attempts of its first step.
            var csharp = (FlowCorpus.CSharpCount(Flows) + 1) / 2;
            var original = _current.SyntaxTrees.Single(t => t.FilePath == FlowCorpus.CSharpPath(csharp));
            _csharpVersions = new[] { original, BuildInputs.Parse(FlowCorpus.CSharp(csharp, revision: 1), original.FilePath) };
            var afterCSharpEdit = _driver.RunGenerators(_current.ReplaceSyntaxTree(_csharpVersions[0], _csharpVersions[1]));
            RequireChanged(_driver, afterCSharpEdit, FlowCorpus.CSharpClass(csharp));

            var json = (FlowCorpus.JsonCount(Flows) + 1) / 2;
            var file = _inputs.FlowFiles.Single(f => f.Path == FlowCorpus.JsonPath(json));
            _jsonVersions = new[] { file, new FlowFileText(file.Path, FlowCorpus.Json(json, revision: 1)) };
            var afterJsonEdit = _driver.ReplaceAdditionalText(_jsonVersions[0], _jsonVersions[1]).RunGenerators(_current);
            RequireChanged(_driver, afterJsonEdit, FlowCorpus.JsonClass(json));

            var unrelated = _current.SyntaxTrees.Single(t => t.FilePath == FlowCorpus.UnrelatedPath);
            _unrelatedVersions = new[] { unrelated, BuildInputs.Parse(FlowCorpus.Unrelated(revision: 1), unrelated.FilePath) };
            var afterUnrelatedEdit = _driver.RunGenerators(_current.ReplaceSyntaxTree(_unrelatedVersions[0], _unrelatedVersions[1]));
            RequireChanged(_driver, afterUnrelatedEdit, className: null);
        }

        /// <summary>The common setup, then FlowAnalyzer's own time by Roslyn's telemetry: the median of three warm runs.</summary>
        [GlobalSetup(Target = nameof(AnalyzeFlows))]
        public void SetupAnalyzeFlows()
        {
            Setup();
            var times = new List<double>();
            for (var run = 0; run < 4; run++)
            {
                var analyzer = BuildInputs.FlowAnalyzer();
                var analysis = _inputs.WithAnalyzer(_withGeneratedCode.Clone(), analyzer, logExecutionTime: true);
                analysis.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
                times.Add(analysis.GetAnalyzerTelemetryInfoAsync(analyzer, default).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds);
            }

            // The first run is cold (JIT); the median of the other three is the figure.
            var median = times.Skip(1).OrderBy(t => t).ElementAt(1);
            Console.WriteLine(FormattableString.Invariant(
                $"// {nameof(BuildCostBenchmarks)}: FlowAnalyzer's own callbacks on {Flows} flows: {median:0.0} ms (Roslyn's analyzer telemetry, median of 3 warm runs; all runs: {string.Join(" / ", times.Select(t => t.ToString("0.0", CultureInfo.InvariantCulture)))} ms)."));
        }

        /// <summary>The compiler alone on the user's code: what the project costs without our components.</summary>
        [Benchmark(Baseline = true)]
        public int CompileUserCode() => _inputs.UserCode.Clone().GetDiagnostics().Length;

        /// <summary>The compiler on the user's code and the generated files: what the compiler does once the generator has run.</summary>
        [Benchmark]
        public int CompileWithGeneratedCode() => _withGeneratedCode.Clone().GetDiagnostics().Length;

        /// <summary>The generator on a new driver: every flow read, validated and emitted, every generated file parsed.</summary>
        [Benchmark]
        public GeneratorDriver GeneratorFullRun() => _inputs.NewDriver().RunGenerators(_inputs.UserCode.Clone());

        /// <summary>The generator on the previous run's driver after an attribute of one C# flow changed.</summary>
        [Benchmark]
        public GeneratorDriver GeneratorAfterCSharpEdit()
        {
            var before = _csharpVersions[_csharpRevision];
            _csharpRevision ^= 1;
            _current = _current.ReplaceSyntaxTree(before, _csharpVersions[_csharpRevision]);
            _driver = _driver.RunGenerators(_current);
            return _driver;
        }

        /// <summary>The generator on the previous run's driver after one JSON flow file changed.</summary>
        [Benchmark]
        public GeneratorDriver GeneratorAfterJsonEdit()
        {
            var before = _jsonVersions[_jsonRevision];
            _jsonRevision ^= 1;
            _driver = _driver.ReplaceAdditionalText(before, _jsonVersions[_jsonRevision]).RunGenerators(_current);
            return _driver;
        }

        /// <summary>
        /// The generator on the previous run's driver after a method body in a C# file that no flow uses changed: what
        /// typing in a method body anywhere in the project costs (no flow or action is read again: their keys are equal).
        /// </summary>
        [Benchmark]
        public GeneratorDriver GeneratorAfterUnrelatedEdit()
        {
            var before = _unrelatedVersions[_unrelatedRevision];
            _unrelatedRevision ^= 1;
            _current = _current.ReplaceSyntaxTree(before, _unrelatedVersions[_unrelatedRevision]);
            _driver = _driver.RunGenerators(_current);
            return _driver;
        }

        /// <summary><c>FlowAnalyzer</c> on the compilation with the generated files, as in a build.</summary>
        [Benchmark]
        public async Task<int> AnalyzeFlows()
            => (await _inputs.WithAnalyzer(_withGeneratedCode.Clone(), BuildInputs.FlowAnalyzer()).GetAnalyzerDiagnosticsAsync().ConfigureAwait(false)).Length;

        /// <summary>An analyzer that does nothing, on the same compilation: the compilation and Roslyn's analyzer driver.</summary>
        [Benchmark]
        public async Task<int> AnalyzeNothing()
            => (await _inputs.WithAnalyzer(_withGeneratedCode.Clone(), new EmptyAnalyzer()).GetAnalyzerDiagnosticsAsync().ConfigureAwait(false)).Length;

        /// <summary>Requires that exactly the generated file of <paramref name="className"/> changed (none when null).</summary>
        private static void RequireChanged(GeneratorDriver before, GeneratorDriver after, string? className)
        {
            var old = before.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
            var changed = after.GetRunResult().Results.Single().GeneratedSources
                .Where(s => !old.TryGetValue(s.HintName, out var text) || !string.Equals(text, s.SourceText.ToString(), StringComparison.Ordinal))
                .Select(s => s.HintName)
                .ToList();
            var expected = className is null
                ? changed.Count == 0
                : changed.Count == 1 && changed[0].Contains("." + className + ".", StringComparison.Ordinal);
            Require(expected, $"the edit ({className ?? "no flow"}) changed [{string.Join(", ", changed)}]");
        }

        private static void Require(bool condition, string problem)
        {
            if (!condition)
            {
                throw new InvalidOperationException($"{nameof(BuildCostBenchmarks)}: {problem}.");
            }
        }
    }
}
