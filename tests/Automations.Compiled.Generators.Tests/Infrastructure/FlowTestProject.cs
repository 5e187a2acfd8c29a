extern alias Analyzers;

using System;
using System.Collections.Generic;
using Analyzers::Automations.Compiled.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace Automations.Compiled.Generators.Tests.Infrastructure
{
    /// <summary>
    /// The project every test of the Roslyn testing packages compiles: a user's library as a build makes it, with the
    /// references of <see cref="TestCompilation"/> (the trusted platform assemblies and, unless told otherwise, the
    /// runtime package), nullable on, the latest language version and the build's <c>RootNamespace</c>.
    /// </summary>
    internal static class FlowTestProject
    {
        /// <summary>
        /// No reference assembly package and no NuGet package: the packages would download a reference pack from
        /// NuGet when a test first runs; these tests never go to the network and reference the framework they run on.
        /// </summary>
        public static readonly ReferenceAssemblies ReferenceAssemblies = new("net10.0");

        /// <summary>The MSBuild properties the package's build props make visible to the analyzer and the generator.</summary>
        public const string GlobalConfig = "is_global = true\nbuild_property.RootNamespace = TestFlows\n";

        /// <summary>A diagnostic of <paramref name="id"/>, with the severity its descriptor has.</summary>
        public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<FlowAnalyzer, DefaultVerifier>.Diagnostic(id);

        /// <summary>One more check on every diagnostic that matched an expected one, for what a <see cref="DiagnosticResult"/> cannot say.</summary>
        public static TTest Also<TTest>(this TTest test, Action<Diagnostic, IVerifier> check)
            where TTest : AnalyzerTest<DefaultVerifier>
        {
            test.DiagnosticVerifier += (actual, _, verifier) => check(actual, verifier);
            return test;
        }

        /// <summary>Sets <paramref name="test"/> up as a user's project; <paramref name="withRuntime"/> false leaves the package out.</summary>
        public static void Configure(AnalyzerTest<DefaultVerifier> test, bool withRuntime = true)
        {
            test.ReferenceAssemblies = ReferenceAssemblies;
            test.TestState.AdditionalReferences.AddRange(withRuntime ? TestCompilation.References : TestCompilation.FrameworkReferences);
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", GlobalConfig));

            // Only spans are markup here: "$$" may be text in a flow file.
            test.MarkupOptions |= MarkupOptions.TreatPositionIndicatorsAsCode;

            var flowFiles = new Dictionary<string, SourceText>(System.StringComparer.Ordinal);
            test.SolutionTransforms.Add((solution, projectId) =>
            {
                var project = solution.GetProject(projectId)!;
                foreach (var file in project.AdditionalDocuments)
                {
                    // In memory: the text is there at once.
                    flowFiles[file.FilePath!] = file.GetTextAsync().GetAwaiter().GetResult();
                }

                var options = ((CSharpCompilationOptions)project.CompilationOptions!).WithNullableContextOptions(NullableContextOptions.Enable);
                var parseOptions = ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(TestCompilation.ParseOptions.LanguageVersion);
                return solution.WithProjectCompilationOptions(projectId, options).WithProjectParseOptions(projectId, parseOptions);
            });

            // The packages compare a flow-file diagnostic by its line span (what MSBuild prints); a fix edits its
            // character span, so that must be the same characters.
            test.DiagnosticVerifier = (actual, _, verifier) =>
            {
                var lineSpan = actual.Location.GetLineSpan();
                if (actual.Location.Kind == LocationKind.ExternalFile)
                {
                    verifier.True(flowFiles.TryGetValue(lineSpan.Path, out var text), $"{actual.Id} is located in '{lineSpan.Path}', which is not a file of the project");
                    verifier.Equal(text!.Lines.GetTextSpan(lineSpan.Span), actual.Location.SourceSpan, $"{actual.Id} in {lineSpan.Path}: its character span and its line span disagree");
                }
            };
        }
    }
}
