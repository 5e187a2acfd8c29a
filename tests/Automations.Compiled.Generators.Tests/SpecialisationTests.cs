using System;
using System.Linq;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>
    /// What the generator leaves out of a flow that does not need it (issue 18): the straight path for a run without
    /// options or token, budget counting for a flow whose step executions are bounded, and snapshot fields for a flow
    /// that never suspends. Each fact names the flow shape that keeps what it needs.
    /// </summary>
    public sealed class SpecialisationTests
    {
        private const string Header = """
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Automations.Compiled;

            namespace Demo
            {
                public sealed record Job(int Value);

            """;

        /// <summary>A flow with <paramref name="members"/> as its body, generated and compiled without errors.</summary>
        private static string Generate(string members, string flowAttribute = "[Flow(\"shape\", Journal = JournalMode.Checkpoint)]", string variables = "")
        {
            var source = Header + $$"""
                    {{flowAttribute}}
                    {{variables}}
                    public partial class ShapeFlow : IFlow<Job>
                    {
                {{members}}
                    }
                }
                """;
            var run = GeneratorRun.Start(TestCompilation.Create(source));
            var errors = run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            var generated = run.Source("ShapeFlow.Flow.g.cs");
            Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + generated);
            Assert.False(generated.Contains("has build errors", StringComparison.Ordinal), "the flow is invalid, so it got a stub:\n" + generated);
            return generated;
        }

        private const string SyncSteps = """
                    [Action(1)]
                    private static int First(Job job) => job.Value;

                    [Condition(2)]
                    private static bool Big([FromStep(nameof(First))] int first) => first > 10;

                    [Action(1, Parent = nameof(Big), On = Endpoints.Then)]
                    private int Shout([FromStep(nameof(First))] int first) => first * 2;

                    [Stop(3, Status = FlowStatus.Completed, Message = "done")]
                    partial void Done();
            """;

        [Fact]
        public void A_synchronous_flow_without_waits_retries_or_jumps_gets_a_straight_path_taken_without_options_or_token()
        {
            var source = Generate(SyncSteps);

            Assert.Contains("if (options is null && !cancellationToken.CanBeCanceled) return new global::System.Threading.Tasks.ValueTask<global::Automations.Compiled.FlowResult>(__Machine.RunStraight(this, input));", source, StringComparison.Ordinal);
            var straight = Method(source, "internal static global::Automations.Compiled.FlowResult RunStraight(global::Demo.ShapeFlow _flow, global::Demo.Job Input)");
            Assert.Contains("global::System.Int32 _o0_first = default!; // steps.first.output", straight, StringComparison.Ordinal);
            Assert.Contains("_o2_shout = _flow.Shout(_o0_first);", straight, StringComparison.Ordinal);
            Assert.Contains("return StraightStepFailed(\"first\", __e);", straight, StringComparison.Ordinal);
            Assert.Contains("return StraightStopped(global::Automations.Compiled.FlowStatus.Completed, \"done\", null);", straight, StringComparison.Ordinal);

            // No step records, budgets, clock or machine state in it.
            foreach (var absent in new[] { " StepDone(", " StepFailed(", "BeginStep", "BeginBoundedStep", "__t", "GotoScope", "Frames", "Pc" })
            {
                Assert.DoesNotContain(absent, straight, StringComparison.Ordinal);
            }
        }

        [Theory]
        [InlineData("a wait", "[Wait(1)] private static WaitSpec Pause() => Wait.For(TimeSpan.FromMinutes(1));")]
        [InlineData("an awaited action", "[Action(1)] private static Task Call() => Task.CompletedTask;")]
        [InlineData("a retry", "[Action(1)] [Retry(3)] private static void Call() { }")]
        [InlineData("a goto", "[Action(1)] private static void Call() { } [Condition(2)] [Goto(Endpoints.Then, nameof(Call))] private static bool Again(Job job) => job.Value > 1;")]
        [InlineData("a foreach", "[ForEach(1)] private static int[] Items() => new[] { 1 };")]
        [InlineData("the step context", "[Action(1)] private static void Call(StepContext context) { }")]
        [InlineData("a secret", "[Action(1)] private static void Call([Secret(\"KEY\")] string key) { }")]
        [InlineData("a rollback", "[Action(1)] private static void Book() { } [Compensate(nameof(Book))] private static void Unbook() { } [Action(2, OnError = OnError.Rollback)] private static void Pay() { }")]
        [InlineData("a run step", "[Run(1, nameof(Sub))] partial void CallSub(); [Action(1, Standalone = \"sub\")] private static void Sub() { }")]
        public void A_flow_with_something_that_needs_the_machine_has_no_straight_path(string what, string members)
        {
            var source = Generate("        " + members);

            Assert.False(source.Contains("RunStraight", StringComparison.Ordinal), $"a flow with {what} must run on the machine only:\n{source}");
        }

        [Theory]
        [InlineData("a time budget", "[Flow(\"shape\", Journal = JournalMode.Checkpoint, TimeBudget = \"00:05:00\")]")]
        [InlineData("a cost budget", "[Flow(\"shape\", Journal = JournalMode.Checkpoint, CostBudget = 100)]")]
        public void A_flow_with_a_budget_has_no_straight_path(string what, string flowAttribute)
        {
            // The steps alone would run straight (see the first test): only the budget sends the flow to the machine.
            var source = Generate(SyncSteps, flowAttribute);

            Assert.False(source.Contains("RunStraight", StringComparison.Ordinal), $"a flow with {what} must run on the machine only:\n{source}");
        }

        [Fact]
        public void A_throttle_alone_keeps_the_straight_path()
        {
            var source = Generate(SyncSteps, "[Flow(\"shape\", Journal = JournalMode.Checkpoint), Throttle(10, \"00:01:00\")]");

            Assert.Contains("RunStraight", source, StringComparison.Ordinal);
        }

        [Fact]
        public void A_durable_flow_runs_straight_in_memory_and_checkpoints_on_the_machine()
        {
            var source = Generate(SyncSteps, "[Flow(\"shape\", Journal = JournalMode.Durable)]");

            Assert.Contains("RunStraight", source, StringComparison.Ordinal);
            Assert.DoesNotContain("CheckpointAsync", Method(source, "internal static global::Automations.Compiled.FlowResult RunStraight("), StringComparison.Ordinal);
            Assert.Contains("if (CheckpointDue) await CheckpointAsync(", source, StringComparison.Ordinal);
        }

        [Fact]
        public void A_flow_whose_steps_are_bounded_counts_no_budget_and_one_that_may_repeat_does()
        {
            var bounded = Generate(SyncSteps);
            var looping = Generate("        [Action(1)] private static void Call() { } [Condition(2)] [Goto(Endpoints.Then, nameof(Call))] private static bool Again(Job job) => job.Value > 1;");

            Assert.Contains("__t = BeginBoundedStep(__ct);", bounded, StringComparison.Ordinal);
            Assert.DoesNotContain("__t = BeginStep(__ct);", bounded, StringComparison.Ordinal);
            Assert.Contains("__t = BeginStep(__ct);", looping, StringComparison.Ordinal);
            Assert.Contains("Hop();", looping, StringComparison.Ordinal);
        }

        [Fact]
        public void A_bound_over_the_budget_is_counted()
        {
            var source = Generate(SyncSteps, "[Flow(\"shape\", Journal = JournalMode.Checkpoint, StepBudget = 2)]");

            Assert.Contains("__t = BeginStep(__ct);", source, StringComparison.Ordinal);
            Assert.DoesNotContain("RunStraight", source, StringComparison.Ordinal);
        }

        [Fact]
        public void A_flow_that_never_suspends_has_no_snapshot_fields_and_one_that_waits_has_them()
        {
            var never = Generate(SyncSteps);
            var waits = Generate("        [Action(1)] private static int First(Job job) => job.Value; [Wait(2)] private static WaitSpec Pause() => Wait.For(TimeSpan.FromMinutes(1));");

            Assert.Contains("protected override void ReadFields(global::Automations.Compiled.Runtime.FlowStateReader reader) => throw new global::System.InvalidOperationException(\"Flow 'shape' never suspends: it has no snapshot to resume.\");", never, StringComparison.Ordinal);
            Assert.DoesNotContain("writer.Write(", never, StringComparison.Ordinal);
            Assert.True(waits.Contains("writer.Write(\"steps.first.output\", _o0_first);", StringComparison.Ordinal), waits);
            Assert.Contains("_o0_first = reader.Read<global::System.Int32>(\"steps.first.output\")!;", waits, StringComparison.Ordinal);
        }

        /// <summary>The text of the method whose declaration starts with <paramref name="signature"/>, up to its closing brace.</summary>
        private static string Method(string source, string signature)
        {
            var lines = source.Replace("\r\n", "\n").Split('\n');
            var start = Array.FindIndex(lines, l => l.TrimStart().StartsWith(signature, StringComparison.Ordinal));
            Assert.True(start >= 0, $"no method '{signature}' in:\n{source}");
            var indent = lines[start].Length - lines[start].TrimStart().Length;
            var end = Array.FindIndex(lines, start + 1, l => l.Length > indent && l[indent] == '}' && l.Substring(0, indent).Trim().Length == 0);
            return string.Join("\n", lines[start..(end + 1)]);
        }
    }
}
