extern alias CodeFixes;

using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using CodeFixes::Automations.Compiled.CodeFixes;
using Xunit;

namespace Automations.Compiled.Generators.Tests.CodeFixes
{
    /// <summary>AUTO0001: the flow class (and every class it is nested in) becomes partial, and the diagnostic goes away.</summary>
    public sealed class MakeFlowPartialCodeFixTests
    {
        [Fact]
        public Task Adds_partial_to_the_flow_class() => AssertFixed(
            """
            using Automations.Compiled;

            namespace Tests.Fix
            {
                [Flow("fix")]
                public sealed class {|AUTO0001:FixMe|}
                {
                    [Action(1)]
                    private static void Work()
                    {
                    }
                }
            }
            """,
            """
            using Automations.Compiled;

            namespace Tests.Fix
            {
                [Flow("fix")]
                public sealed partial class FixMe
                {
                    [Action(1)]
                    private static void Work()
                    {
                    }
                }
            }
            """);

        [Fact]
        public Task Adds_partial_to_the_containing_classes_too() => AssertFixed(
            """
            using Automations.Compiled;

            namespace Tests.Fix
            {
                internal static class Outer
                {
                    [Flow("nested-fix")]
                    class {|AUTO0001:Inner|}
                    {
                        [Action(1)]
                        private static void Work()
                        {
                        }
                    }
                }
            }
            """,
            """
            using Automations.Compiled;

            namespace Tests.Fix
            {
                internal static partial class Outer
                {
                    [Flow("nested-fix")]
                    partial class Inner
                    {
                        [Action(1)]
                        private static void Work()
                        {
                        }
                    }
                }
            }
            """);

        [Fact]
        public Task Fix_all_makes_every_flow_class_of_the_file_partial() => AssertFixed(
            """
            using Automations.Compiled;

            namespace Tests.Fix
            {
                [Flow("first")]
                public class {|AUTO0001:First|}
                {
                    [Action(1)]
                    private static void Work()
                    {
                    }
                }

                [Flow("second")]
                internal sealed class {|AUTO0001:Second|}
                {
                    [Action(1)]
                    private static void Work()
                    {
                    }
                }
            }
            """,
            """
            using Automations.Compiled;

            namespace Tests.Fix
            {
                [Flow("first")]
                public partial class First
                {
                    [Action(1)]
                    private static void Work()
                    {
                    }
                }

                [Flow("second")]
                internal sealed partial class Second
                {
                    [Action(1)]
                    private static void Work()
                    {
                    }
                }
            }
            """);

        private static Task AssertFixed(string source, string expected) => new FlowCodeFixTest<MakeFlowPartialCodeFix>
        {
            TestCode = source,
            FixedCode = expected,
            ExpectedTitle = "Make the flow class partial",
        }.RunAsync();
    }
}
