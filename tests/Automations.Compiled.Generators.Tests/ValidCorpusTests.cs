using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>
    /// The guard against false positives: every flow of <c>ValidCorpus/</c> is valid per the SPEC, so the analyzer
    /// reports nothing on it (no error, warning or info), the generator reports nothing, and the generated code
    /// compiles. The flows are data (C# as <c>*.cs.txt</c>, JSON as <c>*.flow.json</c>), compiled here with the
    /// corpus's shared actions, one by one and all together, as a user's project would be.
    /// </summary>
    public sealed class ValidCorpusTests
    {
        private const string Folder = "ValidCorpus";
        private const string ActionsFile = "CorpusActions.cs.txt";
        private const string ReadmeFile = "README.md";
        private const string CSharpSuffix = ".cs.txt";
        private const string JsonSuffix = ".flow.json";
        private const string RootNamespace = "TestFlows";

        private static string Directory => Path.Combine(ProjectPaths.ProjectDirectory, Folder);

        /// <summary>Every flow file of the corpus, by file name, in ordinal order.</summary>
        private static IReadOnlyList<string> FlowFiles
            => System.IO.Directory.GetFiles(Directory)
                .Select(Path.GetFileName)
                .Select(name => name!)
                .Where(IsFlowFile)
                .OrderBy(name => name, StringComparer.Ordinal)
                .ToList();

        public static TheoryData<string> Flows()
        {
            var data = new TheoryData<string>();
            foreach (var file in FlowFiles)
            {
                data.Add(file);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(Flows))]
        public Task Flow_gets_no_diagnostic_and_its_generated_code_compiles(string file) => AssertValidAsync(new[] { file });

        [Fact]
        public Task The_whole_corpus_in_one_compilation_gets_no_diagnostic_and_compiles()
            => AssertValidAsync(FlowFiles);

        [Fact]
        public void The_corpus_holds_at_least_40_flows_and_20_per_front_end()
        {
            var guarded = FlowFiles;
            var csharp = guarded.Count(f => f.EndsWith(CSharpSuffix, StringComparison.Ordinal));
            var json = guarded.Count(f => f.EndsWith(JsonSuffix, StringComparison.Ordinal));

            Assert.True(csharp >= 20, $"{csharp} C# flows; the corpus needs at least 20.");
            Assert.True(json >= 20, $"{json} JSON flows; the corpus needs at least 20.");
            Assert.True(csharp + json >= 40, $"{csharp + json} flows; the corpus needs at least 40.");
        }

        [Fact]
        public void Every_file_in_the_folder_is_part_of_the_corpus()
        {
            var unexpected = System.IO.Directory.GetFileSystemEntries(Directory, "*", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(Directory, path).Replace('\\', '/'))
                .Where(name => name is not (ActionsFile or ReadmeFile) && !IsFlowFile(name))
                .OrderBy(name => name, StringComparer.Ordinal)
                .ToList();

            Assert.True(
                unexpected.Count == 0,
                "These entries of ValidCorpus/ would be silently skipped; name flows *.cs.txt or *.flow.json (no subfolders):\n  "
                + string.Join("\n  ", unexpected));
        }

        [Fact]
        public void The_readme_describes_every_flow()
        {
            var readme = File.ReadAllText(Path.Combine(Directory, ReadmeFile));
            var missing = FlowFiles.Where(f => readme.IndexOf("`" + f + "`", StringComparison.Ordinal) < 0).ToList();

            Assert.True(missing.Count == 0, "ValidCorpus/README.md has no line for:\n  " + string.Join("\n  ", missing));
        }

        private static bool IsFlowFile(string name)
            => !name.Contains('/', StringComparison.Ordinal)
               && name != ActionsFile
               && (name.EndsWith(CSharpSuffix, StringComparison.Ordinal) || name.EndsWith(JsonSuffix, StringComparison.Ordinal));

        private static async Task AssertValidAsync(IReadOnlyList<string> files)
        {
            var (run, diagnostics) = await CompileAsync(files);

            var output = run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            Assert.True(output.Count == 0, "The corpus with its generated code does not compile cleanly (errors or warnings):\n" + Lines(output));
            Assert.True(diagnostics.IsEmpty, $"The analyzer reported {diagnostics.Length} diagnostic(s) on valid flows:\n" + Lines(diagnostics));
        }

        /// <summary>
        /// Compiles the corpus files with the shared actions as a build would: the generator with the JSON files as
        /// additional files, then the analyzer over the result. Asserts what must hold even for a known false positive.
        /// </summary>
        private static async Task<(GeneratorRun Run, ImmutableArray<Diagnostic> Diagnostics)> CompileAsync(IReadOnlyList<string> files)
        {
            var trees = new List<SyntaxTree> { Parse(ActionsFile) };
            trees.AddRange(files.Where(f => f.EndsWith(CSharpSuffix, StringComparison.Ordinal)).Select(Parse));
            var flowFiles = files
                .Where(f => f.EndsWith(JsonSuffix, StringComparison.Ordinal))
                .Select(f => (AdditionalText)new InMemoryText($"{Folder}/{f}", File.ReadAllText(Path.Combine(Directory, f))))
                .ToImmutableArray();
            var compilation = CSharpCompilation.Create("ValidCorpus", trees, TestCompilation.References, TestCompilation.Options);

            var inputErrors = TestCompilation.Errors(compilation).ToList();
            Assert.True(inputErrors.Count == 0, "The corpus sources do not compile before generation:\n" + Lines(inputErrors));

            var run = GeneratorRun.Start(compilation, flowFiles, RootNamespace);
            Assert.Null(run.Generator.Exception);
            Assert.True(run.Diagnostics.IsEmpty, "The generator reported:\n" + Lines(run.Diagnostics));

            // One generated file per flow: a C# file without a [Flow] class, or a JSON file the generator ignores, fails here.
            Assert.True(
                run.Generator.GeneratedSources.Length == files.Count,
                $"{files.Count} flow file(s) but {run.Generator.GeneratedSources.Length} generated file(s): "
                + string.Join(", ", run.Generator.GeneratedSources.Select(s => s.HintName)));

            return (run, await FlowAnalysis.AnalyzeAsync(run.Output, flowFiles));
        }

        private static SyntaxTree Parse(string file)
            => TestCompilation.Parse(File.ReadAllText(Path.Combine(Directory, file)), $"{Folder}/{file}");

        private static string Lines(IEnumerable<Diagnostic> diagnostics)
            => string.Join("\n", diagnostics.Select(d => "  " + d));
    }
}
