using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Automations.Compiled.Generators.Tests.Infrastructure
{
    /// <summary>
    /// Code fixes as an IDE applies them: a project in an <see cref="AdhocWorkspace"/> with C# documents
    /// (<c>Source0.cs</c>, ...) and flow files as additional documents; <see cref="FlowAnalysis"/> finds the diagnostic,
    /// the provider registers its actions for the document the diagnostic is in, and an action's
    /// <see cref="ApplyChangesOperation"/> gives the fixed project.
    /// </summary>
    internal sealed class CodeFixHarness : IDisposable
    {
        private readonly AdhocWorkspace _workspace = new();

        private CodeFixHarness(string[] sources, (string Path, string Text)[] flowFiles)
        {
            var solution = _workspace.CurrentSolution.AddProject(ProjectInfo.Create(
                ProjectId.CreateNewId(), VersionStamp.Create(), "Flows", "TestFlows", LanguageNames.CSharp,
                compilationOptions: TestCompilation.Options, parseOptions: TestCompilation.ParseOptions, metadataReferences: TestCompilation.References));
            var projectId = solution.ProjectIds.Single();
            for (var i = 0; i < sources.Length; i++)
            {
                solution = solution.AddDocument(DocumentId.CreateNewId(projectId), $"Source{i}.cs", SourceText.From(sources[i]), filePath: $"Source{i}.cs");
            }

            foreach (var (path, text) in flowFiles)
            {
                solution = solution.AddAdditionalDocument(DocumentId.CreateNewId(projectId), System.IO.Path.GetFileName(path), SourceText.From(text), filePath: path);
            }

            Project = solution.GetProject(projectId)!;
        }

        /// <summary>The project as written, before any fix.</summary>
        public Project Project { get; }

        /// <summary>A project of C# <paramref name="sources"/> that references the runtime.</summary>
        public static CodeFixHarness Create(params string[] sources) => new(sources, Array.Empty<(string, string)>());

        /// <summary>A project of C# <paramref name="sources"/> (actions, say) and flow files.</summary>
        public static CodeFixHarness WithFlowFiles(string[] sources, params (string Path, string Text)[] flowFiles) => new(sources, flowFiles);

        /// <summary>What <see cref="FlowAnalysis"/> reports for <paramref name="project"/>, its flow files included.</summary>
        public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project)
            => await FlowAnalysis.AnalyzeAsync((await project.GetCompilationAsync())!, await FlowFilesAsync(project));

        /// <summary>The one diagnostic <paramref name="id"/> reported for the project as written.</summary>
        public async Task<Diagnostic> DiagnosticAsync(string id) => Assert.Single(await AnalyzeAsync(Project), d => d.Id == id);

        /// <summary>The actions <paramref name="provider"/> offers for <paramref name="diagnostic"/>, in the document it is in.</summary>
        public async Task<IReadOnlyList<CodeAction>> ActionsAsync(CodeFixProvider provider, Diagnostic diagnostic)
        {
            Assert.Contains(diagnostic.Id, provider.FixableDiagnosticIds);
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(DocumentOf(diagnostic), diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
            await provider.RegisterCodeFixesAsync(context);
            return actions;
        }

        /// <summary>Applies the single action <paramref name="provider"/> offers for the single diagnostic <paramref name="id"/>.</summary>
        public async Task<Fixed> FixAsync(CodeFixProvider provider, string id, string expectedTitle)
        {
            var action = Assert.Single(await ActionsAsync(provider, await DiagnosticAsync(id)));
            Assert.Equal(expectedTitle, action.Title);
            Assert.False(string.IsNullOrEmpty(action.EquivalenceKey), "every action has an equivalence key");
            var operations = await action.GetOperationsAsync(CancellationToken.None);
            var solution = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
            return new Fixed(solution.GetProject(Project.Id)!);
        }

        public void Dispose() => _workspace.Dispose();

        private TextDocument DocumentOf(Diagnostic diagnostic)
        {
            if (diagnostic.Location.SourceTree is { } tree)
            {
                return Project.GetDocument(tree)!;
            }

            // A flow file: the analyzer locates it by path, as MSBuild prints it.
            var path = diagnostic.Location.GetLineSpan().Path;
            return Assert.Single(Project.AdditionalDocuments, d => d.FilePath == path);
        }

        private static async Task<ImmutableArray<AdditionalText>> FlowFilesAsync(Project project)
        {
            var files = ImmutableArray.CreateBuilder<AdditionalText>();
            foreach (var document in project.AdditionalDocuments)
            {
                files.Add(new InMemoryText(document.FilePath!, (await document.GetTextAsync()).ToString()));
            }

            return files.ToImmutable();
        }

        /// <summary>The project after a fix.</summary>
        internal sealed class Fixed
        {
            public Fixed(Project project) => Project = project;

            public Project Project { get; }

            /// <summary>The text of the C# document or flow file at <paramref name="path"/>.</summary>
            public async Task<string> TextAsync(string path)
            {
                var document = Project.Documents.Cast<TextDocument>().Concat(Project.AdditionalDocuments).Single(d => d.FilePath == path);
                return (await document.GetTextAsync()).ToString();
            }

            /// <summary>
            /// The fixed project compiles, the generator's output compiles too, and the analyzer no longer reports
            /// <paramref name="id"/> (nor anything else of ours).
            /// </summary>
            public async Task AssertClean(string id)
            {
                var compilation = (await Project.GetCompilationAsync())!;
                Assert.Empty(TestCompilation.Errors(compilation));
                var flowFiles = await FlowFilesAsync(Project);
                var run = GeneratorRun.Start(compilation, flowFiles);
                Assert.Empty(run.Diagnostics);
                Assert.Empty(TestCompilation.Errors(run.Output));
                var diagnostics = await FlowAnalysis.AnalyzeAsync(run.Output, flowFiles);
                Assert.DoesNotContain(diagnostics, d => d.Id == id);
                Assert.Empty(diagnostics.Where(d => d.Id.StartsWith("AUTO", StringComparison.Ordinal) || d.Id == "AD0001"));
            }
        }
    }
}
