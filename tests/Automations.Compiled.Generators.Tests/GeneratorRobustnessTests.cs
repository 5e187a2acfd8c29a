using System;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>
    /// Garbage-y but syntactically valid input never makes the generator or the analyzer throw: a throwing
    /// generator shows up as CS8785 (AUTO9001 when emitting fails), a throwing analyzer as AD0001, a throwing
    /// front end as AUTO9002.
    /// </summary>
    public sealed class GeneratorRobustnessTests
    {
        public static TheoryData<string> Cases => new()
        {
            "static-class",
            "generic-class",
            "no-id",
            "null-id",
            "unbound-parameters",
            "null-goto",
            "null-goto-endpoint",
            "parent-cycle",
            "self-parent",
            "null-references",
            "odd-ids",
            "nested-in-generic",
            "global-namespace",
            "record",
            "step-not-a-method",
            "broken-attribute-arguments",
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public async Task Generator_and_analyzer_never_throw(string name)
        {
            var compilation = TestCompilation.Create(Source(name));

            var run = GeneratorRun.Start(compilation);

            Assert.Null(run.Generator.Exception);
            Assert.DoesNotContain(run.Diagnostics, d => d.Id is "CS8785" or "AD0001" or "AUTO9001");
            Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Id is "CS8785" or "AD0001");
            var analyzed = await FlowAnalysis.AnalyzeAsync(run.Output);
            Assert.DoesNotContain(analyzed, d => d.Id is "AD0001" or "AUTO9002");
        }

        [Fact]
        public void Generator_survives_a_cancelled_run()
        {
            var compilation = TestCompilation.Create(FlowSources.Order, FlowSources.Lifecycle);
            GeneratorDriver driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(
                new[] { new FlowGenerator().AsSourceGenerator() },
                parseOptions: TestCompilation.ParseOptions,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
            using var cancelled = new System.Threading.CancellationTokenSource();
            cancelled.Cancel();

            Assert.ThrowsAny<OperationCanceledException>(() => driver.RunGenerators(compilation, cancelled.Token));
            driver = driver.RunGenerators(compilation);

            Assert.Equal(2, driver.GetRunResult().Results.Single().GeneratedSources.Length);
        }

        private static string Source(string name) => "using System;\nusing Automations.Compiled;\n\n" + name switch
        {
            "static-class" => """
                namespace T { [Flow("s")] public static class S { [Action(1)] private static void A() { } } }
                """,
            "generic-class" => """
                namespace T { [Flow("g")] public partial class G<T1> { [Action(1)] private static void A(T1 value) { } } }
                """,
            "no-id" => """
                namespace T { [Flow] public partial class NoId { [Action(1)] private static void A() { } } }
                """,
            "null-id" => """
                namespace T { [Flow(null!)] public partial class NullId { [Action(1)] private static void A() { } } }
                """,
            "unbound-parameters" => """
                namespace T
                {
                    [Flow("u")]
                    public partial class U
                    {
                        [Action(1)] private static void A(int x, ref int y, out int z, params string[] rest) { z = 0; }
                        [Action(2)] private static T2 B<T2>(T2 value) => value;
                        [Action(3)] private static void C([FromStep(nameof(B))] object? b, [Item] int item, [Index] string index, [Secret("k")] int secret) { }
                    }
                }
                """,
            "null-goto" => """
                namespace T
                {
                    [Flow("ng")]
                    public partial class Ng
                    {
                        [Action(1)] [Goto(null!)] private static void A() { }
                        [Action(2)] [Goto(Endpoints.Error, null!)] private static void B() { }
                    }
                }
                """,
            "null-goto-endpoint" => """
                namespace T
                {
                    [Flow("nge")]
                    public partial class Nge
                    {
                        [Action(1)] [Goto(null!, nameof(B))] private static void A() { }
                        [Action(2)] [Goto("", nameof(A))] [Goto("nowhere", nameof(A))] private static void B() { }
                    }
                }
                """,
            "parent-cycle" => """
                namespace T
                {
                    [Flow("pc")]
                    public partial class Pc
                    {
                        [Action(1)] private static void Root() { }
                        [Action(1, Parent = nameof(B))] private static void A() { }
                        [Action(1, Parent = nameof(A))] private static void B() { }
                    }
                }
                """,
            "self-parent" => """
                namespace T
                {
                    [Flow("sp")]
                    public partial class Sp
                    {
                        [ForEach(1, Parent = nameof(Loop))] private static int[] Loop() => new[] { 1 };
                    }
                }
                """,
            "null-references" => """
                namespace T
                {
                    [Flow("nr", Description = null, Roles = null)]
                    [Variable(null!, null!)]
                    [Variable("v", null!)]
                    public partial class Nr
                    {
                        [Action(1, Id = null, Parent = null, On = null, Branch = null, Standalone = null)] private static void A([Var(null!)] int v, [FromStep(null!)] int s, [Secret(null!)] string secret) { }
                        [Compensate(null!)] private static void Undo() { }
                        [Run(2, null!)] partial void R();
                        [Set(3, null!)] private static int S() => 1;
                        [Subflow(4, null!)] private static object? Child() => null;
                        [Stop(5, Message = null)] partial void Halt();
                    }
                }
                """,
            "odd-ids" => """
                namespace T
                {
                    [Flow("odd \"id\" \\ {x}", Description = "line\nbreak \"quoted\"")]
                    [Variable("a b", typeof(int))]
                    public partial class Odd
                    {
                        [Action(1, Id = "with \"quotes\" and \\ slash")] private static void A() { }
                        [Action(2, Id = "ünïcödé-ståp")] private static void B() { }
                        [Action(3, Id = "")] private static void C() { }
                        [Set(4, "a b")] private static int D() => 1;
                        [Stop(5, Message = "bye \"now\" {0}")] partial void E();
                    }
                }
                """,
            "nested-in-generic" => """
                namespace T
                {
                    public partial class Outer<TOuter> where TOuter : class
                    {
                        [Flow("nested")]
                        public partial class Inner { [Action(1)] private static void A() { } }
                    }
                }
                """,
            "global-namespace" => """
                [Flow("global")]
                public partial class GlobalFlow : IFlow<int> { [Action(1)] private static int A(int input) => input; }
                """,
            "record" => """
                namespace T { [Flow("r")] public partial record R { [Action(1)] private static void A() { } } }
                """,
            "step-not-a-method" => """
                namespace T
                {
                    [Flow("p")]
                    public partial class P
                    {
                        [Action(1)] private static void A() { }
                        public P() { }
                        [Action(2)] public static implicit operator int(P p) => 0;
                        [Action(3)] ~P() { }
                        [Action(4)] private static extern void Native();
                    }
                }
                """,
            "broken-attribute-arguments" => """
                namespace T
                {
                    [Flow("b", Version = "one", StepBudget = -1, Journal = (JournalMode)42)]
                    public partial class B
                    {
                        [Action("first")] private static void A() { }
                        [Retry(-5, Multiplier = 0.5, Jitter = 7, InitialDelayMs = -1)] [Action(int.MaxValue)] private static void C() { }
                        [Wait(3)] private static int NotAWait() => 1;
                        [ForEach(4, Parallelism = 0)] private static string Letters() => "abc";
                    }
                }
                """,
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }
}
