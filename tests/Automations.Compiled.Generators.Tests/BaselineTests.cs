using System;
using System.IO;
using System.Text;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>
    /// Whole generated files compared line by line with files under Baselines/. Set
    /// AUTOMATIONS_REWRITE_BASELINES=1 to rewrite them from the current output, then review the diff.
    /// </summary>
    public sealed class BaselineTests
    {
        internal const string RewriteVariable = "AUTOMATIONS_REWRITE_BASELINES";

        /// <summary>Stands for the generator's assembly version, so a version bump does not touch the baselines.</summary>
        private const string VersionPlaceholder = "$(ToolVersion)";

        [Fact]
        public void Order_flow_matches_its_baseline()
        {
            var run = GeneratorRun.Start(TestCompilation.Create(FlowSources.Order));

            AssertMatchesBaseline("OrderFlow.g.cs.txt", run.Source("Samples.OrderProcessing.OrderFlow.Flow.g.cs"));
        }

        [Fact]
        public void Server_lifecycle_matches_its_baseline()
        {
            var run = GeneratorRun.Start(TestCompilation.Create(LifecycleSources.Entities, LifecycleSources.Template));

            AssertMatchesBaseline("ServerLifecycle.Lifecycle.g.cs.txt", run.Source("Demo.ServerLifecycle.Lifecycle.g.cs"));
        }

        [Fact]
        public void Baselines_are_never_rewritten_in_CI()
        {
            var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

            Assert.False(
                ci && RewriteRequested,
                $"{RewriteVariable} is set in CI: baselines would be rewritten instead of checked.");
        }

        private static bool RewriteRequested => Environment.GetEnvironmentVariable(RewriteVariable) == "1";

        private static void AssertMatchesBaseline(string name, string generated)
        {
            var actual = Normalize(generated);
            var path = ProjectPaths.Baseline(name);
            if (RewriteRequested)
            {
                File.WriteAllText(path, actual, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                return;
            }

            Assert.True(File.Exists(path), $"Baseline {path} is missing; run the tests with {RewriteVariable}=1 to create it.");
            var expectedLines = SplitLines(File.ReadAllText(path));
            var actualLines = SplitLines(actual);
            for (var i = 0; i < Math.Min(expectedLines.Length, actualLines.Length); i++)
            {
                if (!string.Equals(expectedLines[i], actualLines[i], StringComparison.Ordinal))
                {
                    Assert.Fail($"{name} differs at line {i + 1}:\n  expected: {expectedLines[i]}\n  actual:   {actualLines[i]}\n"
                        + $"If the change is intended, run the tests with {RewriteVariable}=1 and review the diff.");
                }
            }

            Assert.True(
                expectedLines.Length == actualLines.Length,
                $"{name} has {expectedLines.Length} lines but the generator produced {actualLines.Length}; run with {RewriteVariable}=1 if intended.");
        }

        private static string Normalize(string generated)
            => generated.Replace(
                $"GeneratedCode(\"{FlowGenerator.ToolName}\", \"{FlowGenerator.ToolVersion}\")",
                $"GeneratedCode(\"{FlowGenerator.ToolName}\", \"{VersionPlaceholder}\")",
                StringComparison.Ordinal);

        private static string[] SplitLines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
    }
}
