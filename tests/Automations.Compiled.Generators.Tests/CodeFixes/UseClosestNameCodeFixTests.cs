extern alias CodeFixes;

using System;
using System.Linq;
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
                    private static void CLEANUP()
                    {
                    }

                    private static void Cleanup()
                    {
                    }
                }
            }
            """;

        /// <summary>While no goto reaches it, the standalone step is reported too (a warning the fix makes go away).</summary>
        private static readonly string Unreached = Before.Replace("CLEANUP", "{|AUTO2008:CleanUp|}");

        private static readonly string Reached = Before.Replace("CLEANUP", "CleanUp");

        [Fact]
        public Task A_misspelt_goto_id_becomes_the_closest_id() => AssertFixed(
            Unreached.Replace("TARGET", "{|AUTO2001:\"clean-pu\"|}"), "Use 'clean-up'", Reached.Replace("TARGET", "\"clean-up\""));

        [Fact]
        public Task A_nameof_of_a_method_that_is_not_a_step_becomes_the_nameof_of_the_closest_step() => AssertFixed(
            Unreached.Replace("TARGET", "{|AUTO2001:nameof(Cleanup)|}"), "Use 'clean-up'", Reached.Replace("TARGET", "nameof(CleanUp)"));

        /// <summary>A flow whose STEPS reach standalone step <c>notify</c>; while none does, NOTIFY is reported (AUTO2008).</summary>
        private const string ToNotify = """
            using Automations.Compiled;

            namespace Tests.Fix
            {
                [Flow("to-notify")]
                public partial class ToNotify
                {
            STEPS

                    [Action(1, Standalone = "notify")]
                    private static void NOTIFY()
                    {
                    }
                }
            }
            """;

        [Fact]
        public Task A_misspelt_run_target_becomes_the_closest_id() => AssertFixed(
            ToNotify.Replace("STEPS", "        [Run(1, {|AUTO2005:\"notfy\"|})]\n        partial void CallNotify();").Replace("NOTIFY", "{|AUTO2008:Notify|}"),
            "Use 'notify'",
            ToNotify.Replace("STEPS", "        [Run(1, \"notify\")]\n        partial void CallNotify();").Replace("NOTIFY", "Notify"));

        [Fact]
        public Task Fix_all_corrects_every_misspelt_target_of_the_file()
        {
            const string steps = """
                        [Action(1)]
                        [Goto(Endpoints.Error, GOTO)]
                        private static void Work()
                        {
                        }

                        [Run(2, RUN)]
                        partial void CallNotify();
                """;

            return AssertFixed(
                ToNotify.Replace("STEPS", steps.Replace("GOTO", "{|AUTO2001:\"notfy\"|}").Replace("RUN", "{|AUTO2005:\"notiffy\"|}")).Replace("NOTIFY", "{|AUTO2008:Notify|}"),
                "Use 'notify'",
                ToNotify.Replace("STEPS", steps.Replace("GOTO", "\"notify\"").Replace("RUN", "\"notify\"")).Replace("NOTIFY", "Notify"));
        }

        [Theory]
        [InlineData("To", "Runing", "Running", new string[0])]
        [InlineData("From", "stopped", "Stopped", new[] { "Starting", "Running", "Stopping", "Error" })]
        [InlineData("Error", "Eror", "Error", new string[0])]
        public Task A_misspelt_lifecycle_state_becomes_the_closest_declared_state(string property, string written, string state, string[] unreachable)
        {
            // Without 'Start' from Stopped, the states it leads to are unreachable (a warning the fix makes go away).
            var template = unreachable.Aggregate(LifecycleSources.Template, (text, name) => text.Replace($"[LifecycleState(\"{name}\")]", $"[LifecycleState({{|AUTO6006:\"{name}\"|}})]", StringComparison.Ordinal));
            template = template.Replace(
                "[LifecycleAction(\"Start\", From = \"Stopped\", Transit = \"Starting\", To = \"Running\", Error = \"Error\",",
                "[LifecycleAction(\"Start\", From = \"Stopped\", Transit = \"Starting\", To = \"Running\", Error = \"Error\","
                    .Replace($"{property} = \"{state}\"", $"{property} = {{|AUTO6003:\"{written}\"|}}", StringComparison.Ordinal),
                StringComparison.Ordinal);
            Assert.Contains(written, template, StringComparison.Ordinal);

            return new FlowCodeFixTest<UseClosestNameCodeFix>
            {
                TestState = { Sources = { LifecycleSources.Entities, template } },
                FixedState = { Sources = { LifecycleSources.Entities, LifecycleSources.Template } },
                ExpectedTitle = $"Use '{state}'",
            }.RunAsync();
        }

        [Fact]
        public Task No_fix_is_offered_for_a_state_nothing_is_close_to()
        {
            // Nothing leads to Archived any more: it is reported as unreachable too.
            var template = LifecycleSources.Template
                .Replace("To = \"Archived\"", "To = {|AUTO6003:\"Gone\"|}", StringComparison.Ordinal)
                .Replace("[LifecycleState(\"Archived\", Final = true)]", "[LifecycleState({|AUTO6006:\"Archived\"|}, Final = true)]", StringComparison.Ordinal);

            return new FlowCodeFixTest<UseClosestNameCodeFix>
            {
                TestState = { Sources = { LifecycleSources.Entities, template } },
                FixedState = { Sources = { LifecycleSources.Entities, template } },
            }.Also((diagnostic, verifier) => verifier.False(diagnostic.Properties.ContainsKey("Fix"), "the diagnostic carries no closest name")).RunAsync();
        }

        [Fact]
        public Task No_fix_is_offered_when_no_step_is_close()
        {
            var source = Unreached.Replace("TARGET", "{|AUTO2001:\"archive\"|}");

            return new FlowCodeFixTest<UseClosestNameCodeFix> { TestCode = source, FixedCode = source }.RunAsync();
        }

        private static Task AssertFixed(string source, string title, string expected) => new FlowCodeFixTest<UseClosestNameCodeFix>
        {
            TestCode = source,
            FixedCode = expected,
            ExpectedTitle = title,
        }.RunAsync();
    }
}
