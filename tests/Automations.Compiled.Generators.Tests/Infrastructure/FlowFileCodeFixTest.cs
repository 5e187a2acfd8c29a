using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Testing.Model;

namespace Automations.Compiled.Generators.Tests.Infrastructure
{
    /// <summary>
    /// A fix of a flow file (<c>*.flow.json</c>, <c>*.lifecycle.json</c>): written like any
    /// <see cref="FlowCodeFixTest{TFix}"/>, with the file in <c>TestState.AdditionalFiles</c> (markup spans included) and
    /// the expected file in <c>FixedState.AdditionalFiles</c>. The package's fix loop only fixes diagnostics in C#
    /// documents (it skips a diagnostic without a syntax tree), so here the provider gets the additional document, as
    /// an IDE gives it to a provider exported for <see cref="TextDocumentKind.AdditionalDocument"/>; the rest is the
    /// package's: markup, diagnostics of the test state and of the fixed state, the action check.
    /// These providers have no fix-all.
    /// </summary>
    internal sealed class FlowFileCodeFixTest<TFix> : FlowCodeFixTest<TFix>
        where TFix : CodeFixProvider, new()
    {
        protected override async Task RunImplAsync(CancellationToken cancellationToken)
        {
            var analyzers = GetDiagnosticAnalyzers().ToImmutableArray();
            var fixable = GetCodeFixProviders().SelectMany(provider => provider.FixableDiagnosticIds).ToImmutableArray();
            var supported = analyzers.SelectMany(analyzer => analyzer.SupportedDiagnostics).ToImmutableArray();
            var defaultDiagnostic = GetDefaultDiagnostic(analyzers.ToArray());
            var rawTestState = TestState.WithInheritedValuesApplied(null, fixable);
            var rawFixedState = FixedState.WithInheritedValuesApplied(rawTestState, fixable);
            var testState = rawTestState.WithProcessedMarkup(MarkupOptions, defaultDiagnostic, supported, fixable, DefaultFilePath);
            var fixedState = rawFixedState.WithProcessedMarkup(MarkupOptions, defaultDiagnostic, supported, fixable, DefaultFilePath);
            var none = ImmutableArray<EvaluatedProjectState>.Empty;

            await VerifyDiagnosticsAsync(new EvaluatedProjectState(testState, ReferenceAssemblies), none, testState.ExpectedDiagnostics.ToArray(), Verify.PushContext("Diagnostics of test state"), cancellationToken);

            var project = await CreateProjectAsync(new EvaluatedProjectState(testState, ReferenceAssemblies), none, cancellationToken);
            project = await FixFlowFilesAsync(analyzers, project, Verify.PushContext("Code fix application"), cancellationToken);
            await VerifyFilesAsync(fixedState, project, Verify.PushContext("Fixed state"), cancellationToken);

            await VerifyDiagnosticsAsync(new EvaluatedProjectState(fixedState, ReferenceAssemblies), none, fixedState.ExpectedDiagnostics.ToArray(), Verify.PushContext("Diagnostics of fixed state"), cancellationToken);
        }

        /// <summary>Applies one fix at a time, re-analyzing after each, until no diagnostic in a flow file gets an action.</summary>
        private async Task<Project> FixFlowFilesAsync(ImmutableArray<DiagnosticAnalyzer> analyzers, Project project, IVerifier verifier, CancellationToken cancellationToken)
        {
            var providers = GetCodeFixProviders().ToImmutableArray();
            var limit = -1;
            for (var iteration = 0; ; iteration++)
            {
                var diagnostics = await GetSortedDiagnosticsAsync(project.Solution, analyzers, ImmutableArray<(Project, Diagnostic)>.Empty, CompilerDiagnostics, verifier, cancellationToken);
                limit = limit < 0 ? diagnostics.Length : limit;
                CodeAction? applied = null;
                foreach (var (_, diagnostic) in diagnostics)
                {
                    var file = project.AdditionalDocuments.FirstOrDefault(d => d.FilePath == diagnostic.Location.GetLineSpan().Path);
                    if (file is null || diagnostic.Location.Kind != LocationKind.ExternalFile)
                    {
                        continue;
                    }

                    var actions = ImmutableArray.CreateBuilder<CodeAction>();
                    foreach (var provider in providers.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
                    {
                        await provider.RegisterCodeFixesAsync(new CodeFixContext(file, diagnostic, (action, _) => actions.Add(action), cancellationToken));
                    }

                    applied = TryGetCodeActionToApply(iteration, FilterCodeActions(actions.ToImmutable()), CodeActionIndex, CodeActionEquivalenceKey, CodeActionVerifier, verifier);
                    if (applied is not null)
                    {
                        verifier.True(iteration < limit, $"More fixes than the {limit} diagnostics there were: the fixes keep changing the flow files");
                        var operations = await applied.GetOperationsAsync(cancellationToken);
                        project = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetProject(project.Id)!;
                        break;
                    }
                }

                if (applied is null)
                {
                    return project;
                }
            }
        }

        /// <summary>The C# documents and flow files of <paramref name="project"/> are those of <paramref name="expected"/>.</summary>
        private static async Task VerifyFilesAsync(SolutionState expected, Project project, IVerifier verifier, CancellationToken cancellationToken)
        {
            var documents = project.Documents.Cast<TextDocument>().ToArray();
            var files = project.AdditionalDocuments.ToArray();
            verifier.Equal(expected.Sources.Count, documents.Length, "number of C# documents");
            verifier.Equal(expected.AdditionalFiles.Count, files.Length, "number of flow files");
            foreach (var (wanted, actual) in expected.Sources.Zip(documents).Concat(expected.AdditionalFiles.Zip(files)))
            {
                verifier.Equal(wanted.filename, actual.FilePath, "path");
                verifier.EqualOrDiff(wanted.content.ToString(), (await actual.GetTextAsync(cancellationToken)).ToString(), $"content of '{wanted.filename}' did not match. Diff shown with expected as baseline:");
            }
        }
    }
}
