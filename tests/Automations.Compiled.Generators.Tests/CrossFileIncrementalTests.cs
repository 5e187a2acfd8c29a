using System;
using System.Linq;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Automations.Compiled.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>
    /// A flow is read again only when its key changes: its own files, or what it can see of the others (their
    /// declarations, not their method bodies). An edit elsewhere that changes what a flow means must still regenerate
    /// it; one that cannot must read no flow (FlowModel Cached, not Unchanged: an Unchanged output was read again).
    /// </summary>
    public sealed class CrossFileIncrementalTests
    {
        private const string Flow = """
            using Automations.Compiled;

            namespace Cross
            {
                [Flow("cross")]
                public partial class CrossFlow : IFlow<Input>
                {
                    [Action(1)]
                    [Retry(Settings.Attempts)]
                    private static void Validate(Input input)
                    {
                    }

                    [ForEach(2)]
                    private static Batch Lines(Input input) => new();
                }
            }
            """;

        private const string Types = """
            namespace Cross
            {
                public sealed record Input(string Id);

                public sealed class Batch : System.Collections.Generic.List<long>
                {
                }

                public static class Settings
                {
                    public const int Attempts = 3;

                    public static string Describe(Input input) => input.Id;
                }
            }
            """;

        [Fact]
        public void A_method_body_edit_in_another_file_reads_no_flow_and_no_action()
        {
            // JSON flows pull the catalog of actions: with none, Roslyn does not run the action steps at all.
            var json = new InMemoryText(FlowCorpus.JsonPath(1), FlowCorpus.Json(1));
            var first = GeneratorRun.Start(TestCompilation.Create(Flow, Types, FlowCorpus.Shop), new[] { json });

            var second = first.Next(Edit(first, "Source1.cs", "=> input.Id;", "=> input.Id + \"!\";"));

            AssertAll(second, FlowGenerator.Steps.Model, IncrementalStepRunReason.Cached);
            AssertAll(second, FlowGenerator.Steps.Action, IncrementalStepRunReason.Cached);
            Assert.Equal(first.Source("CrossFlow.Flow.g.cs"), second.Source("CrossFlow.Flow.g.cs"));
        }

        [Fact]
        public void A_constant_in_another_file_regenerates_the_flow_that_uses_it()
        {
            var first = Start(Flow, Types);
            Assert.Contains("if (__attempt < 3)", first.Source("CrossFlow.Flow.g.cs"), StringComparison.Ordinal);

            var second = first.Next(Edit(first, "Source1.cs", "Attempts = 3;", "Attempts = 5;"));

            AssertAll(second, FlowGenerator.Steps.Model, IncrementalStepRunReason.Modified);
            Assert.Contains("if (__attempt < 5)", second.Source("CrossFlow.Flow.g.cs"), StringComparison.Ordinal);
        }

        [Fact]
        public void A_base_type_in_another_file_regenerates_the_flow_that_returns_it()
        {
            var first = Start(Flow, Types);
            Assert.Equal("global::System.Int64", ItemType(first));

            var second = first.Next(Edit(first, "Source1.cs", "List<long>", "List<string>"));

            AssertAll(second, FlowGenerator.Steps.Model, IncrementalStepRunReason.Modified);
            Assert.Equal("global::System.String", ItemType(second));
            Assert.NotEqual(first.Source("CrossFlow.Flow.g.cs"), second.Source("CrossFlow.Flow.g.cs"));
        }

        [Fact]
        public void A_step_in_another_part_of_the_flow_class_regenerates_the_flow()
        {
            const string otherPart = """
                using Automations.Compiled;

                namespace Cross
                {
                    public partial class CrossFlow
                    {
                        [Action(3)]
                        [Retry(2)]
                        private static void Audit(Input input)
                        {
                        }
                    }
                }
                """;
            var first = Start(Flow, Types, otherPart);
            Assert.Contains("if (__attempt < 2)", first.Source("CrossFlow.Flow.g.cs"), StringComparison.Ordinal);

            var second = first.Next(Edit(first, "Source2.cs", "[Retry(2)]", "[Retry(4)]"));

            Assert.Contains("if (__attempt < 4)", second.Source("CrossFlow.Flow.g.cs"), StringComparison.Ordinal);
        }

        [Fact]
        public void A_body_edit_in_another_part_of_the_flow_class_reads_the_flow_again()
        {
            // Its steps' locations moved: the model changes even though the code does not.
            const string otherPart = """
                using Automations.Compiled;

                namespace Cross
                {
                    public partial class CrossFlow
                    {
                        private static int Helper() => 1;

                        [Action(3)]
                        private static void Audit(Input input)
                        {
                        }
                    }
                }
                """;
            var first = Start(Flow, Types, otherPart);

            var second = first.Next(Edit(first, "Source2.cs", "=> 1;", "=>\n            1;"));

            AssertAll(second, FlowGenerator.Steps.Model, IncrementalStepRunReason.Modified);
            AssertAll(second, FlowGenerator.Steps.Source, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        }

        [Fact]
        public void An_action_signature_in_another_file_regenerates_the_json_flow_that_calls_it()
        {
            var compilation = TestCompilation.Create(FlowCorpus.Shop);
            var json = new InMemoryText(FlowCorpus.JsonPath(1), FlowCorpus.Json(1));
            var first = GeneratorRun.Start(compilation, new[] { json });
            var hintName = first.Generator.GeneratedSources.Single(s => s.HintName.Contains(FlowCorpus.JsonClass(1), StringComparison.Ordinal)).HintName;

            var second = first.Next(Edit(first, "Source0.cs", "public static long Price(long line, long quantity) => line * quantity;", "public static double Price(long line, long quantity) => line * quantity;"));

            AssertAll(second, FlowGenerator.Steps.JsonModel, IncrementalStepRunReason.Modified);
            Assert.NotEqual(first.Source(hintName), second.Source(hintName));
        }

        [Fact]
        public void A_flow_attribute_through_a_global_alias_in_another_file_is_read()
        {
            const string aliases = "global using ThisIsAFlow = Automations.Compiled.FlowAttribute;";
            var flow = Flow.Replace("[Flow(\"cross\")]", "[ThisIsAFlow(\"cross\")]", StringComparison.Ordinal);

            var run = Start(flow, Types, aliases);

            Assert.Contains("if (__attempt < 3)", run.Source("CrossFlow.Flow.g.cs"), StringComparison.Ordinal);
        }

        [Fact]
        public void A_class_with_an_attribute_named_Flow_from_another_library_is_not_a_flow()
        {
            const string other = """
                namespace Elsewhere
                {
                    public sealed class FlowAttribute : System.Attribute
                    {
                        public FlowAttribute(string name) { }
                    }

                    [Flow("not ours")]
                    public partial class NotAFlow
                    {
                    }
                }
                """;

            var run = Start(Flow, Types, other);

            Assert.Single(run.Outputs(FlowGenerator.Steps.Model));
            Assert.Single(run.Generator.GeneratedSources);
        }

        private static GeneratorRun Start(params string[] sources) => GeneratorRun.Start(TestCompilation.Create(sources));

        /// <summary>The run's input with <paramref name="from"/> replaced by <paramref name="to"/> in file <paramref name="path"/>.</summary>
        internal static Compilation Edit(GeneratorRun run, string path, string from, string to)
        {
            var tree = run.Input.SyntaxTrees.Single(t => t.FilePath == path);
            var text = tree.GetText().ToString();
            Assert.Contains(from, text, StringComparison.Ordinal);
            return run.Input.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(text.Replace(from, to, StringComparison.Ordinal))));
        }

        private static string? ItemType(GeneratorRun run)
            => run.Outputs(FlowGenerator.Steps.Model).Select(o => (FlowModel)o.Value).Single()
                .Root.Steps.Single(s => s.Id == "lines").ItemType;

        private static void AssertAll(GeneratorRun run, string step, params IncrementalStepRunReason[] allowed)
        {
            var reasons = run.Outputs(step).Select(o => o.Reason).ToList();
            Assert.NotEmpty(reasons);
            Assert.True(reasons.All(allowed.Contains), $"step '{step}': expected {string.Join("/", allowed)}, got {string.Join(", ", reasons)}");
        }
    }
}
