using System;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>
    /// [Llm] steps of C# flows (docs/ai-steps.md, "In a C# flow"): they go through the same model, validator and emitter
    /// as JSON llm steps, so a valid flow compiles clean, and the method's shape, the output type, MinConfidence, a
    /// missing chat client (AUTO8103) and a before_* trigger (AUTO8101) are reported where they are written.
    /// </summary>
    public sealed class LlmCSharpStepTests
    {
        private const string Answer = """
            namespace TestFlows
            {
                public sealed class Answer : Automations.Compiled.LlmOutput
                {
                    public string Category { get; init; } = "";
                    public double Confidence { get; init; }
                }

                public sealed class NoConfidence : Automations.Compiled.LlmOutput
                {
                    public string Category { get; init; } = "";
                }

                public sealed class Plain
                {
                    public string Category { get; init; } = "";
                }
            }
            """;

        private static string Flow(string members, string attributes = "") => $$"""
            using Automations.Compiled;
            using Microsoft.Extensions.AI;

            namespace TestFlows
            {
                public sealed record Ticket(string Subject);

                {{attributes}}
                [Flow("ticket")]
                public partial class TicketFlow : IFlow<Ticket>
                {
                    private readonly IChatClient _chat;

                    public TicketFlow(IChatClient chat) => _chat = chat;

            {{members}}
                }
            }
            """;

        [Fact]
        public Task A_valid_llm_step_with_invalid_and_success_endpoints_compiles_clean() => Analyze(Flow("""
                    [Llm(1, typeof(Answer), MinConfidence = 0.8)]
                    private static string Classify(Ticket ticket, [Secret("TONE")] string tone) => $"Classify in a {tone} tone: {ticket.Subject}";

                    [Action(1, Parent = nameof(Classify), On = Endpoints.Invalid)]
                    private static void Triage() { }

                    [Action(1, Parent = nameof(Classify), On = Endpoints.Success)]
                    private static void Route([FromStep(nameof(Classify))] Answer answer) { }
            """));

        [Fact]
        public Task A_method_that_does_not_return_the_prompt_is_reported() => Analyze(Flow("""
                    [Llm(1, typeof(Answer))]
                    private static int {|#0:Classify|}() => 1;
            """),
            FlowTestProject.Diagnostic("AUTO0007").WithLocation(0).WithMessage("Step 'classify': an llm method returns its prompt as a string; the answer's type is the attribute's second argument, [Llm(order, typeof(Answer))]"));

        [Fact]
        public Task An_output_type_that_cannot_be_an_answer_is_reported_at_its_typeof() => Analyze(Flow("""
                    [Llm(1, {|#0:typeof(Plain)|})]
                    private static string Classify() => "Classify";
            """),
            FlowTestProject.Diagnostic("AUTO8102").WithLocation(0).WithMessage("LLM step 'classify' names the output type 'TestFlows.Plain', which cannot be an answer: it does not derive from Automations.Compiled.LlmOutput; declare it as 'public sealed class Plain : LlmOutput', so the answer carries the record of its call"));

        [Fact]
        public Task Min_confidence_outside_0_to_1_is_reported_at_its_argument() => Analyze(Flow("""
                    [Llm(1, typeof(Answer), MinConfidence = {|#0:1.5|})]
                    private static string Classify() => "Classify";
            """),
            FlowTestProject.Diagnostic("AUTO0007").WithLocation(0).WithMessage("Step 'classify': MinConfidence is a number from 0 to 1, such as 0.8"));

        [Fact]
        public Task Min_confidence_needs_a_numeric_confidence_property() => Analyze(Flow("""
                    [Llm(1, typeof(NoConfidence), MinConfidence = {|#0:0.8|})]
                    private static string Classify() => "Classify";
            """),
            FlowTestProject.Diagnostic("AUTO0007").WithLocation(0).WithMessage("Step 'classify': MinConfidence needs a numeric Confidence property on NoConfidence for the step to check it"));

        [Fact]
        public Task A_flow_without_a_chat_client_is_reported_at_the_step() => Analyze("""
            using Automations.Compiled;

            namespace TestFlows
            {
                [Flow("ticket")]
                public partial class TicketFlow
                {
                    private readonly string _chat = "not a client";

                    [Llm(1, typeof(Answer))]
                    private static string {|#0:Classify|}() => "Classify";
                }
            }
            """,
            FlowTestProject.Diagnostic("AUTO8103").WithLocation(0).WithMessage("Flow 'ticket' has LLM step 'classify' but no chat client to ask; add a field or property of type Microsoft.Extensions.AI.IChatClient, set from the flow's constructor"));

        [Fact]
        public Task A_later_step_taking_the_answer_as_another_type_is_reported() => Analyze(Flow("""
                    [Llm(1, typeof(Answer))]
                    private static string Classify() => "Classify";

                    [Action(2)]
                    private static void Route([FromStep({|#0:nameof(Classify)|})] string answer) { }
            """),
            FlowTestProject.Diagnostic("AUTO4002").WithLocation(0).WithMessage("Step 'route' reads the output of 'classify' as global::System.String, but it is global::TestFlows.Answer"));

        [Fact]
        public Task An_llm_step_in_a_before_insert_flow_is_AUTO8101() => Analyze(Flow("""
                    [Llm(1, typeof(Answer))]
                    private static string {|#0:Classify|}() => "Classify";
            """, "[RecordTrigger(\"ticket\", RecordEvent.BeforeInsert)]"),
            FlowTestProject.Diagnostic("AUTO8101").WithLocation(0).WithMessage("Flow 'ticket' runs inline in the record write (before_insert), but step 'classify' calls a chat model; use an after_* event for LLM steps"));

        [Fact]
        public void A_property_added_to_the_answer_type_in_another_file_regenerates_the_schema()
        {
            var flow = Flow("""
                    [Llm(1, typeof(Answer))]
                    private static string Classify() => "Classify";
            """);
            var first = GeneratorRun.Start(TestCompilation.Create(flow, Answer));
            Assert.DoesNotContain("\\\"severity\\\"", first.Source("TicketFlow.Flow.g.cs"), StringComparison.Ordinal);

            var second = first.Next(CrossFileIncrementalTests.Edit(first, "Source1.cs", "public double Confidence { get; init; }", "public double Confidence { get; init; }\n        public int Severity { get; init; }"));

            Assert.All(second.Outputs(FlowGenerator.Steps.Model), o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
            Assert.Contains("\\\"severity\\\":{\\\"type\\\":\\\"integer\\\"}", second.Source("TicketFlow.Flow.g.cs"), StringComparison.Ordinal);
            Assert.Empty(TestCompilation.Errors(second.Output));
        }

        [Fact]
        public void A_method_body_edit_in_another_file_reads_no_llm_flow()
        {
            var flow = Flow("""
                    [Llm(1, typeof(Answer))]
                    private static string Classify() => "Classify";
            """);
            var first = GeneratorRun.Start(TestCompilation.Create(flow, Answer + "\nnamespace TestFlows { public static class Helpers { public static int One() => 1; } }"));

            var second = first.Next(CrossFileIncrementalTests.Edit(first, "Source1.cs", "=> 1;", "=> 2;"));

            Assert.All(second.Outputs(FlowGenerator.Steps.Model), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }

        private static Task Analyze(string flow, params DiagnosticResult[] expected)
        {
            var test = new FlowAnalyzerTest
            {
                RunGenerator = true,
                TestState = { Sources = { Answer, flow } },
            };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }
    }
}
