using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Automations.Compiled.Emit;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Automations.Compiled.Graphs;
using Automations.Compiled.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;
using Xunit.Abstractions;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>
    /// <c>FlowInfo.Graph</c>: the generator embeds each flow's picture in its compact text, and that text reads back to the
    /// picture <c>flow graph</c> draws from the same model (same nodes, clusters and edges, so the same SVG and Mermaid),
    /// for every flow of <c>ValidCorpus/</c>, C# and JSON alike.
    /// </summary>
    public sealed class EmbeddedGraphTests(ITestOutputHelper output)
    {
        private const string Folder = "ValidCorpus";

        private static readonly Lazy<IReadOnlyList<(FlowModel Model, string Source)>> Corpus = new(CompileCorpus);

        [Fact]
        public void Every_flow_of_the_corpus_embeds_the_picture_flow_graph_draws_csharp_and_json_alike()
        {
            var flows = Corpus.Value;
            Assert.Contains(flows, f => f.Model.Origin == FlowOrigin.CSharp);
            Assert.Contains(flows, f => f.Model.Origin != FlowOrigin.CSharp);

            foreach (var (model, source) in flows)
            {
                var expected = FlowPictureBuilder.Of(model);
                var text = GraphOf(source);
                Assert.True(text is not null, $"{model.Id}: no Graph in the FlowInfo initializer.");
                var read = FlowPictureText.Read(text);
                Assert.True(read is not null, $"{model.Id}: its Graph does not read back:\n{text}");

                Assert.Equal(expected.Title, read!.Title);
                Assert.Equal(expected.Nodes, read.Nodes);
                Assert.Equal(expected.Edges, read.Edges);
                Assert.Equal(MermaidWriter.Write(expected), MermaidWriter.Write(read));
                Assert.Equal(SvgWriter.Write(expected), SvgWriter.Write(read));
                Assert.Equal(DotWriter.Write(expected), DotWriter.Write(read));
                Assert.Equal(text, FlowPictureText.Write(read));
            }
        }

        [Fact]
        public void A_nested_flow_with_gotos_and_standalone_steps_embeds_clusters_and_dashed_edges()
        {
            // The corpus has scopes, gotos and standalone steps somewhere: the format is exercised on all of them.
            var pictures = Corpus.Value.Select(f => FlowPictureText.Read(GraphOf(f.Source))!).ToList();

            Assert.Contains(pictures, p => p.Root.Items.OfType<PictureCluster>().Any());
            Assert.Contains(pictures, p => p.Edges.Any(e => e.Dashed));
            Assert.Contains(pictures, p => p.Nodes.Any(n => n.Standalone));
        }

        /// <summary>
        /// Build cost: the graph is one string literal per flow, a small share of the flow's generated file (the corpus
        /// measured 75 characters a step, 2.8% of its generated code); this fails if the format grows out of proportion.
        /// </summary>
        [Fact]
        public void The_embedded_graph_is_a_small_part_of_the_generated_code()
        {
            var flows = Corpus.Value;
            var graph = flows.Sum(f => GraphOf(f.Source)!.Length);
            var code = flows.Sum(f => f.Source.Length);
            var steps = flows.Sum(f => FlowPictureBuilder.Of(f.Model).Nodes.Count() - 1);

            output.WriteLine($"{flows.Count} flows, {steps} steps: graphs {graph:N0} characters ({(double)graph / steps:N0} a step), generated code {code:N0} ({100.0 * graph / code:N1}%).");
            Assert.True(graph * 10 < code, $"The graphs take {graph:N0} of {code:N0} characters of generated code.");
            Assert.True(graph < steps * 120, $"The graphs take {graph:N0} characters for {steps} steps.");
        }

        [Fact]
        public void Labels_with_spaces_backslashes_dashes_and_line_breaks_round_trip()
        {
            var picture = new FlowPicture("a title with spaces");
            picture.Root.Items.Add(new PictureNode(FlowPicture.StartKey, "start", null, null, false));
            var cluster = new PictureCluster("cluster_1", "check: branch a\\b");
            cluster.Items.Add(new PictureNode("n_a", "-", "-", "action", true));
            cluster.Items.Add(new PictureNode("n_b", "two\nlines\tand\rmore", "b", "condition", false));
            cluster.Items.Add(new PictureNode("n_c", "", "c c", "stop", false));
            picture.Root.Items.Add(cluster);
            picture.Edges.Add(new PictureEdge(FlowPicture.StartKey, "n_a", null, false));
            picture.Edges.Add(new PictureEdge("n_a", "n_b", "", true));
            picture.Edges.Add(new PictureEdge("n_b", "n_c", "branch x y", true));

            var text = FlowPictureText.Write(picture);
            var read = FlowPictureText.Read(text);

            Assert.NotNull(read);
            Assert.Equal(picture.Title, read!.Title);
            Assert.Equal(picture.Nodes, read.Nodes);
            Assert.Equal(picture.Edges, read.Edges);
            Assert.Equal("check: branch a\\b", read.Root.Items.OfType<PictureCluster>().Single().Label);
            Assert.DoesNotContain(text.TrimEnd('\n').Split('\n'), line => line.Split(' ').Any(f => f.Length == 0));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("flowgraph 2 order\n")]
        [InlineData("graph 1 order\n")]
        [InlineData("flowgraph 1 order\nn start - - - start\nx\n")]
        [InlineData("flowgraph 1 order\nn start - - - start\ne start n_missing -\n")]
        [InlineData("flowgraph 1 order\nc cluster_1 open\nn n_a action - a\n")]
        [InlineData("flowgraph 1 order\n.\n")]
        [InlineData("flowgraph 1 order\nn n-a action - a\n")]
        [InlineData("flowgraph 1 order\nn n_a action - a\\q\n")]
        [InlineData("flowgraph 1 order\nn n_a action - a\\\n")]
        [InlineData("flowgraph 1 order\nn n_a action - a\nn n_a action - a\n")]
        [InlineData("flowgraph 1 order\nn n_a action x a\n")]
        [InlineData("flowgraph 1 order\nn n_a <script> - a\n")]
        public void Text_that_is_missing_of_another_version_or_malformed_reads_as_nothing(string? text)
            => Assert.Null(FlowPictureText.Read(text));

        [Fact]
        public void Every_prefix_and_every_single_character_edit_of_a_graph_reads_without_throwing()
        {
            var text = Corpus.Value.Select(f => GraphOf(f.Source)!).OrderByDescending(t => t.Length).First();
            for (var i = 0; i < text.Length; i++)
            {
                _ = FlowPictureText.Read(text.Substring(0, i));
                foreach (var c in " \\\n-.x")
                {
                    _ = FlowPictureText.Read(text.Substring(0, i) + c + text.Substring(i + 1));
                }
            }
        }

        /// <summary>The string assigned to <c>Graph</c> in a generated file's <c>FlowInfo</c> initializer, as the compiler reads it.</summary>
        internal static string? GraphOf(string generated)
            => CSharpSyntaxTree.ParseText(generated).GetRoot().DescendantNodes()
                .OfType<AssignmentExpressionSyntax>()
                .Where(a => a.Parent is InitializerExpressionSyntax && a.Left is IdentifierNameSyntax { Identifier.ValueText: "Graph" })
                .Select(a => a.Right is LiteralExpressionSyntax literal ? literal.Token.ValueText : null)
                .SingleOrDefault();

        /// <summary>The whole corpus in one compilation: each flow's model (as the generator read it) and its generated file.</summary>
        private static IReadOnlyList<(FlowModel Model, string Source)> CompileCorpus()
        {
            var directory = Path.Combine(ProjectPaths.ProjectDirectory, Folder);
            var files = Directory.GetFiles(directory).Select(Path.GetFileName).Select(f => f!).OrderBy(f => f, StringComparer.Ordinal).ToList();
            var trees = files.Where(f => f.EndsWith(".cs.txt", StringComparison.Ordinal))
                .Select(f => TestCompilation.Parse(File.ReadAllText(Path.Combine(directory, f)), $"{Folder}/{f}"))
                .ToList();
            var json = files.Where(f => f.EndsWith(".flow.json", StringComparison.Ordinal))
                .Select(f => (AdditionalText)new InMemoryText($"{Folder}/{f}", File.ReadAllText(Path.Combine(directory, f))))
                .ToList();
            var compilation = CSharpCompilation.Create("ValidCorpus", trees, TestCompilation.References, TestCompilation.Options);
            var run = GeneratorRun.Start(compilation, json, "TestFlows");
            Assert.Null(run.Generator.Exception);

            var models = run.Outputs("FlowModel").Concat(run.Outputs("JsonFlowModel")).Select(o => (FlowModel)o.Value).ToList();
            Assert.True(models.Count >= 40, $"{models.Count} flows read from the corpus.");
            return models.Select(m => (m, run.Source(FlowEmitter.HintName(m)))).ToList();
        }
    }
}
