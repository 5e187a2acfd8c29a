using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>
    /// Invalid flows: the generator reports nothing and emits a throwing stub that compiles; the analyzer reports
    /// the rule once, at the narrowest span (marked <c>{|#0:...|}</c>), with a message that says what to do.
    /// </summary>
    public sealed class InvalidFlowTests
    {
        private const string Header = """
            using System;
            using System.Collections.Generic;
            using Automations.Compiled;

            namespace Tests.Invalid
            {

            """;

        private const string Footer = """

            }
            """;

        private const string NotPartial = """
            [Flow("not-partial")]
            public class {|#0:NotPartial|}
            {
                [Action(1)]
                private static void Work()
                {
                }
            }
            """;

        private const string StaticFlow = """
            [Flow("static")]
            public static partial class {|#0:Static|}
            {
                [Action(1)]
                private static void A()
                {
                }
            }
            """;

        private const string Twice = """
            [Flow("twice")]
            public partial class FirstTwice
            {
                [Action(1)]
                private static void A()
                {
                }
            }

            [Flow("twice", Version = 1)]
            public partial class {|#0:SecondTwice|}
            {
                [Action(1)]
                private static void A()
                {
                }
            }
            """;





        [Fact]
        public Task Steps_in_a_parent_cycle_are_reported() => new FlowAnalyzerTest
        {
            CompilerDiagnostics = CompilerDiagnostics.None,
            TestCode = Header + """
                [Flow("parent-cycle")]
                public partial class ParentCycle
                {
                    [Action(1)]
                    private static void Root()
                    {
                    }

                    [Action(1, Parent = {|#0:nameof(B)|}, On = Endpoints.Success)]
                    private static void A()
                    {
                    }

                    [Action(1, Parent = {|#1:nameof(A)|}, On = Endpoints.Success)]
                    private static void B()
                    {
                    }
                }
                """ + Footer,
            ExpectedDiagnostics =
            {
                FlowTestProject.Diagnostic("AUTO0015").WithLocation(0).WithMessage("Step 'a' is never reached: its Parent chain loops (a → b → a); nest it under a step of the main sequence or a standalone scope"),
                FlowTestProject.Diagnostic("AUTO0015").WithLocation(1).WithMessage("Step 'b' is never reached: its Parent chain loops (b → a → b); nest it under a step of the main sequence or a standalone scope"),
            },
        }.RunAsync();

        [Fact]
        public Task Class_not_partial_is_reported_on_its_name()
        {
            // Analyzed without the generator's output: see Class_not_partial_gets_no_cascade_of_compiler_errors.
            return AssertAnalyzerReports(Mark(NotPartial), "AUTO0001", "Flow class 'NotPartial' must be declared 'partial' so the generator can add its state machine", withGenerator: false);
        }

        [Fact]
        public Task Class_not_partial_gets_no_code_and_no_cascade_of_compiler_errors()
            => AssertReportedWithoutCode("AUTO0001", "Flow class 'NotPartial' must be declared 'partial' so the generator can add its state machine", NotPartial);

        [Fact]
        public Task Flow_without_steps() => AssertReported("AUTO0002", "Flow 'empty' has no steps in its main sequence; mark a method with [Action(1)] (or another step attribute), or in JSON add steps to \"steps\"", """
            [Flow("empty")]
            public partial class {|#0:Empty|}
            {
            }
            """);

        [Fact]
        public Task Parameter_that_cannot_be_bound() => AssertReported("AUTO0003", "Parameter 'address' of step 'use' cannot be bound: use the flow input type, FlowTrigger, [FromStep], [Var], [Item], [Index], [Secret], CancellationToken or StepContext", """
            [Flow("unbound")]
            public partial class Unbound
            {
                [Action(1)]
                private static void Use(Uri {|#0:address|})
                {
                }
            }
            """);

        [Fact]
        public Task Two_steps_with_one_order() => AssertReported("AUTO0004", "Steps 'a' and 'b' both have order 1 in the same scope; give each step its own order", """
            [Flow("same-order")]
            public partial class SameOrder
            {
                [Action(1)]
                private static void A()
                {
                }

                [Action(1)]
                private static void {|#0:B|}()
                {
                }
            }
            """);

        [Fact]
        public Task Parent_that_does_not_exist() => AssertReported("AUTO0005", "Step 'b' is nested under 'ghost', which is not a step of flow 'orphan'", """
            [Flow("orphan")]
            public partial class Orphan
            {
                [Action(1)]
                private static void A()
                {
                }

                [Action(1, Parent = {|#0:"ghost"|})]
                private static void B()
                {
                }
            }
            """);

        [Fact]
        public Task Endpoint_the_parent_does_not_have() => AssertReported("AUTO0006", "Step kind 'action' has no endpoint 'then'; use one of: success, error", """
            [Flow("bad-endpoint")]
            public partial class BadEndpoint
            {
                [Action(1)]
                private static void A()
                {
                }

                [Action(1, Parent = nameof(A), On = {|#0:Endpoints.Then|})]
                private static void B()
                {
                }
            }
            """);

        [Fact]
        public Task Condition_not_returning_bool() => AssertReported("AUTO0007", "Step 'check': a condition method must return bool (or ValueTask<bool>, Task<bool>)", """
            [Flow("not-bool")]
            public partial class NotBool
            {
                [Condition(1)]
                private static int {|#0:Check|}() => 1;
            }
            """);

        [Fact]
        public Task Retry_without_attempts() => AssertReported("AUTO0008", "Retry of step 'a': Attempts must be 1 or more (it counts every try, the first included)", """
            [Flow("no-attempts")]
            public partial class NoAttempts
            {
                [Action(1)]
                [{|#0:Retry(0)|}]
                private static void A()
                {
                }
            }
            """);

        [Fact]
        public Task Compensation_of_an_unknown_step() => AssertReported("AUTO0009", "[Compensate] on 'Undo' names step 'ghost', which is not a step of this flow", """
            [Flow("bad-compensation")]
            public partial class BadCompensation
            {
                [Action(1)]
                private static void A()
                {
                }

                [Compensate({|#0:"ghost"|})]
                private static void Undo()
                {
                }
            }
            """);

        [Fact]
        public Task Wait_inside_a_parallel_branch() => AssertReported("AUTO0010", "Step 'pause' (wait) can suspend the run, but it is inside branch 'a' of 'fan-out'; move it out of the parallel branch or use parallelism 1", """
            [Flow("wait-in-branch")]
            public partial class WaitInBranch
            {
                [Parallel(1)]
                partial void FanOut();

                [Wait(1, Parent = nameof(FanOut), On = Endpoints.Branches, Branch = "a")]
                private static WaitSpec {|#0:Pause|}() => Wait.For(TimeSpan.FromSeconds(1));
            }
            """);

        [Fact]
        public Task Record_flow_type() => AssertReportedWithoutCode("AUTO0011", "Flow class 'Rec' must be a non-static class (not a record) that is neither generic nor nested in a generic type", """
            [Flow("rec")]
            public partial record {|#0:Rec|}
            {
                [Action(1)]
                private static void A()
                {
                }
            }
            """);

        [Fact]
        public Task Generic_flow_class() => AssertReportedWithoutCode("AUTO0011", "Flow class 'Generic' must be a non-static class (not a record) that is neither generic nor nested in a generic type", """
            [Flow("generic")]
            public partial class {|#0:Generic|}<T>
            {
                [Action(1)]
                private static void A()
                {
                }
            }
            """);

        [Fact]
        public Task Static_flow_class_is_reported_on_its_name()
        {
            // Analyzed without the generator's output: see Static_flow_class_gets_no_cascade_of_compiler_errors.
            return AssertAnalyzerReports(Mark(StaticFlow), "AUTO0011", "Flow class 'Static' must be a non-static class (not a record) that is neither generic nor nested in a generic type", withGenerator: false);
        }

        [Fact]
        public Task Static_flow_class_gets_no_code_and_no_cascade_of_compiler_errors()
            => AssertReportedWithoutCode("AUTO0011", "Flow class 'Static' must be a non-static class (not a record) that is neither generic nor nested in a generic type", StaticFlow);

        [Fact]
        public Task Two_compensations_of_one_step() => AssertReported("AUTO0012", "Step 'a' already has a compensation; keep one [Compensate] method per step", """
            [Flow("two-compensations")]
            public partial class TwoCompensations
            {
                [Action(1)]
                private static void A()
                {
                }

                [Compensate(nameof(A))]
                private static void Undo1()
                {
                }

                [Compensate({|#0:nameof(A)|})]
                private static void Undo2()
                {
                }
            }
            """);

        [Fact]
        public Task Parallel_foreach_inside_a_parallel_branch() => AssertReported("AUTO0014", "Step 'items' starts concurrent work inside branch 'a' of 'fan-out'; nesting parallel branches or parallel foreach bodies is not supported, so use parallelism 1 for one of them", """
            [Flow("nested-concurrency")]
            public partial class NestedConcurrency
            {
                [Parallel(1)]
                partial void FanOut();

                [ForEach(1, Parent = nameof(FanOut), Branch = "a", Parallelism = 2)]
                private static int[] {|#0:Items|}() => new[] { 1, 2 };

                [Action(1, Parent = nameof(Items))]
                private static void Each([Item] int item)
                {
                }
            }
            """);

        [Fact]
        public Task Goto_target_missing_is_reported_on_the_target_argument() => AssertReported("AUTO2001", "Goto target 'nowhere' is not a step of flow 'missing-target'", """
            [Flow("missing-target")]
            public partial class MissingTarget
            {
                [Action(1)]
                [Goto(Endpoints.Error, {|#0:"nowhere"|})]
                private static void Work()
                {
                }
            }
            """);

        [Fact]
        public Task Goto_on_the_next_slot_of_a_step_with_a_following_sibling() => AssertReported(
            "AUTO2002",
            "The 'next' slot of step 'first' already has a following sibling ('second'); a goto may only start from an empty endpoint or the next slot of the last step in a scope",
            """
            [Flow("occupied")]
            public partial class Occupied
            {
                [Action(1)]
                [Goto({|#0:nameof(Third)|})]
                private static void First()
                {
                }

                [Action(2)]
                private static void Second()
                {
                }

                [Action(3)]
                private static void Third()
                {
                }
            }
            """);

        [Fact]
        public Task Goto_leaving_a_foreach_body() => AssertReported("AUTO2003", "Goto from 'inner' to 'after' leaves 'each' of 'lines'; a goto stays inside its foreach body or parallel branch", """
            [Flow("leaves-loop")]
            public partial class LeavesLoop
            {
                [ForEach(1)]
                private static int[] Lines() => new[] { 1, 2 };

                [Action(1, Parent = nameof(Lines))]
                [Goto({|#0:nameof(After)|})]
                private static void Inner()
                {
                }

                [Action(2)]
                private static void After()
                {
                }
            }
            """);

        [Fact]
        public Task Goto_to_its_own_step() => AssertReported("AUTO2004", "Step 'charge' links to itself; use a retry policy to repeat a step", """
            [Flow("self")]
            public partial class Self
            {
                [Action(1)]
                [Goto(Endpoints.Error, {|#0:nameof(Charge)|})]
                private static void Charge()
                {
                }
            }
            """);

        [Fact]
        public Task Run_target_missing() => AssertReported("AUTO2005", "Run step 'call' targets 'ghost', which is not a step of this flow", """
            [Flow("run-missing")]
            public partial class RunMissing
            {
                [Run(1, {|#0:"ghost"|})]
                partial void Call();
            }
            """);

        [Fact]
        public Task Run_leaving_a_parallel_branch() => AssertReported("AUTO2006", "Run step 'call-audit' targets 'audit' outside branch 'a' of 'fan-out'; concurrent work may only run steps inside itself", """
            [Flow("run-leaves-branch")]
            public partial class RunLeavesBranch
            {
                [Parallel(1)]
                partial void FanOut();

                [Run(1, {|#0:nameof(Audit)|}, Parent = nameof(FanOut), Branch = "a")]
                partial void CallAudit();

                [Action(1, Standalone = "audit")]
                private static void Audit()
                {
                }
            }
            """);

        [Fact]
        public Task Duplicate_step_ids() => AssertReported("AUTO3001", "Step id 'x' is used twice in flow 'dup-ids'; every step id must be unique in its flow", """
            [Flow("dup-ids")]
            public partial class DupIds
            {
                [Action(1, Id = "x")]
                private static void A()
                {
                }

                [Action(2, Id = "x")]
                private static void {|#0:B|}()
                {
                }
            }
            """);

        [Fact]
        public Task Item_outside_a_foreach() => AssertReported("AUTO3002", "'item' is not defined: 'use' (line 11) is not inside a foreach; use it only in the 'each' steps of a foreach, or keep what you need in a variable", """
            [Flow("item-outside")]
            public partial class ItemOutside
            {
                [Action(1)]
                private static void Use([Item] string {|#0:line|})
                {
                }
            }
            """);

        [Fact]
        public Task Undefined_variable() => AssertReported("AUTO3003", "Variable 'missing' used by step 'use' is not declared; add [Variable(\"missing\", typeof(...))] to the flow", """
            [Flow("undefined-var")]
            public partial class UndefinedVar
            {
                [Action(1)]
                private static void Use([Var({|#0:"missing"|})] int value)
                {
                }
            }
            """);

        [Fact]
        public Task Output_of_an_unknown_step() => AssertReported("AUTO3004", "Step 'use' reads the output of 'ghost', which is not a step of this flow", """
            [Flow("unknown-output")]
            public partial class UnknownOutput
            {
                [Action(1)]
                private static void Use([FromStep({|#0:"ghost"|})] int value)
                {
                }
            }
            """);

        [Fact]
        public Task Output_of_a_step_inside_a_parallel_foreach() => AssertReported("AUTO3005", "Step 'use' reads the output of 'double', which runs once per item inside parallel foreach 'items'; its output only exists inside that body", """
            [Flow("parallel-output")]
            public partial class ParallelOutput
            {
                [ForEach(1, Parallelism = 2)]
                private static int[] Items() => new[] { 1, 2 };

                [Action(1, Parent = nameof(Items))]
                private static int Double([Item] int item) => item * 2;

                [Action(2)]
                private static void Use([FromStep({|#0:nameof(Double)|})] int value)
                {
                }
            }
            """);

        [Fact]
        public Task Output_of_a_step_that_returns_nothing() => AssertReported("AUTO4001", "Step 'use' reads the output of 'a', which returns nothing", """
            [Flow("no-output")]
            public partial class NoOutput
            {
                [Action(1)]
                private static void A()
                {
                }

                [Action(2)]
                private static void Use([FromStep({|#0:nameof(A)|})] int value)
                {
                }
            }
            """);

        [Fact]
        public Task From_step_type_mismatch() => AssertReported("AUTO4002", "Step 'use' reads the output of 'count' as global::System.String, but it is global::System.Int32", """
            [Flow("type-mismatch")]
            public partial class TypeMismatch
            {
                [Action(1)]
                private static int Count() => 1;

                [Action(2)]
                private static void Use([FromStep({|#0:nameof(Count)|})] string value)
                {
                }
            }
            """);

        [Fact]
        public Task Variable_type_mismatch() => AssertReported("AUTO4003", "Step 'use' uses variable 'count' as global::System.String, but it is declared as global::System.Int32", """
            [Flow("var-mismatch")]
            [Variable("count", typeof(int))]
            public partial class VarMismatch
            {
                [Action(1)]
                private static void Use([Var({|#0:"count"|})] string value)
                {
                }
            }
            """);

        [Fact]
        public async Task Two_flows_with_one_id_and_version_are_reported_once()
        {
            // Each class is a valid flow on its own, so the generator, which sees one flow at a time, emits both machines.
            var marked = Mark(Twice);
            var run = GeneratorRun.Start(TestCompilation.Create(Plain(marked)));
            Assert.Empty(run.Diagnostics);
            AssertCompiles(run);
            Assert.Equal(2, run.Generator.GeneratedSources.Length);

            await AssertAnalyzerReports(marked, "AUTO0013", "Flow 'twice' version 1 is declared twice in this compilation", withGenerator: true);
        }

        [Fact]
        public Task Two_flows_with_one_id_and_version_are_reported_on_the_later_declaration()
            => AssertAnalyzerReports(Mark(Twice), "AUTO0013", "Flow 'twice' version 1 is declared twice in this compilation", withGenerator: false);

        /// <summary>The flow classes of <paramref name="markup"/> in a file, the span of the diagnostic marked <c>{|#0:...|}</c>.</summary>
        private static string Mark(string markup) => Header + markup + Footer;

        /// <summary>The file without its markup, as the user wrote it.</summary>
        private static string Plain(string marked)
        {
            TestFileMarkupParser.GetSpans(marked, out var plain, out ImmutableDictionary<string, ImmutableArray<Microsoft.CodeAnalysis.Text.TextSpan>> _);
            return plain;
        }

        /// <summary>The generator emits a stub that throws, names the rule and compiles; the analyzer reports the rule.</summary>
        private static async Task AssertReported(string id, string message, string markup)
        {
            var marked = Mark(markup);
            var run = GeneratorRun.Start(TestCompilation.Create(Plain(marked)));

            Assert.Empty(run.Diagnostics);
            AssertCompiles(run);
            var stub = Assert.Single(run.Generator.GeneratedSources).SourceText.ToString();
            Assert.Contains($"has build errors ({id}", stub, StringComparison.Ordinal);
            Assert.Contains("throw new global::System.InvalidOperationException(", stub, StringComparison.Ordinal);

            await AssertAnalyzerReports(marked, id, message, withGenerator: true);
        }

        /// <summary>A class we cannot add members to gets no code: only our diagnostic, no compiler errors.</summary>
        private static async Task AssertReportedWithoutCode(string id, string message, string markup)
        {
            var marked = Mark(markup);
            var run = GeneratorRun.Start(TestCompilation.Create(Plain(marked)));

            Assert.Empty(run.Diagnostics);
            Assert.Empty(run.Generator.GeneratedSources);
            AssertCompiles(run);
            await AssertAnalyzerReports(marked, id, message, withGenerator: true);
        }

        /// <summary>
        /// The analyzer reports <paramref name="id"/> once, at the marked span, with <paramref name="message"/>, and
        /// nothing else; <paramref name="withGenerator"/> analyzes the build's compilation, generated code included,
        /// which must compile.
        /// </summary>
        private static Task AssertAnalyzerReports(string marked, string id, string message, bool withGenerator) => new FlowAnalyzerTest
        {
            RunGenerator = withGenerator,
            CompilerDiagnostics = withGenerator ? CompilerDiagnostics.Errors : CompilerDiagnostics.None,
            TestCode = marked,
            ExpectedDiagnostics = { FlowTestProject.Diagnostic(id).WithLocation(0).WithMessage(message) },
        }.RunAsync();

        private static void AssertCompiles(GeneratorRun run)
        {
            var errors = TestCompilation.Errors(run.Output).ToList();
            Assert.True(errors.Count == 0, "The generated code does not compile:\n" + string.Join("\n", errors));
        }
    }
}
