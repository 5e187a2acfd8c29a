extern alias CodeFixes;

using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using CodeFixes::Automations.Compiled.CodeFixes;
using Xunit;

namespace Automations.Compiled.Generators.Tests.CodeFixes
{
    /// <summary>
    /// AUTO2001 and AUTO2005 in C#: a misspelt goto or run target becomes the closest step, as a string or a nameof;
    /// AUTO6003: a lifecycle action's misspelt state becomes the closest declared state.
    /// </summary>
    public sealed class UseClosestNameCodeFixTests
    {
        private const string Before = """
            using Automations.Compiled;

            namespace Tests.Fix
            {
                [Flow("closest")]
                public partial class Closest
                {
                    [Action(1)]
                    [Goto(TARGET)]
                    private static void Work()
                    {
                    }

                    [Action(1, Standalone = "cleanup")]
                    private static void CleanUp()
                    {
                    }

                    private static void Cleanup()
                    {
                    }
                }
            }
            """;

        [Fact]
        public Task A_misspelt_goto_id_becomes_the_closest_id() => AssertFixed(
            "AUTO2001", Before.Replace("TARGET", "\"clean-pu\""), "Use 'clean-up'", Before.Replace("TARGET", "\"clean-up\""));

        [Fact]
        public Task A_nameof_of_a_method_that_is_not_a_step_becomes_the_nameof_of_the_closest_step() => AssertFixed(
            "AUTO2001", Before.Replace("TARGET", "nameof(Cleanup)"), "Use 'clean-up'", Before.Replace("TARGET", "nameof(CleanUp)"));

        [Fact]
        public Task A_misspelt_run_target_becomes_the_closest_id() => AssertFixed(
            "AUTO2005",
            """
            using Automations.Compiled;

            namespace Tests.Fix
            {
                [Flow("closest-run")]
                public partial class ClosestRun
                {
                    [Run(1, "notfy")]
                    partial void CallNotify();

                    [Action(1, Standalone = "notify")]
                    private static void Notify()
                    {
                    }
                }
            }
            """,
            "Use 'notify'",
            """
            using Automations.Compiled;

            namespace Tests.Fix
            {
                [Flow("closest-run")]
                public partial class ClosestRun
                {
                    [Run(1, "notify")]
                    partial void CallNotify();

                    [Action(1, Standalone = "notify")]
                    private static void Notify()
                    {
                    }
                }
            }
            """);

        [Theory]
        [InlineData("To = \"Runing\"", "Use 'Running'", "To = \"Running\"")]
        [InlineData("From = \"stopped\"", "Use 'Stopped'", "From = \"Stopped\"")]
        [InlineData("Error = \"Eror\"", "Use 'Error'", "Error = \"Error\"")]
        public async Task A_misspelt_lifecycle_state_becomes_the_closest_declared_state(string written, string title, string fixedText)
        {
            var template = LifecycleSources.Template.Replace(
                "[LifecycleAction(\"Start\", From = \"Stopped\", Transit = \"Starting\", To = \"Running\", Error = \"Error\",",
                "[LifecycleAction(\"Start\", From = \"Stopped\", Transit = \"Starting\", To = \"Running\", Error = \"Error\",".Replace(fixedText, written, System.StringComparison.Ordinal),
                System.StringComparison.Ordinal);
            Assert.Contains(written, template, System.StringComparison.Ordinal);
            using var harness = CodeFixHarness.Create(LifecycleSources.Entities, template);

            var result = await harness.FixAsync(new UseClosestNameCodeFix(), "AUTO6003", title);

            Assert.Equal(LifecycleSources.Template, await result.TextAsync("Source1.cs"));
            await result.AssertClean("AUTO6003");
        }

        [Fact]
        public async Task No_fix_is_offered_for_a_state_nothing_is_close_to()
        {
            var template = LifecycleSources.Template.Replace("To = \"Archived\"", "To = \"Gone\"", System.StringComparison.Ordinal);
            using var harness = CodeFixHarness.Create(LifecycleSources.Entities, template);
            var diagnostic = Assert.Single((await CodeFixHarness.AnalyzeAsync(harness.Project)), d => d.Id == "AUTO6003");

            Assert.False(diagnostic.Properties.ContainsKey("Fix"));
            Assert.Empty(await harness.ActionsAsync(new UseClosestNameCodeFix(), diagnostic));
        }

        [Fact]
        public async Task No_fix_is_offered_when_no_step_is_close()
        {
            using var harness = CodeFixHarness.Create(Before.Replace("TARGET", "\"archive\""));
            var diagnostic = await harness.DiagnosticAsync("AUTO2001");

            Assert.Empty(await harness.ActionsAsync(new UseClosestNameCodeFix(), diagnostic));
        }

        private static async Task AssertFixed(string id, string source, string title, string expected)
        {
            using var harness = CodeFixHarness.Create(source);

            var result = await harness.FixAsync(new UseClosestNameCodeFix(), id, title);

            Assert.Equal(expected, await result.TextAsync("Source0.cs"));
            await result.AssertClean(id);
        }
    }
}
