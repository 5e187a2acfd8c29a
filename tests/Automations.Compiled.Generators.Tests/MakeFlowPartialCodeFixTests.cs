extern alias CodeFixes;

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using CodeFixes::Automations.Compiled.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>The AUTO0001 fix, applied through a workspace: the class becomes partial and the diagnostic goes away.</summary>
    public sealed class MakeFlowPartialCodeFixTests
    {
        [Fact]
        public Task Adds_partial_to_the_flow_class() => AssertFixed(
            """
            using Automations.Compiled;

            namespace Tests.Fix
            {
                [Flow("fix")]
                public sealed class FixMe
                {
                    [Action(1)]
                    private static void Work()
                    {
                    }
                }
            }
            """,
            "public sealed partial class FixMe");

        [Fact]
        public Task Adds_partial_to_the_containing_classes_too() => AssertFixed(
            """
            using Automations.Compiled;

            namespace Tests.Fix
            {
                internal static class Outer
                {
                    [Flow("nested-fix")]
                    class Inner
                    {
                        [Action(1)]
                        private static void Work()
                        {
                        }
                    }
                }
            }
            """,
            "internal static partial class Outer",
            "partial class Inner");

        private static async Task AssertFixed(string source, params string[] expectedFragments)
        {
            using var workspace = new AdhocWorkspace();
            var project = workspace.AddProject(ProjectInfo.Create(
                ProjectId.CreateNewId(), VersionStamp.Create(), "Flows", "Flows", LanguageNames.CSharp,
                compilationOptions: TestCompilation.Options, parseOptions: TestCompilation.ParseOptions, metadataReferences: TestCompilation.References));
            var document = workspace.AddDocument(DocumentInfo.Create(
                DocumentId.CreateNewId(project.Id), "Source0.cs",
                loader: TextLoader.From(TextAndVersion.Create(SourceText.From(source), VersionStamp.Create())), filePath: "Source0.cs"));

            var before = await FlowAnalysis.AnalyzeAsync((await document.Project.GetCompilationAsync())!);
            var diagnostic = Assert.Single(before, d => d.Id == "AUTO0001");

            var fix = new MakeFlowPartialCodeFix();
            Assert.Contains("AUTO0001", fix.FixableDiagnosticIds);
            var actions = new List<CodeAction>();
            await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
            var operations = await Assert.Single(actions).GetOperationsAsync(CancellationToken.None);
            var solution = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
            var fixedDocument = solution.GetDocument(document.Id)!;

            var text = (await fixedDocument.GetTextAsync()).ToString();
            foreach (var fragment in expectedFragments)
            {
                Assert.Contains(fragment, text, StringComparison.Ordinal);
            }

            var compilation = (await fixedDocument.Project.GetCompilationAsync())!;
            Assert.Empty(TestCompilation.Errors(compilation));
            var run = GeneratorRun.Start(compilation);
            Assert.Empty(TestCompilation.Errors(run.Output));
            Assert.DoesNotContain(await FlowAnalysis.AnalyzeAsync(run.Output), d => d.Id == "AUTO0001");
        }
    }
}
