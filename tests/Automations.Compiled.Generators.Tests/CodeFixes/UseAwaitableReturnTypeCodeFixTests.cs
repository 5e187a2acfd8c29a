extern alias CodeFixes;

using System.Globalization;
using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using CodeFixes::Automations.Compiled.CodeFixes;
using Xunit;

namespace Automations.Compiled.Generators.Tests.CodeFixes
{
    /// <summary>
    /// AUTO0007 on async step methods: <c>async void</c> on a step without a value becomes <c>async ValueTask</c>; an
    /// awaitable without the value a step must produce gets it (<c>Task</c> → <c>Task&lt;bool&gt;</c>). Other wrong
    /// shapes get the diagnostic without a fix.
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
        public async Task Async_void_on_an_action_is_reported_at_its_return_type_and_says_what_to_write()
        {
            var source = Flow.Replace("STEP", """
                        [Action(1)]
                        private static async void Work() => await Task.Yield();
                """);
            using var harness = CodeFixHarness.Create(source);

            var diagnostic = await harness.DiagnosticAsync("AUTO0007");

            Assert.Equal("void", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
            Assert.Equal(
                "Step 'work': 'async void' cannot be awaited by the run, and its exceptions would escape the run; return 'async ValueTask' (or 'async Task')",
                diagnostic.GetMessage(CultureInfo.InvariantCulture));
        }

        [Fact]
        public Task Async_void_action_becomes_async_ValueTask() => AssertFixed(
            """
                    [Action(1)]
                    private static async void Work() => await Task.Yield();
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
                    private static async void Undo() => await Task.Yield();
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
                    private static async Task IsPaid()
                    {
                        await Task.Yield();
                        return true;
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
                    private static async ValueTask Pause()
                    {
                        await Task.Yield();
                        return Wait.For(System.TimeSpan.FromMinutes(5));
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
                    private static async void Total()
                    {
                        await Task.Yield();
                        return 12.5m;
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
        public async Task The_using_for_ValueTask_is_added_when_the_file_has_none()
        {
            const string source = """
                using Automations.Compiled;

                namespace Tests.Fix
                {
                    [Flow("no-using")]
                    public partial class NoUsing
                    {
                        [Action(1)]
                        private static async void Work() => await System.Threading.Tasks.Task.Yield();
                    }
                }
                """;
            using var harness = CodeFixHarness.Create(source);

            var result = await harness.FixAsync(new UseAwaitableReturnTypeCodeFix(), "AUTO0007", "Return 'ValueTask'");

            Assert.Equal(
                """
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
                await result.TextAsync("Source0.cs"));
            await result.AssertClean("AUTO0007");
        }

        [Theory]
        [InlineData("[Condition(1)]\n        private static int Check() => 1;")]
        [InlineData("[Condition(1)]\n        private static Task Check() => Task.CompletedTask;")]
        [InlineData("[ForEach(1)]\n        private static async Task Items() => await Task.Yield();")]
        public async Task Shapes_without_an_obvious_return_type_get_no_fix(string step)
        {
            using var harness = CodeFixHarness.Create(Flow.Replace("STEP", "        " + step));
            var diagnostic = await harness.DiagnosticAsync("AUTO0007");

            Assert.False(diagnostic.Properties.ContainsKey("Fix"));
            Assert.Empty(await harness.ActionsAsync(new UseAwaitableReturnTypeCodeFix(), diagnostic));
        }

        private static async Task AssertFixed(string step, string title, string expected)
        {
            using var harness = CodeFixHarness.Create(Flow.Replace("STEP", step));

            var result = await harness.FixAsync(new UseAwaitableReturnTypeCodeFix(), "AUTO0007", title);

            Assert.Equal(Flow.Replace("STEP", expected), await result.TextAsync("Source0.cs"));
            await result.AssertClean("AUTO0007");
        }
    }
}
