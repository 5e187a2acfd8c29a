using System;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>The generator's output for representative valid flows compiles, and the generator reports nothing.</summary>
    public sealed class GeneratedOutputCompilesTests
    {
        public static TheoryData<string> FlowNames => new() { "order", "branching", "suspending", "lifecycle" };

        [Theory]
        [MemberData(nameof(FlowNames))]
        public void Flow_compiles_without_errors_or_generator_diagnostics(string name)
        {
            var source = SourceOf(name);
            var input = TestCompilation.Create(source);
            var inputErrors = TestCompilation.Errors(input).ToList();
            Assert.True(inputErrors.Count == 0, "The test flow itself does not compile:\n" + string.Join("\n", inputErrors));

            var run = GeneratorRun.Start(input);

            Assert.Empty(run.Diagnostics);
            Assert.Empty(run.Generator.Diagnostics);
            Assert.Null(run.Generator.Exception);
            Assert.Single(run.Generator.GeneratedSources);
            AssertNoErrors(run);
        }

        [Fact]
        public void All_flows_compile_together_in_one_compilation()
        {
            var run = GeneratorRun.Start(TestCompilation.Create(FlowSources.Order, FlowSources.Branching, FlowSources.Suspending, FlowSources.Lifecycle));

            Assert.Empty(run.Diagnostics);
            Assert.Equal(4, run.Generator.GeneratedSources.Length);
            AssertNoErrors(run);
        }

        [Theory]
        [MemberData(nameof(FlowNames))]
        public Task Analyzer_finds_nothing_wrong_with_the_flow(string name)
            // With the generator, as in a build: nothing from the analyzer or the generator, and it all compiles.
            => new FlowAnalyzerTest { RunGenerator = true, TestCode = SourceOf(name) }.RunAsync();

        [Fact]
        public async Task Goto_on_an_endpoint_chosen_inline_compiles()
        {
            await new FlowAnalyzerTest { RunGenerator = true, TestCode = InlineGotos }.RunAsync();

            var run = GeneratorRun.Start(TestCompilation.Create(InlineGotos));
            Assert.Empty(run.Diagnostics);
            AssertNoErrors(run);
        }


        private const string InlineGotos = """
            using Automations.Compiled;

            namespace Tests.InlineGotos
            {
                [Flow("inline-gotos")]
                public partial class InlineGotosFlow
                {
                    [Condition(1)]
                    [Goto(Endpoints.Then, nameof(Finish))]
                    private static bool Check() => true;

                    [ForEach(2)]
                    [Goto(Endpoints.Done, nameof(Finish))]
                    private static int[] Items() => new[] { 1 };

                    [Wait(3)]
                    [Goto(Endpoints.Event, nameof(Finish))]
                    private static WaitSpec Pause() => Wait.ForEvent("go");

                    [Approval(4)]
                    [Goto(Endpoints.Approved, nameof(Finish))]
                    [Goto(Endpoints.Timeout, nameof(Finish))]
                    private static WaitSpec Ask() => Approval.Request(new[] { "manager" });

                    [Action(1, Standalone = "finish")]
                    private static void Finish()
                    {
                    }
                }
            }
            """;

        internal static string SourceOf(string name) => name switch
        {
            "order" => FlowSources.Order,
            "branching" => FlowSources.Branching,
            "suspending" => FlowSources.Suspending,
            "lifecycle" => FlowSources.Lifecycle,
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };

        private static void AssertNoErrors(GeneratorRun run)
        {
            var errors = TestCompilation.Errors(run.Output).ToList();
            Assert.True(errors.Count == 0, "The generated code does not compile:\n" + string.Join("\n", errors));
        }
    }
}
