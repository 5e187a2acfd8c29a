using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>
    /// Whole generated files compared with files under Baselines/ by <see cref="CSharpSourceGeneratorTest{TSourceGenerator, TVerifier}"/>:
    /// the generator produces exactly these files, and the project with them compiles without errors. Set
    /// AUTOMATIONS_REWRITE_BASELINES=1 to rewrite them from the current output, then review the diff.
    /// </summary>
    public sealed class BaselineTests
    {
        internal const string RewriteVariable = "AUTOMATIONS_REWRITE_BASELINES";

        /// <summary>Stands for the generator's assembly version, so a version bump does not touch the baselines.</summary>
        private const string VersionPlaceholder = "$(ToolVersion)";

        [Fact]
        public Task Order_flow_matches_its_baseline()
            => AssertMatchesBaselines(new[] { FlowSources.Order }, ("OrderFlow.g.cs.txt", "Samples.OrderProcessing.OrderFlow.Flow.g.cs"));

        [Fact]
        public Task Server_lifecycle_matches_its_baseline()
            => AssertMatchesBaselines(
                new[] { LifecycleSources.Entities, LifecycleSources.Template },
                ("ServerLifecycle.Lifecycle.g.cs.txt", "Demo.ServerLifecycle.Lifecycle.g.cs"),
                (null, "Demo.ProvisionServer.Flow.g.cs"),
                (null, "Demo.StartServer.Flow.g.cs"),
                (null, "Demo.SendInvoice.Flow.g.cs"));

        [Fact]
        public void Baselines_are_never_rewritten_in_CI()
        {
            var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

            Assert.False(
                ci && RewriteRequested,
                $"{RewriteVariable} is set in CI: baselines would be rewritten instead of checked.");
        }

        private static bool RewriteRequested => Environment.GetEnvironmentVariable(RewriteVariable) == "1";

        /// <summary>
        /// The generator's files for <paramref name="sources"/>, by hint name: those with a baseline must match it; the
        /// others (flows a lifecycle runs, say) must match what the driver produces for them, so the list is complete.
        /// </summary>
        private static async Task AssertMatchesBaselines(string[] sources, params (string? Baseline, string HintName)[] files)
        {
            var run = GeneratorRun.Start(TestCompilation.Create(sources));
            var test = new CSharpSourceGeneratorTest<FlowGenerator, DefaultVerifier>();
            FlowTestProject.Configure(test);
            foreach (var source in sources)
            {
                test.TestState.Sources.Add(source);
            }
            foreach (var (baseline, hintName) in files)
            {
                var expected = baseline is null ? run.Source(hintName) : Baseline(baseline, run.Source(hintName));
                test.TestState.GeneratedSources.Add((typeof(FlowGenerator), hintName, expected));
            }

            try
            {
                await test.RunAsync();
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                throw new Xunit.Sdk.XunitException($"{e.Message}\nIf the change is intended, run the tests with {RewriteVariable}=1 and review the diff.");
            }
        }

        /// <summary>The baseline <paramref name="name"/> as the generator writes it (or, when rewriting, <paramref name="generated"/> written to it).</summary>
        private static string Baseline(string name, string generated)
        {
            var path = ProjectPaths.Baseline(name);
            if (RewriteRequested)
            {
                File.WriteAllText(path, Normalize(generated), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }

            Assert.True(File.Exists(path), $"Baseline {path} is missing; run the tests with {RewriteVariable}=1 to create it.");
            return File.ReadAllText(path).Replace(
                $"GeneratedCode(\"{FlowGenerator.ToolName}\", \"{VersionPlaceholder}\")",
                $"GeneratedCode(\"{FlowGenerator.ToolName}\", \"{FlowGenerator.ToolVersion}\")",
                StringComparison.Ordinal);
        }

        private static string Normalize(string generated)
            => generated.Replace(
                $"GeneratedCode(\"{FlowGenerator.ToolName}\", \"{FlowGenerator.ToolVersion}\")",
                $"GeneratedCode(\"{FlowGenerator.ToolName}\", \"{VersionPlaceholder}\")",
                StringComparison.Ordinal);
    }
}
