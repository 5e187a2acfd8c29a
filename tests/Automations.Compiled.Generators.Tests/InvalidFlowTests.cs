using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>
    /// Invalid flows: the generator reports nothing and emits a throwing stub that compiles; the analyzer reports
    /// the rule once, at the narrowest span (marked <c>[| |]</c>), with a message that says what to do.
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
            public class [|NotPartial|]
            {
                [Action(1)]
                private static void Work()
                {
                }
            }
            """;

        private const string StaticFlow = """
            [Flow("static")]
            public static partial class [|Static|]
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
            public partial class [|SecondTwice|]
            {
                [Action(1)]
                private static void A()
                {
                }
            }
            """;





        [Fact]
        public async Task Steps_in_a_parent_cycle_are_reported()
        {
            var source = Header + """
                [Flow("parent-cycle")]
                public partial class ParentCycle
                {
                    [Action(1)]
                    private static void Root()
                    {
                    }

                    [Action(1, Parent = nameof(B), On = Endpoints.Success)]
                    private static void A()
                    {
                    }

                    [Action(1, Parent = nameof(A), On = Endpoints.Success)]
                    private static void B()
                    {
                    }
                }
                """ + Footer;

            var diagnostics = await OurDiagnostics(TestCompilation.Create(source));

            Assert.Equal(new[] { "AUTO0015", "AUTO0015" }, diagnostics.Select(d => d.Id));
            Assert.Contains(diagnostics, d => Message(d).Contains("Step 'a' is never reached: its Parent chain loops (a → b → a)", StringComparison.Ordinal));
        }

        [Fact]
        public Task Class_not_partial_is_reported_on_its_name()
        {
            // Analyzed without the generator's output: see Class_not_partial_gets_no_cascade_of_compiler_errors.
            var marked = Mark(NotPartial);
            return AssertAnalyzerReports(TestCompilation.Create(marked.Source), marked, "AUTO0001", "Flow class 'NotPartial' must be declared 'partial'");
        }

        [Fact]
        public Task Class_not_partial_gets_no_code_and_no_cascade_of_compiler_errors()
            => AssertReportedWithoutCode("AUTO0001", "Flow class 'NotPartial' must be declared 'partial'", NotPartial);

        [Fact]
        public Task Flow_without_steps() => AssertReported("AUTO0002", "Flow 'empty' has no steps in its main sequence", """
            [Flow("empty")]
            public partial class [|Empty|]
            {
            }
            """);

        [Fact]
        public Task Parameter_that_cannot_be_bound() => AssertReported("AUTO0003", "Parameter 'address' of step 'use' cannot be bound", """
            [Flow("unbound")]
            public partial class Unbound
            {
                [Action(1)]
                private static void Use(Uri [|address|])
                {
                }
            }
            """);

        [Fact]
        public Task Two_steps_with_one_order() => AssertReported("AUTO0004", "Steps 'a' and 'b' both have order 1 in the same scope", """
            [Flow("same-order")]
            public partial class SameOrder
            {
                [Action(1)]
                private static void A()
                {
                }

                [Action(1)]
                private static void [|B|]()
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

                [Action(1, Parent = [|"ghost"|])]
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

                [Action(1, Parent = nameof(A), On = [|Endpoints.Then|])]
                private static void B()
                {
                }
            }
            """);

        [Fact]
        public Task Condition_not_returning_bool() => AssertReported("AUTO0007", "Step 'check': a condition method must return bool", """
            [Flow("not-bool")]
            public partial class NotBool
            {
                [Condition(1)]
                private static int [|Check|]() => 1;
            }
            """);

        [Fact]
        public Task Retry_without_attempts() => AssertReported("AUTO0008", "Retry of step 'a': Attempts must be 1 or more", """
            [Flow("no-attempts")]
            public partial class NoAttempts
            {
                [Action(1)]
                [[|Retry(0)|]]
                private static void A()
                {
                }
            }
            """);

        [Fact]
        public Task Compensation_of_an_unknown_step() => AssertReported("AUTO0009", "[Compensate] on 'Undo' names step 'ghost'", """
            [Flow("bad-compensation")]
            public partial class BadCompensation
            {
                [Action(1)]
                private static void A()
                {
                }

                [Compensate([|"ghost"|])]
                private static void Undo()
                {
                }
            }
            """);

        [Fact]
        public Task Wait_inside_a_parallel_branch() => AssertReported("AUTO0010", "Step 'pause' (wait) can suspend the run, but it is inside branch 'a' of 'fan-out'", """
            [Flow("wait-in-branch")]
            public partial class WaitInBranch
            {
                [Parallel(1)]
                partial void FanOut();

                [Wait(1, Parent = nameof(FanOut), On = Endpoints.Branches, Branch = "a")]
                private static WaitSpec [|Pause|]() => Wait.For(TimeSpan.FromSeconds(1));
            }
            """);

        [Fact]
        public Task Record_flow_type() => AssertReportedWithoutCode("AUTO0011", "Flow class 'Rec' must be a non-static class (not a record)", """
            [Flow("rec")]
            public partial record [|Rec|]
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
            public partial class [|Generic|]<T>
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
            var marked = Mark(StaticFlow);
            return AssertAnalyzerReports(TestCompilation.Create(marked.Source), marked, "AUTO0011", "Flow class 'Static' must be a non-static class");
        }

        [Fact]
        public Task Static_flow_class_gets_no_code_and_no_cascade_of_compiler_errors()
            => AssertReportedWithoutCode("AUTO0011", "Flow class 'Static' must be a non-static class", StaticFlow);

        [Fact]
        public Task Two_compensations_of_one_step() => AssertReported("AUTO0012", "Step 'a' already has a compensation", """
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

                [Compensate([|nameof(A)|])]
                private static void Undo2()
                {
                }
            }
            """);

        [Fact]
        public Task Parallel_foreach_inside_a_parallel_branch() => AssertReported("AUTO0014", "Step 'items' starts concurrent work inside branch 'a' of 'fan-out'", """
            [Flow("nested-concurrency")]
            public partial class NestedConcurrency
            {
                [Parallel(1)]
                partial void FanOut();

                [ForEach(1, Parent = nameof(FanOut), Branch = "a", Parallelism = 2)]
                private static int[] [|Items|]() => new[] { 1, 2 };

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
                [Goto(Endpoints.Error, [|"nowhere"|])]
                private static void Work()
                {
                }
            }
            """);

        [Fact]
        public Task Goto_on_the_next_slot_of_a_step_with_a_following_sibling() => AssertReported(
            "AUTO2002",
            "The 'next' slot of step 'first' already has a following sibling ('second'); a goto may only start from an empty endpoint",
            """
            [Flow("occupied")]
            public partial class Occupied
            {
                [Action(1)]
                [Goto([|nameof(Third)|])]
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
        public Task Goto_leaving_a_foreach_body() => AssertReported("AUTO2003", "Goto from 'inner' to 'after' leaves 'each' of 'lines'", """
            [Flow("leaves-loop")]
            public partial class LeavesLoop
            {
                [ForEach(1)]
                private static int[] Lines() => new[] { 1, 2 };

                [Action(1, Parent = nameof(Lines))]
                [Goto([|nameof(After)|])]
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
        public Task Goto_to_its_own_step() => AssertReported("AUTO2004", "Step 'charge' links to itself; use a retry policy", """
            [Flow("self")]
            public partial class Self
            {
                [Action(1)]
                [Goto(Endpoints.Error, [|nameof(Charge)|])]
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
                [Run(1, [|"ghost"|])]
                partial void Call();
            }
            """);

        [Fact]
        public Task Run_leaving_a_parallel_branch() => AssertReported("AUTO2006", "Run step 'call-audit' targets 'audit' outside branch 'a' of 'fan-out'", """
            [Flow("run-leaves-branch")]
            public partial class RunLeavesBranch
            {
                [Parallel(1)]
                partial void FanOut();

                [Run(1, [|nameof(Audit)|], Parent = nameof(FanOut), Branch = "a")]
                partial void CallAudit();

                [Action(1, Standalone = "audit")]
                private static void Audit()
                {
                }
            }
            """);

        [Fact]
        public Task Duplicate_step_ids() => AssertReported("AUTO3001", "Step id 'x' is used twice in flow 'dup-ids'", """
            [Flow("dup-ids")]
            public partial class DupIds
            {
                [Action(1, Id = "x")]
                private static void A()
                {
                }

                [Action(2, Id = "x")]
                private static void [|B|]()
                {
                }
            }
            """);

        [Fact]
        public Task Item_outside_a_foreach() => AssertReported("AUTO3002", "'item' is not defined: 'use' (line 11) is not inside a foreach; use it only in the 'each' steps of a foreach", """
            [Flow("item-outside")]
            public partial class ItemOutside
            {
                [Action(1)]
                private static void Use([Item] string [|line|])
                {
                }
            }
            """);

        [Fact]
        public Task Undefined_variable() => AssertReported("AUTO3003", "Variable 'missing' used by step 'use' is not declared; add [Variable(\"missing\", typeof(...))]", """
            [Flow("undefined-var")]
            public partial class UndefinedVar
            {
                [Action(1)]
                private static void Use([Var([|"missing"|])] int value)
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
                private static void Use([FromStep([|"ghost"|])] int value)
                {
                }
            }
            """);

        [Fact]
        public Task Output_of_a_step_inside_a_parallel_foreach() => AssertReported("AUTO3005", "Step 'use' reads the output of 'double', which runs once per item inside parallel foreach 'items'", """
            [Flow("parallel-output")]
            public partial class ParallelOutput
            {
                [ForEach(1, Parallelism = 2)]
                private static int[] Items() => new[] { 1, 2 };

                [Action(1, Parent = nameof(Items))]
                private static int Double([Item] int item) => item * 2;

                [Action(2)]
                private static void Use([FromStep([|nameof(Double)|])] int value)
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
                private static void Use([FromStep([|nameof(A)|])] int value)
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
                private static void Use([FromStep([|nameof(Count)|])] string value)
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
                private static void Use([Var([|"count"|])] string value)
                {
                }
            }
            """);

        [Fact]
        public async Task Two_flows_with_one_id_and_version_are_reported_once()
        {
            // Each class is a valid flow on its own, so the generator, which sees one flow at a time, emits both machines.
            var marked = Mark(Twice);
            var run = GeneratorRun.Start(TestCompilation.Create(marked.Source));
            Assert.Empty(run.Diagnostics);
            AssertCompiles(run);

            var diagnostic = Assert.Single(await OurDiagnostics(run.Output));
            Assert.Equal("AUTO0013", diagnostic.Id);
            Assert.Contains("Flow 'twice' version 1 is declared twice in this compilation", Message(diagnostic), StringComparison.Ordinal);
            var name = diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);
            Assert.Contains(name, new[] { "FirstTwice", "SecondTwice" });
        }

        [Fact]
        public Task Two_flows_with_one_id_and_version_are_reported_on_the_later_declaration()
        {
            var marked = Mark(Twice);
            return AssertAnalyzerReports(TestCompilation.Create(marked.Source), marked, "AUTO0013", "Flow 'twice' version 1 is declared twice in this compilation");
        }

        private static SpanMarkup Mark(string markup) => SpanMarkup.Parse(Header + markup + Footer);

        private static async Task AssertReported(string id, string messageFragment, string markup)
        {
            var marked = Mark(markup);
            var run = GeneratorRun.Start(TestCompilation.Create(marked.Source));

            Assert.Empty(run.Diagnostics);
            AssertCompiles(run);
            var stub = Assert.Single(run.Generator.GeneratedSources).SourceText.ToString();
            Assert.Contains($"has build errors ({id}", stub, StringComparison.Ordinal);
            Assert.Contains("throw new global::System.InvalidOperationException(", stub, StringComparison.Ordinal);

            await AssertAnalyzerReports(run.Output, marked, id, messageFragment);
        }

        /// <summary>A class we cannot add members to gets no code: only our diagnostic, no compiler errors.</summary>
        private static async Task AssertReportedWithoutCode(string id, string messageFragment, string markup)
        {
            var marked = Mark(markup);
            var run = GeneratorRun.Start(TestCompilation.Create(marked.Source));

            Assert.Empty(run.Diagnostics);
            Assert.Empty(run.Generator.GeneratedSources);
            AssertCompiles(run);
            await AssertAnalyzerReports(run.Output, marked, id, messageFragment);
        }

        private static async Task AssertAnalyzerReports(Compilation compilation, SpanMarkup marked, string id, string messageFragment)
        {
            var diagnostic = Assert.Single(await OurDiagnostics(compilation));
            Assert.Equal(id, diagnostic.Id);
            Assert.Equal("Source0.cs", diagnostic.Location.SourceTree?.FilePath);
            Assert.Equal(marked.Source.Substring(marked.Span.Start, marked.Span.Length), diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
            Assert.Equal(marked.Span, diagnostic.Location.SourceSpan);
            Assert.Contains(messageFragment, Message(diagnostic), StringComparison.Ordinal);
        }

        private static async Task<List<Diagnostic>> OurDiagnostics(Compilation compilation)
            => (await FlowAnalysis.AnalyzeAsync(compilation)).Where(d => d.Id.StartsWith("AUTO", StringComparison.Ordinal) || d.Id == "AD0001").ToList();

        private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(CultureInfo.InvariantCulture);

        private static void AssertCompiles(GeneratorRun run)
        {
            var errors = TestCompilation.Errors(run.Output).ToList();
            Assert.True(errors.Count == 0, "The generated code does not compile:\n" + string.Join("\n", errors));
        }
    }
}
