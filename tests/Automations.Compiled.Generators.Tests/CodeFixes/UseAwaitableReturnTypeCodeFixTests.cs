extern alias CodeFixes;

using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using CodeFixes::Automations.Compiled.CodeFixes;
using Xunit;

namespace Automations.Compiled.Generators.Tests.CodeFixes
{
    /// <summary>
    /// AUTO0007 on async step methods: <c>async void</c> on a step without a value becomes <c>async ValueTask</c>; an
    /// awaitable without the value a step must produce gets it (<c>Task</c> → <c>Task&lt;bool&gt;</c>). Other wrong
    /// shapes get the diagnostic without a fix. A method that returns a value it has no type for does not compile
    /// before the fix ({|CS1997:...|}), and does after it.
    /// </summary>
    public sealed class UseAwaitableReturnTypeCodeFixTests
    {
        private const string Flow = """
            using System.Threading.Tasks;
            using Automations.Compiled;

            namespace Tests.Fix
            {
                [Flow("async-shapes")]
                [Variable("total", typeof(decimal))]
                public partial class AsyncShapes
                {
            STEP
                }
            }
            """;

        [Fact]
        public Task Async_void_on_an_action_is_reported_at_its_return_type_and_says_what_to_write() => new FlowAnalyzerTest
        {
            TestCode = Flow.Replace("STEP", """
                        [Action(1)]
                        private static async {|#0:void|} Work() => await Task.Yield();
                """),
            ExpectedDiagnostics =
            {
                FlowTestProject.Diagnostic("AUTO0007").WithLocation(0)
                    .WithMessage("Step 'work': 'async void' cannot be awaited by the run, and its exceptions would escape the run; return 'async ValueTask' (or 'async Task')"),
            },
        }.RunAsync();

        [Fact]
        public Task Async_void_action_becomes_async_ValueTask() => AssertFixed(
            """
                    [Action(1)]
                    private static async {|AUTO0007:void|} Work() => await Task.Yield();
            """,
            "Return 'ValueTask'",
            """
                    [Action(1)]
                    private static async ValueTask Work() => await Task.Yield();
            """);

        [Fact]
        public Task Async_void_compensation_becomes_async_ValueTask() => AssertFixed(
            """
                    [Action(1)]
                    private static void Work()
                    {
                    }

                    [Compensate(nameof(Work))]
                    private static async {|AUTO0007:void|} Undo() => await Task.Yield();
            """,
            "Return 'ValueTask'",
            """
                    [Action(1)]
                    private static void Work()
                    {
                    }

                    [Compensate(nameof(Work))]
                    private static async ValueTask Undo() => await Task.Yield();
            """);

        [Fact]
        public Task Async_Task_condition_becomes_async_Task_of_bool() => AssertFixed(
            """
                    [Condition(1)]
                    private static async {|AUTO0007:Task|} IsPaid()
                    {
                        await Task.Yield();
                        {|CS1997:return|} true;
                    }
            """,
            "Return 'Task<bool>'",
            """
                    [Condition(1)]
                    private static async Task<bool> IsPaid()
                    {
                        await Task.Yield();
                        return true;
                    }
            """);

        [Fact]
        public Task Async_ValueTask_wait_becomes_async_ValueTask_of_WaitSpec() => AssertFixed(
            """
                    [Wait(1)]
                    private static async {|AUTO0007:ValueTask|} Pause()
                    {
                        await Task.Yield();
                        {|CS1997:return|} Wait.For(System.TimeSpan.FromMinutes(5));
                    }
            """,
            "Return 'ValueTask<WaitSpec>'",
            """
                    [Wait(1)]
                    private static async ValueTask<WaitSpec> Pause()
                    {
                        await Task.Yield();
                        return Wait.For(System.TimeSpan.FromMinutes(5));
                    }
            """);

        [Fact]
        public Task Async_void_set_becomes_async_ValueTask_of_the_variable_type() => AssertFixed(
            """
                    [Set(1, "total")]
                    private static async {|AUTO0007:void|} Total()
                    {
                        await Task.Yield();
                        {|CS0127:return|} 12.5m;
                    }
            """,
            "Return 'ValueTask<decimal>'",
            """
                    [Set(1, "total")]
                    private static async ValueTask<decimal> Total()
                    {
                        await Task.Yield();
                        return 12.5m;
                    }
            """);

        [Fact]
        public Task Fix_all_gives_every_async_step_of_the_file_its_awaitable() => AssertFixed(
            """
                    [Action(1)]
                    private static async {|AUTO0007:void|} Work() => await Task.Yield();

                    [Compensate(nameof(Work))]
                    private static async {|AUTO0007:void|} Undo() => await Task.Yield();
            """,
            "Return 'ValueTask'",
            """
                    [Action(1)]
                    private static async ValueTask Work() => await Task.Yield();

                    [Compensate(nameof(Work))]
                    private static async ValueTask Undo() => await Task.Yield();
            """);

        [Fact]
        public Task The_using_for_ValueTask_is_added_when_the_file_has_none() => new FlowCodeFixTest<UseAwaitableReturnTypeCodeFix>
        {
            TestCode = """
                using Automations.Compiled;

                namespace Tests.Fix
                {
                    [Flow("no-using")]
                    public partial class NoUsing
                    {
                        [Action(1)]
                        private static async {|AUTO0007:void|} Work() => await System.Threading.Tasks.Task.Yield();
                    }
                }
                """,
            FixedCode = """
                using System.Threading.Tasks;
                using Automations.Compiled;

                namespace Tests.Fix
                {
                    [Flow("no-using")]
                    public partial class NoUsing
                    {
                        [Action(1)]
                        private static async ValueTask Work() => await System.Threading.Tasks.Task.Yield();
                    }
                }
                """,
            ExpectedTitle = "Return 'ValueTask'",
        }.RunAsync();

        [Theory]
        [InlineData("[Condition(1)]\n        private static int {|AUTO0007:Check|}() => 1;")]
        [InlineData("[Condition(1)]\n        private static Task {|AUTO0007:Check|}() => Task.CompletedTask;")]
        [InlineData("[ForEach(1)]\n        private static async Task {|AUTO0007:Items|}() => await Task.Yield();")]
        public Task Shapes_without_an_obvious_return_type_get_no_fix(string step)
        {
            var source = Flow.Replace("STEP", "        " + step);

            return new FlowCodeFixTest<UseAwaitableReturnTypeCodeFix> { TestCode = source, FixedCode = source }
                .Also((diagnostic, verifier) => verifier.False(diagnostic.Properties.ContainsKey("Fix"), "the diagnostic carries no return type"))
                .RunAsync();
        }

        private static Task AssertFixed(string step, string title, string expected) => new FlowCodeFixTest<UseAwaitableReturnTypeCodeFix>
        {
            TestCode = Flow.Replace("STEP", step),
            FixedCode = Flow.Replace("STEP", expected),
            ExpectedTitle = title,
        }.RunAsync();
    }
}
