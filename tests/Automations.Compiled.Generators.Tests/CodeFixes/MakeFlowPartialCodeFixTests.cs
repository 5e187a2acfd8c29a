extern alias CodeFixes;

using System;
using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using CodeFixes::Automations.Compiled.CodeFixes;
using Xunit;

namespace Automations.Compiled.Generators.Tests.CodeFixes
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
            using var harness = CodeFixHarness.Create(source);

            var result = await harness.FixAsync(new MakeFlowPartialCodeFix(), "AUTO0001", "Make the flow class partial");

            var text = await result.TextAsync("Source0.cs");
            foreach (var fragment in expectedFragments)
            {
                Assert.Contains(fragment, text, StringComparison.Ordinal);
            }

            await result.AssertClean("AUTO0001");
        }
    }
}
