using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Automations.Compiled.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>
    /// On a project of 500 flows (250 C# classes, each in its own file, and 250 JSON files from
    /// <see cref="FlowCorpus"/>), an edit to one flow re-runs the pipeline for that flow only: every tracked step
    /// has one output per flow of its front end, exactly one of them Modified or New, all others Cached or
    /// Unchanged, and only that flow's generated file changes. The counts are asserted, so an empty pipeline
    /// cannot pass.
    /// </summary>
    public sealed class ManyFlowsIncrementalTests : IClassFixture<ManyFlowsIncrementalTests.FirstRun>
    {
        private const int Flows = 500;
        private static readonly int CSharpFlows = FlowCorpus.CSharpCount(Flows);
        private static readonly int JsonFlows = FlowCorpus.JsonCount(Flows);

        private static readonly string[] CSharpSteps = { FlowGenerator.Steps.Model, FlowGenerator.Steps.CodeModel, FlowGenerator.Steps.Source };

        private static readonly string[] JsonSteps =
        {
            FlowGenerator.Steps.JsonFile, FlowGenerator.Steps.JsonModel, FlowGenerator.Steps.JsonCodeModel, FlowGenerator.Steps.JsonSource,
        };

        private static readonly IncrementalStepRunReason[] Reused = { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged };
        private static readonly IncrementalStepRunReason[] Rerun = { IncrementalStepRunReason.Modified, IncrementalStepRunReason.New };

        private readonly FirstRun _first;

        /// <summary>Receives the shared first run.</summary>
        public ManyFlowsIncrementalTests(FirstRun first) => _first = first;

        [Fact]
        public void The_first_run_generates_every_flow()
        {
            var run = _first.Run;

            Assert.Empty(run.Diagnostics);
            Assert.Equal(Flows, run.Generator.GeneratedSources.Length);
            foreach (var step in CSharpSteps)
            {
                Assert.Equal(CSharpFlows, run.Outputs(step).Count);
                Assert.All(run.Outputs(step), o => Assert.Equal(IncrementalStepRunReason.New, o.Reason));
            }

            foreach (var step in JsonSteps)
            {
                Assert.Equal(JsonFlows, run.Outputs(step).Count);
                Assert.All(run.Outputs(step), o => Assert.Equal(IncrementalStepRunReason.New, o.Reason));
            }

            // Valid flows get a state machine, not the throwing stub of a flow with errors.
            Assert.All(run.Generator.GeneratedSources, s => Assert.DoesNotContain("has build errors", s.SourceText.ToString(), StringComparison.Ordinal));
        }

        [Fact]
        public void Editing_one_csharp_flow_re_emits_that_flow_only()
        {
            const int edited = 137;
            var run = _first.Run;
            var tree = run.Input.SyntaxTrees.Single(t => t.FilePath == FlowCorpus.CSharpPath(edited));
            var before = tree.GetText().ToString();
            var after = FlowCorpus.CSharp(edited, revision: 1);
            Assert.NotEqual(before, after);

            var next = run.Next(run.Input.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(after))));

            Assert.Empty(next.Diagnostics);
            foreach (var step in CSharpSteps)
            {
                AssertOneRerun(next, step, CSharpFlows, FlowCorpus.CSharpId(edited), FlowCorpus.CSharpPath(edited));
            }

            // The other C# flows are not read again: their FlowModel outputs are Cached. (Unchanged would mean read again
            // and found equal, as under ForAttributeWithMetadataName, whose transform binds every [Flow] class on every new
            // compilation: 0.5 ms a flow, see benchmarks/README.md.)
            AssertCached(next, FlowGenerator.Steps.Model, CSharpFlows - 1);

            foreach (var step in JsonSteps)
            {
                AssertAllReused(next, step, JsonFlows);
            }

            Assert.Equal(new[] { FlowCorpus.CSharpClass(edited) }, ChangedFiles(run, next).Select(ClassOf));
        }

        [Fact]
        public void Editing_one_json_flow_re_emits_that_flow_only()
        {
            const int edited = 42;
            var run = _first.Run;
            var old = _first.JsonFiles.Single(f => f.Path == FlowCorpus.JsonPath(edited));
            var replacement = new InMemoryText(old.Path, FlowCorpus.Json(edited, revision: 1));

            var next = run.Next(old, replacement);

            Assert.Empty(next.Diagnostics);
            foreach (var step in JsonSteps)
            {
                AssertOneRerun(next, step, JsonFlows, FlowCorpus.JsonId(edited), FlowCorpus.JsonPath(edited));
            }

            foreach (var step in CSharpSteps)
            {
                AssertAllReused(next, step, CSharpFlows);
            }

            Assert.Equal(new[] { FlowCorpus.JsonClass(edited) }, ChangedFiles(run, next).Select(ClassOf));
        }

        [Fact]
        public void Editing_an_unrelated_csharp_file_re_emits_nothing()
        {
            var run = _first.Run;
            var tree = run.Input.SyntaxTrees.Single(t => t.FilePath == FlowCorpus.UnrelatedPath);

            var next = run.Next(run.Input.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(FlowCorpus.Unrelated(revision: 1)))));

            foreach (var step in CSharpSteps)
            {
                AssertAllReused(next, step, CSharpFlows);
            }

            foreach (var step in JsonSteps)
            {
                AssertAllReused(next, step, JsonFlows);
            }

            Assert.All(next.Outputs(FlowGenerator.Steps.ActionCatalog), o => Assert.Contains(o.Reason, Reused));
            // No flow and no action is read again: a body edit changes nothing they can see.
            AssertCached(next, FlowGenerator.Steps.Model, CSharpFlows);
            AssertCached(next, FlowGenerator.Steps.Action, 4);
            Assert.Empty(ChangedFiles(run, next));
            Assert.Equal(Flows, next.Generator.GeneratedSources.Length);
        }

        [Fact]
        public async Task Corpus_flows_compile_and_the_analyzer_is_silent()
        {
            // Every flow has the same shape, so a few of each front end stand for all 500 (and keep this test fast).
            var sample = Corpus.Create(flows: 8);
            var run = GeneratorRun.Start(sample.Compilation, sample.JsonFiles);

            Assert.Empty(run.Diagnostics);
            Assert.Equal(8, run.Generator.GeneratedSources.Length);
            Assert.Empty(TestCompilation.Errors(run.Output));
            Assert.Empty(await FlowAnalysis.AnalyzeAsync(run.Output, sample.JsonFiles.ToImmutableArray()));
        }

        private static void AssertOneRerun(GeneratorRun run, string step, int expectedOutputs, string flowId, string flowPath)
        {
            var outputs = run.Outputs(step);
            Assert.True(outputs.Count == expectedOutputs, $"step '{step}': expected {expectedOutputs} outputs, got {outputs.Count}");
            var rerun = outputs.Where(o => Rerun.Contains(o.Reason)).ToList();
            var other = outputs.Where(o => !Rerun.Contains(o.Reason)).Select(o => o.Reason).Distinct().ToList();
            Assert.True(rerun.Count == 1, $"step '{step}': expected one Modified/New output, got {rerun.Count}");
            Assert.True(other.All(Reused.Contains), $"step '{step}': the others were {string.Join(", ", other)}");
            Assert.Contains(FlowOf(rerun[0].Value), new[] { flowId, flowPath });
        }

        private static void AssertAllReused(GeneratorRun run, string step, int expectedOutputs)
        {
            var outputs = run.Outputs(step);
            Assert.True(outputs.Count == expectedOutputs, $"step '{step}': expected {expectedOutputs} outputs, got {outputs.Count}");
            var reasons = outputs.Select(o => o.Reason).Distinct().ToList();
            Assert.True(reasons.All(Reused.Contains), $"step '{step}': expected only Cached/Unchanged, got {string.Join(", ", reasons)}");
        }

        /// <summary>Exactly <paramref name="expected"/> outputs of <paramref name="step"/> are Cached: read in an earlier run, not now.</summary>
        private static void AssertCached(GeneratorRun run, string step, int expected)
        {
            var outputs = run.Outputs(step);
            var cached = outputs.Count(o => o.Reason == IncrementalStepRunReason.Cached);
            Assert.True(
                cached == expected,
                $"step '{step}': expected {expected} Cached outputs, got {cached} ({string.Join(", ", outputs.GroupBy(o => o.Reason).Select(g => $"{g.Count()} {g.Key}"))})");
        }

        /// <summary>The flow an output of a tracked step belongs to: its id, or the path of its file before it is read.</summary>
        private static string FlowOf(object value) => value switch
        {
            FlowModel model => model.Id,
            FlowCodeModel code => code.Flow.Id,
            GeneratedFlow generated => generated.FlowId,
            JsonFlowFile file => file.Path,
            _ => throw new InvalidOperationException($"No flow id on a {value.GetType().Name}."),
        };

        /// <summary>Hint names of the generated files whose text differs between two runs (both runs must have the same files).</summary>
        private static IReadOnlyList<string> ChangedFiles(GeneratorRun before, GeneratorRun after)
        {
            var old = before.Generator.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
            var now = after.Generator.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
            Assert.Equal(old.Keys.OrderBy(k => k, StringComparer.Ordinal), now.Keys.OrderBy(k => k, StringComparer.Ordinal));
            return now.Where(file => !string.Equals(old[file.Key], file.Value, StringComparison.Ordinal)).Select(file => file.Key).ToList();
        }

        /// <summary>The class name in a hint name such as <c>BuildCost.Flows.JsonFlow0042.Flow.g.cs</c>.</summary>
        private static string ClassOf(string hintName)
            => hintName.Split('.').Single(part => part.StartsWith("CSharpFlow", StringComparison.Ordinal) || part.StartsWith("JsonFlow", StringComparison.Ordinal));

        /// <summary>The corpus as a compilation (the shop, an unrelated file, one tree per C# flow) and in-memory JSON files.</summary>
        internal sealed class Corpus
        {
            private Corpus(Compilation compilation, IReadOnlyList<AdditionalText> jsonFiles)
            {
                Compilation = compilation;
                JsonFiles = jsonFiles;
            }

            public Compilation Compilation { get; }

            public IReadOnlyList<AdditionalText> JsonFiles { get; }

            public static Corpus Create(int flows)
            {
                var trees = new List<SyntaxTree>
                {
                    TestCompilation.Parse(FlowCorpus.Shop, FlowCorpus.ShopPath),
                    TestCompilation.Parse(FlowCorpus.Unrelated(), FlowCorpus.UnrelatedPath),
                };
                trees.AddRange(Enumerable.Range(1, FlowCorpus.CSharpCount(flows)).Select(n => TestCompilation.Parse(FlowCorpus.CSharp(n), FlowCorpus.CSharpPath(n))));
                var json = Enumerable.Range(1, FlowCorpus.JsonCount(flows))
                    .Select(n => (AdditionalText)new InMemoryText(FlowCorpus.JsonPath(n), FlowCorpus.Json(n)))
                    .ToList();
                var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("BuildCost", trees, TestCompilation.References, TestCompilation.Options);
                return new Corpus(compilation, json);
            }
        }

        /// <summary>The 500-flow corpus and its first tracked run, made once for the class (a run's driver is immutable, so tests can share it).</summary>
        public sealed class FirstRun
        {
            /// <summary>Builds the corpus and runs the generator once.</summary>
            public FirstRun()
            {
                var corpus = Corpus.Create(Flows);
                JsonFiles = corpus.JsonFiles;
                Run = GeneratorRun.Start(corpus.Compilation, corpus.JsonFiles);
            }

            internal IReadOnlyList<AdditionalText> JsonFiles { get; }

            internal GeneratorRun Run { get; }
        }
    }
}
