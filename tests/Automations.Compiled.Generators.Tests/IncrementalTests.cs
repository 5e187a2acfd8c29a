using System;
using System.Linq;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>One test per kind of edit: which pipeline steps re-run, and which outputs stay cached.</summary>
    public sealed class IncrementalTests
    {
        private const string ModelStep = "FlowModel";
        private const string CodeModelStep = "FlowCodeModel";
        private const string SourceStep = "FlowSource";

        [Fact]
        public void Tracking_names_are_the_generator_steps()
        {
            Assert.Equal(ModelStep, FlowGenerator.Steps.Model);
            Assert.Equal(CodeModelStep, FlowGenerator.Steps.CodeModel);
            Assert.Equal(SourceStep, FlowGenerator.Steps.Source);
        }

        [Fact]
        public void Unrelated_file_added_leaves_every_step_cached()
        {
            var first = GeneratorRun.Start(TestCompilation.Create(FlowSources.Order));
            var unrelated = TestCompilation.Parse("namespace Other { public static class Helper { public static int Two() => 2; } }", "Unrelated.cs");

            var second = first.Next(first.Input.AddSyntaxTrees(unrelated));

            foreach (var step in new[] { ModelStep, CodeModelStep, SourceStep })
            {
                AssertReasons(second, step, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
            }
        }

        [Fact]
        public void Comment_in_the_flow_class_re_emits_nothing()
        {
            var first = GeneratorRun.Start(TestCompilation.Create(FlowSources.Order));
            var tree = first.Input.SyntaxTrees.Single();
            var anchor = "        private readonly IPayments _payments;";
            var edited = Edit(tree, anchor, "        // Services come first; steps follow in order.\n" + anchor);

            var second = first.Next(first.Input.ReplaceSyntaxTree(tree, edited));

            // Locations moved, so the full model changes (diagnostics move with it), but code does not depend on them.
            AssertReasons(second, ModelStep, IncrementalStepRunReason.Modified);
            AssertReasons(second, CodeModelStep, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
            AssertReasons(second, SourceStep, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
            Assert.Equal(first.Source("OrderFlow.Flow.g.cs"), second.Source("OrderFlow.Flow.g.cs"));
        }

        [Fact]
        public void Step_order_changed_re_emits_the_flow()
        {
            var first = GeneratorRun.Start(TestCompilation.Create(FlowSources.Order));
            var tree = first.Input.SyntaxTrees.Single();
            var edited = Edit(tree, "[Action(1)]\n        private static void Validate", "[Action(4)]\n        private static void Validate");

            var second = first.Next(first.Input.ReplaceSyntaxTree(tree, edited));

            AssertReasons(second, ModelStep, IncrementalStepRunReason.Modified);
            AssertReasons(second, CodeModelStep, IncrementalStepRunReason.Modified);
            AssertReasons(second, SourceStep, IncrementalStepRunReason.Modified);
            Assert.StartsWith("// ── step 'charge-card'", FirstStepComment(second.Source("OrderFlow.Flow.g.cs")), StringComparison.Ordinal);
        }

        [Fact]
        public void Step_attribute_changed_re_emits_the_flow()
        {
            var first = GeneratorRun.Start(TestCompilation.Create(FlowSources.Order));
            var tree = first.Input.SyntaxTrees.Single();
            var edited = Edit(tree, "[Retry(3, InitialDelayMs = 200, Multiplier = 2)]", "[Retry(5, InitialDelayMs = 200, Multiplier = 2)]");

            var second = first.Next(first.Input.ReplaceSyntaxTree(tree, edited));

            AssertReasons(second, SourceStep, IncrementalStepRunReason.Modified);
            Assert.Contains("if (__attempt < 5)", second.Source("OrderFlow.Flow.g.cs"), StringComparison.Ordinal);
        }

        [Fact]
        public void One_of_two_flows_edited_re_emits_only_that_flow()
        {
            var first = GeneratorRun.Start(TestCompilation.Create(FlowSources.Order, FlowSources.Lifecycle));
            var tree = first.Input.SyntaxTrees.Single(t => t.FilePath == "Source1.cs");
            var edited = Edit(tree, "[Retry(2, ", "[Retry(4, ");

            var second = first.Next(first.Input.ReplaceSyntaxTree(tree, edited));

            var reasons = second.Outputs(SourceStep).Select(o => (((GeneratedFlow)o.Value).FlowId, o.Reason)).OrderBy(o => o.FlowId, StringComparer.Ordinal).ToList();
            Assert.Equal(
                new[] { ("lifecycle", IncrementalStepRunReason.Modified), ("order-processing", IncrementalStepRunReason.Cached) },
                reasons);
        }

        private static SyntaxTree Edit(SyntaxTree tree, string find, string replace)
        {
            var text = tree.GetText().ToString();
            Assert.Contains(find, text, StringComparison.Ordinal);
            var edited = text.Replace(find, replace, StringComparison.Ordinal);
            return tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(edited));
        }

        private static string FirstStepComment(string source)
            => source.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("// ── step", StringComparison.Ordinal));

        private static void AssertReasons(GeneratorRun run, string step, params IncrementalStepRunReason[] allowed)
        {
            var outputs = run.Outputs(step);
            Assert.True(outputs.Count > 0, $"step '{step}' produced no outputs");
            var unexpected = outputs.Where(o => !allowed.Contains(o.Reason)).Select(o => o.Reason).ToList();
            Assert.True(
                unexpected.Count == 0,
                $"step '{step}': expected only {string.Join("/", allowed)}, got {string.Join(", ", outputs.Select(o => o.Reason))}");
        }
    }
}
