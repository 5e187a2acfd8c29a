extern alias Analyzers;

using System;
using System.Linq;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>Which steps of the lifecycle pipelines (C# classes and <c>*.lifecycle.json</c> files) re-run for each kind of edit.</summary>
    public sealed class LifecycleIncrementalTests
    {
        private static readonly IncrementalStepRunReason[] Reused = { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged };

        [Fact]
        public void Tracking_names_are_the_generator_steps()
        {
            Assert.Equal("LifecycleModel", FlowGenerator.Steps.Lifecycle);
            Assert.Equal("LifecycleCodeModel", FlowGenerator.Steps.LifecycleCode);
            Assert.Equal("LifecycleSource", FlowGenerator.Steps.LifecycleSource);
            Assert.Equal("JsonLifecycleFile", FlowGenerator.Steps.JsonLifecycleFile);
            Assert.Equal("JsonLifecycleModel", FlowGenerator.Steps.JsonLifecycle);
            Assert.Equal("JsonLifecycleCodeModel", FlowGenerator.Steps.JsonLifecycleCode);
            Assert.Equal("JsonLifecycleSource", FlowGenerator.Steps.JsonLifecycleSource);
        }

        [Fact]
        public void An_unrelated_file_added_leaves_every_lifecycle_step_cached()
        {
            var first = GeneratorRun.Start(
                TestCompilation.Create(LifecycleSources.Entities, LifecycleSources.Template),
                new[] { new InMemoryText(LifecycleSources.JsonPath, LifecycleSources.Json) });
            var unrelated = TestCompilation.Parse("namespace Other { public static class Helper { public static int Two() => 2; } }", "Unrelated.cs");

            var second = first.Next(first.Input.AddSyntaxTrees(unrelated));

            foreach (var step in new[]
            {
                FlowGenerator.Steps.Lifecycle, FlowGenerator.Steps.LifecycleCode, FlowGenerator.Steps.LifecycleSource,
                FlowGenerator.Steps.JsonLifecycleFile, FlowGenerator.Steps.JsonLifecycle, FlowGenerator.Steps.JsonLifecycleCode, FlowGenerator.Steps.JsonLifecycleSource,
            })
            {
                AssertReasons(second, step, Reused);
            }
        }

        [Fact]
        public void Moving_an_attribute_down_a_line_re_emits_nothing()
        {
            var first = GeneratorRun.Start(TestCompilation.Create(LifecycleSources.Entities, LifecycleSources.Template));
            var tree = first.Input.SyntaxTrees.Single(t => t.FilePath == "Source1.cs");
            var anchor = "    [LifecycleAction(\"Stop\", ";
            var edited = Edit(tree, anchor, "    // Stopping comes next.\n" + anchor);

            var second = first.Next(first.Input.ReplaceSyntaxTree(tree, edited));

            // Locations moved, so the located model changes (diagnostics move with it); the code does not depend on them.
            AssertReasons(second, FlowGenerator.Steps.Lifecycle, IncrementalStepRunReason.Modified);
            AssertReasons(second, FlowGenerator.Steps.LifecycleCode, IncrementalStepRunReason.Unchanged);
            AssertReasons(second, FlowGenerator.Steps.LifecycleSource, Reused);
            Assert.Equal(first.Source("ServerLifecycle.Lifecycle.g.cs"), second.Source("ServerLifecycle.Lifecycle.g.cs"));
        }

        [Fact]
        public void Changing_an_action_re_emits_the_template()
        {
            var first = GeneratorRun.Start(TestCompilation.Create(LifecycleSources.Entities, LifecycleSources.Template));
            var tree = first.Input.SyntaxTrees.Single(t => t.FilePath == "Source1.cs");
            var edited = Edit(tree, "Access = AccessLevel.Root, Priority = 5", "Access = AccessLevel.Manager, Priority = 5");

            var second = first.Next(first.Input.ReplaceSyntaxTree(tree, edited));

            AssertReasons(second, FlowGenerator.Steps.LifecycleCode, IncrementalStepRunReason.Modified);
            AssertReasons(second, FlowGenerator.Steps.LifecycleSource, IncrementalStepRunReason.Modified);
            Assert.Contains(
                "new(6, \"Archive\", \"archive\", 5, global::Automations.Compiled.AccessLevel.Manager,",
                second.Source("ServerLifecycle.Lifecycle.g.cs"),
                StringComparison.Ordinal);
        }

        [Fact]
        public void One_of_two_lifecycle_files_edited_re_emits_only_that_one()
        {
            var first = new InMemoryText("lifecycles/first.lifecycle.json", LifecycleSources.SmallJson("first"));
            var run = GeneratorRun.Start(
                TestCompilation.Create(LifecycleSources.Entities),
                new[] { first, new InMemoryText("lifecycles/second.lifecycle.json", LifecycleSources.SmallJson("second")) });

            var next = run.Next(first, new InMemoryText("lifecycles/first.lifecycle.json", LifecycleSources.SmallJson("first").Replace("\"Stop\"", "\"Halt\"", StringComparison.Ordinal)));

            Assert.Equal(
                new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Modified }.OrderBy(r => r),
                next.Outputs(FlowGenerator.Steps.JsonLifecycleSource).Select(o => o.Reason).OrderBy(r => r));
            Assert.Contains("\"Halt\"", next.Source("FirstLifecycle." + Key("lifecycles/first.lifecycle.json") + ".Lifecycle.g.cs"), StringComparison.Ordinal);
        }

        [Fact]
        public void A_whitespace_only_reformat_of_a_lifecycle_file_re_emits_nothing()
        {
            var text = new InMemoryText(LifecycleSources.JsonPath, LifecycleSources.Json);
            var run = GeneratorRun.Start(TestCompilation.Create(LifecycleSources.Entities), new[] { text });

            var reformatted = LifecycleSources.Json.Replace(", ", ",\n      ", StringComparison.Ordinal).Replace("{ ", "{\n    ", StringComparison.Ordinal);
            var next = run.Next(text, new InMemoryText(LifecycleSources.JsonPath, reformatted));

            // The text and the located model change (diagnostics would move); the code model does not.
            AssertReasons(next, FlowGenerator.Steps.JsonLifecycleFile, IncrementalStepRunReason.Modified);
            AssertReasons(next, FlowGenerator.Steps.JsonLifecycle, IncrementalStepRunReason.Modified);
            AssertReasons(next, FlowGenerator.Steps.JsonLifecycleCode, IncrementalStepRunReason.Unchanged);
            AssertReasons(next, FlowGenerator.Steps.JsonLifecycleSource, Reused);
        }

        [Fact]
        public void An_edit_in_a_csharp_file_leaves_lifecycle_files_cached()
        {
            var run = GeneratorRun.Start(TestCompilation.Create(LifecycleSources.Entities), new[] { new InMemoryText(LifecycleSources.JsonPath, LifecycleSources.Json) });
            var tree = run.Input.SyntaxTrees.Single();
            var edited = Edit(tree, "\"booted \"", "\"started \"");

            var next = run.Next(run.Input.ReplaceSyntaxTree(tree, edited));

            AssertReasons(next, FlowGenerator.Steps.JsonLifecycle, IncrementalStepRunReason.Cached);
            AssertReasons(next, FlowGenerator.Steps.JsonLifecycleSource, IncrementalStepRunReason.Cached);
        }

        private static string Key(string path) => Analyzers::Automations.Compiled.Json.JsonFlowCompiler.Key(path);

        private static SyntaxTree Edit(SyntaxTree tree, string find, string replace)
        {
            var text = tree.GetText().ToString();
            Assert.Contains(find, text, StringComparison.Ordinal);
            return tree.WithChangedText(SourceText.From(text.Replace(find, replace, StringComparison.Ordinal)));
        }

        private static void AssertReasons(GeneratorRun run, string step, params IncrementalStepRunReason[] allowed)
        {
            var outputs = run.Outputs(step);
            Assert.True(outputs.Count > 0, $"step '{step}' produced no outputs");
            Assert.True(
                outputs.All(o => allowed.Contains(o.Reason)),
                $"step '{step}': expected only {string.Join("/", allowed)}, got {string.Join(", ", outputs.Select(o => o.Reason))}");
        }
    }
}
