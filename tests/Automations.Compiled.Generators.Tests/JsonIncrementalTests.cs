using System.Linq;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>Which steps of the JSON pipeline re-run for each kind of edit of flow files.</summary>
    public sealed class JsonIncrementalTests
    {
        private const string Actions = """
            using Automations.Compiled;

            namespace Shop
            {
                public static class Mail
                {
                    [FlowAction("send_email")]
                    public static void Send(string to, string body) { }
                }
            }
            """;

        private const string First = """
            { "id": "first", "steps": [ { "id": "mail", "type": "action", "action": "send_email", "inputs": { "to": "a@b.c", "body": "one" } } ] }
            """;

        private const string Second = """
            { "id": "second", "steps": [ { "id": "mail", "type": "action", "action": "send_email", "inputs": { "to": "a@b.c", "body": "two" } } ] }
            """;

        [Fact]
        public void One_of_two_flow_files_edited_re_emits_only_that_flow()
        {
            var first = new InMemoryText("flows/first.flow.json", First);
            var run = GeneratorRun.Start(TestCompilation.Create(Actions), new[] { first, new InMemoryText("flows/second.flow.json", Second) });

            var next = run.Next(first, new InMemoryText("flows/first.flow.json", First.Replace("\"one\"", "\"uno\"")));

            Assert.Equal(
                new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Modified }.OrderBy(r => r),
                next.Outputs(FlowGenerator.Steps.JsonSource).Select(o => o.Reason).OrderBy(r => r));
            var source = next.Generator.GeneratedSources.Single(s => s.HintName.StartsWith("TestFlows.FirstFlow.", System.StringComparison.Ordinal));
            Assert.Contains("\"uno\"", source.SourceText.ToString(), System.StringComparison.Ordinal);
        }

        [Fact]
        public void A_whitespace_only_reformat_re_emits_nothing()
        {
            var text = new InMemoryText("flows/first.flow.json", First);
            var run = GeneratorRun.Start(TestCompilation.Create(Actions), new[] { text });

            var reformatted = First.Replace("{ ", "{\n  ").Replace(", ", ",\n  ");
            var next = run.Next(text, new InMemoryText("flows/first.flow.json", reformatted));

            // The text and the located model change (diagnostics would move); the code model does not.
            Assert.NotEmpty(next.Outputs(FlowGenerator.Steps.JsonCodeModel));
            Assert.All(next.Outputs(FlowGenerator.Steps.JsonModel), o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
            Assert.All(next.Outputs(FlowGenerator.Steps.JsonCodeModel), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
            Assert.All(next.Outputs(FlowGenerator.Steps.JsonSource), o => Assert.Contains(o.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
            Assert.NotEmpty(next.Outputs(FlowGenerator.Steps.JsonSource));
        }

        [Fact]
        public void An_edit_in_an_unrelated_csharp_file_re_binds_nothing()
        {
            var run = GeneratorRun.Start(TestCompilation.Create(Actions), new[] { new InMemoryText("flows/first.flow.json", First) });
            var unrelated = TestCompilation.Parse("namespace Other { public static class Helper { public static int Two() => 2; } }", "Unrelated.cs");

            var next = run.Next(run.Input.AddSyntaxTrees(unrelated));

            Assert.NotEmpty(next.Outputs(FlowGenerator.Steps.JsonModel));
            Assert.All(next.Outputs(FlowGenerator.Steps.ActionCatalog), o => Assert.Contains(o.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
            Assert.All(next.Outputs(FlowGenerator.Steps.JsonModel), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
            Assert.All(next.Outputs(FlowGenerator.Steps.JsonSource), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }

        [Fact]
        public void Changing_an_action_re_binds_the_flows_that_use_it()
        {
            var run = GeneratorRun.Start(TestCompilation.Create(Actions), new[] { new InMemoryText("flows/first.flow.json", First) });
            var tree = run.Input.SyntaxTrees.Single();
            var edited = TestCompilation.Parse(Actions.Replace("string body", "string body, string? cc = null"), tree.FilePath);

            var next = run.Next(run.Input.ReplaceSyntaxTree(tree, edited));

            Assert.NotEmpty(next.Outputs(FlowGenerator.Steps.JsonModel));
            // The catalog changed, so the flow is bound again; it does not use the new optional input, so its model is
            // the same and no code is re-emitted.
            Assert.All(next.Outputs(FlowGenerator.Steps.ActionCatalog), o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
            Assert.All(next.Outputs(FlowGenerator.Steps.JsonModel), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
            Assert.All(next.Outputs(FlowGenerator.Steps.JsonSource), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }
    }
}
