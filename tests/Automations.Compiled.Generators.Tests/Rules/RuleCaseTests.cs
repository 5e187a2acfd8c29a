extern alias Analyzers;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Catalog = Analyzers::Automations.Compiled.Validation.DiagnosticCatalog;

namespace Automations.Compiled.Generators.Tests.Rules
{
    /// <summary>
    /// One case per rule, as files under <c>Rules/Cases</c> (see its README): a minimal bad flow where the rule fires once
    /// at the marked span, the corrected flow where nothing is reported and the generated code compiles, and the bad
    /// flow again in a project that does not reference us, where nothing is reported.
    /// </summary>
    public sealed class RuleCaseTests
    {
        /// <summary>Rules no flow text can trigger, and why.</summary>
        private static readonly Dictionary<string, string> Untestable = new(StringComparer.Ordinal)
        {
            ["AUTO9002"] = "reported only when the C# front end itself throws, which would be a bug; GeneratorRobustnessTests covers the path",
        };

        public static TheoryData<string> Cases()
        {
            var data = new TheoryData<string>();
            foreach (var name in RuleCase.Names())
            {
                data.Add(name);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public Task The_rule_fires_once_at_the_marked_span(string name)
        {
            // Exactly this diagnostic and no other: its path, line and column (as MSBuild prints them), its message;
            // for a flow file, FlowTestProject also checks that its character span is those same characters.
            var rule = RuleCase.Load(name);

            return rule.Test(rule.Marked, withRuntime: true, runGenerator: false, compilerErrors: false,
                FlowTestProject.Diagnostic(rule.Id).WithLocation(0).WithMessage(rule.Message));
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void The_generator_does_not_report_the_rule(string name)
        {
            // Analyzers own the rules: were the generator to report them too, every error would print twice.
            var rule = RuleCase.Load(name);

            var run = rule.Generate(rule.Bad);

            Assert.Null(run.Generator.Exception);
            Assert.DoesNotContain(run.Diagnostics, d => d.Id.StartsWith("AUTO", StringComparison.Ordinal) || d.Id == "CS8785");
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public Task The_corrected_flow_is_silent_and_compiles(string name)
        {
            // With the generator, as in a build: no diagnostic of ours or the generator's, no compiler error anywhere.
            var rule = RuleCase.Load(name);

            return rule.Test(rule.Corrected, withRuntime: true, runGenerator: true, compilerErrors: true);
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public Task A_project_that_does_not_reference_us_gets_nothing(string name)
        {
            var rule = RuleCase.Load(name);

            return rule.Test(rule.Bad, withRuntime: false, runGenerator: false, compilerErrors: false);
        }

        [Fact]
        public void Every_rule_has_a_case()
        {
            var covered = RuleCase.Names().Select(n => RuleCase.Load(n).Id).ToHashSet(StringComparer.Ordinal);

            var missing = Catalog.All.Select(r => r.Id).Where(id => !covered.Contains(id) && !Untestable.ContainsKey(id)).OrderBy(id => id, StringComparer.Ordinal).ToList();

            Assert.True(missing.Count == 0, "Rules without a case under Rules/Cases: " + string.Join(", ", missing));
            Assert.All(Untestable.Keys, id => Assert.DoesNotContain(id, covered));
        }
    }

    /// <summary>
    /// A case file: <c>// rule: AUTO2007</c>, <c>// message: the message</c>, the bad flow with the span the rule is
    /// reported at marked <c>{|#0:...|}</c>, a line <c>// ---- corrected ----</c>, and the corrected flow. C# cases are <c>*.cs</c>; JSON
    /// cases are <c>*.flow.json</c> and bind to the actions in <c>_Actions.cs</c>. Lifecycle templates (6xxx cases and
    /// <c>*.lifecycle.json</c> files) also get the entity and flows of <c>_Lifecycles.cs</c>.
    /// </summary>
    internal sealed class RuleCase
    {
        private const string Divider = "// ---- corrected ----";

        private static readonly string Directory = System.IO.Path.Combine(ProjectPaths.ProjectDirectory, "Rules", "Cases");

        private RuleCase(string name, string id, string message, string marked, string corrected)
        {
            Name = name;
            Id = id;
            Message = message;
            Marked = marked;
            TestFileMarkupParser.GetSpans(marked, treatPositionIndicatorsAsCode: true, out var bad, out ImmutableDictionary<string, ImmutableArray<Microsoft.CodeAnalysis.Text.TextSpan>> spans);
            Assert.True(spans.Count == 1 && spans.ContainsKey("#0") && spans["#0"].Length == 1, $"{name}: mark the span of the diagnostic once, as {{|#0:...|}}");
            Bad = bad;
            Corrected = corrected;
        }

        public string Name { get; }

        public string Id { get; }

        public string Message { get; }

        /// <summary>The bad flow with its markup.</summary>
        public string Marked { get; }

        /// <summary>The bad flow as a user wrote it.</summary>
        public string Bad { get; }

        public string Corrected { get; }

        public bool IsLifecycleFile => Name.EndsWith(".lifecycle.json", StringComparison.Ordinal);

        public bool IsJson => Name.EndsWith(".flow.json", StringComparison.Ordinal) || IsLifecycleFile || IsPolicyFile;

        /// <summary>A case whose file is an action policy (<c>flow-policy.json</c>), compiled under that name.</summary>
        public bool IsPolicyFile => Name.EndsWith(".flow-policy.json", StringComparison.Ordinal);

        /// <summary>The action policy a JSON flow case is compiled under (a <c>// policy:</c> line), given as <c>flows/flow-policy.json</c>; null for none.</summary>
        public string? Policy { get; private init; }

        /// <summary>A lifecycle template: a <c>*.lifecycle.json</c> file or a case of the 6xxx band.</summary>
        public bool IsLifecycle => IsLifecycleFile || Id.StartsWith("AUTO60", StringComparison.Ordinal);

        /// <summary>The path the case's flow is compiled under, as a build would pass it.</summary>
        public string Path => IsLifecycleFile ? "lifecycles/" + Name : IsPolicyFile ? "flows/flow-policy.json" : IsJson ? "flows/" + Name : Name;

        public static IEnumerable<string> Names()
            => System.IO.Directory.EnumerateFiles(Directory)
                .Select(System.IO.Path.GetFileName)
                .Where(n => n!.EndsWith(".cs", StringComparison.Ordinal) || n.EndsWith(".flow.json", StringComparison.Ordinal) || n.EndsWith(".lifecycle.json", StringComparison.Ordinal) || n.EndsWith(".flow-policy.json", StringComparison.Ordinal))
                .Where(n => !n!.StartsWith("_", StringComparison.Ordinal))
                .OrderBy(n => n, StringComparer.Ordinal)!;

        public static RuleCase Load(string name)
        {
            var text = File.ReadAllText(System.IO.Path.Combine(Directory, name)).Replace("\r\n", "\n");
            var divider = text.IndexOf(Divider, StringComparison.Ordinal);
            Assert.True(divider > 0, $"{name}: no '{Divider}' line");
            var bad = text.Substring(0, divider);
            var corrected = text.Substring(divider + Divider.Length).TrimStart('\n');
            var policy = bad.Split('\n').FirstOrDefault(l => l.StartsWith("// policy: ", StringComparison.Ordinal))?.Substring("// policy: ".Length);
            return new RuleCase(name, Header(bad, "rule", name), Header(bad, "message", name), bad, corrected) { Policy = policy };
        }

        /// <summary>
        /// The analyzer (<see cref="FlowAnalyzerTest"/>) on <paramref name="flow"/> (markup included) with the case's actions and lifecycle
        /// flows: the analyzer reports <paramref name="expected"/> and nothing else; with <paramref name="compilerErrors"/>,
        /// nothing fails to compile either.
        /// </summary>
        public Task Test(string flow, bool withRuntime, bool runGenerator, bool compilerErrors, params DiagnosticResult[] expected)
        {
            var test = new FlowAnalyzerTest(withRuntime)
            {
                RunGenerator = runGenerator,
                CompilerDiagnostics = compilerErrors ? CompilerDiagnostics.Errors : CompilerDiagnostics.None,
            };
            test.TestState.Sources.Add(("_Actions.cs", Read("_Actions.cs")));
            if (IsLifecycle)
            {
                test.TestState.Sources.Add(("_Lifecycles.cs", Read("_Lifecycles.cs")));
            }

            if (IsJson)
            {
                test.TestState.AdditionalFiles.Add((Path, flow));
            }
            else
            {
                test.TestState.Sources.Add((Path, flow));
            }

            if (Policy is not null)
            {
                test.TestState.AdditionalFiles.Add(("flows/flow-policy.json", Policy));
            }

            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }

        public GeneratorRun Generate(string flow)
        {
            var (compilation, files) = Build(flow);
            return GeneratorRun.Start(compilation, files);
        }

        private (Compilation, ImmutableArray<AdditionalText>) Build(string flow)
        {
            var trees = new List<SyntaxTree> { TestCompilation.Parse(Read("_Actions.cs"), "_Actions.cs") };
            if (IsLifecycle)
            {
                trees.Add(TestCompilation.Parse(Read("_Lifecycles.cs"), "_Lifecycles.cs"));
            }

            var files = ImmutableArray<AdditionalText>.Empty;
            if (IsJson)
            {
                files = files.Add(new InMemoryText(Path, flow));
            }
            else
            {
                trees.Add(TestCompilation.Parse(flow, Path));
            }

            if (Policy is not null)
            {
                files = files.Add(new InMemoryText("flows/flow-policy.json", Policy));
            }

            return (Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("RuleCase", trees, TestCompilation.References, TestCompilation.Options), files);
        }

        private static string Read(string file) => File.ReadAllText(System.IO.Path.Combine(Directory, file));

        private static string Header(string text, string key, string name)
        {
            var prefix = $"// {key}: ";
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            Assert.True(line is not null, $"{name}: no '{prefix}' line");
            return line!.Substring(prefix.Length).Trim();
        }
    }
}
