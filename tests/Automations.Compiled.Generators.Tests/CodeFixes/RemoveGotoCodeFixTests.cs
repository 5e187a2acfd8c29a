extern alias CodeFixes;

using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using CodeFixes::Automations.Compiled.CodeFixes;
using Xunit;

namespace Automations.Compiled.Generators.Tests.CodeFixes
{
    /// <summary>AUTO2002 in C#: the [Goto] on a slot that already has a successor is removed, and nothing else.</summary>
    public sealed class RemoveGotoCodeFixTests
    {
        /// <summary>A flow whose first step has ATTRIBUTES; the standalone step stays reached through the last step's goto.</summary>
        private const string Flow = """
            using Automations.Compiled;

            namespace Tests.Fix
            {
                [Flow("occupied")]
                public partial class Occupied
                {
                    /// <summary>The first step.</summary>
            ATTRIBUTES
                    private static void Work()
                    {
                    }

                    [Action(1, Parent = nameof(Work), On = Endpoints.Error)]
                    private static void Recover()
                    {
                    }

                    [Action(2)]
                    [Goto(nameof(Notify))]
                    private static void Last()
                    {
                    }

                    [Action(1, Standalone = "notify")]
                    private static void Notify()
                    {
                    }
                }
            }
            """;

        [Theory]
        [InlineData("        [Action(1)]\n        [Goto({|AUTO2002:nameof(Notify)|})]", "        [Action(1)]")]
        [InlineData("        [Goto({|AUTO2002:nameof(Notify)|})]\n        [Action(1)]", "        [Action(1)]")]
        [InlineData("        [Action(1)] [Goto({|AUTO2002:nameof(Notify)|})]", "        [Action(1)]")]
        [InlineData("        [Goto({|AUTO2002:nameof(Notify)|})] [Action(1)]", "        [Action(1)]")]
        [InlineData("        [Action(1), Goto({|AUTO2002:nameof(Notify)|})]", "        [Action(1)]")]
        [InlineData("        [Goto({|AUTO2002:nameof(Notify)|}), Action(1)]", "        [Action(1)]")]
        [InlineData("        [Action(1), Goto({|AUTO2002:\"notify\"|}), Retry(2)]", "        [Action(1), Retry(2)]")]
        public Task A_goto_on_the_next_slot_of_a_step_with_a_following_sibling_is_removed(string before, string after)
            => AssertFixed(Flow.Replace("ATTRIBUTES", before), Flow.Replace("ATTRIBUTES", after));

        [Fact]
        public Task A_goto_on_an_endpoint_that_has_nested_steps_is_removed()
            => AssertFixed(
                Flow.Replace("ATTRIBUTES", "        [Action(1)]\n        [Goto(Endpoints.Error, {|AUTO2002:nameof(Notify)|})]"),
                Flow.Replace("ATTRIBUTES", "        [Action(1)]"));

        [Fact]
        public Task Fix_all_removes_every_goto_from_an_occupied_slot()
            => AssertFixed(
                Flow.Replace("ATTRIBUTES", "        [Action(1)]\n        [Goto({|AUTO2002:nameof(Notify)|})]\n        [Goto(Endpoints.Error, {|AUTO2002:nameof(Notify)|})]"),
                Flow.Replace("ATTRIBUTES", "        [Action(1)]"));

        private static Task AssertFixed(string source, string expected) => new FlowCodeFixTest<RemoveGotoCodeFix>
        {
            TestCode = source,
            FixedCode = expected,
            ExpectedTitle = "Remove the goto",
        }.RunAsync();
    }
}
