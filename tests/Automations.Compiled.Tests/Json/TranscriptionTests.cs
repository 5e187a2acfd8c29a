using System;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Testing;
using Microsoft.Extensions.AI;
using Xunit;

namespace Automations.Compiled.Tests.Json
{
    /// <summary>
    /// Transcription (docs/ai-steps.md) through a flow's public API, with the scripted speech and chat clients: the
    /// transcript is the action's typed output; with a schema the answer about it is validated as an LLM step's is (an
    /// invalid answer fails the try with <see cref="LlmOutputInvalidException"/>); the tokens both clients report are
    /// charged to the cost budget, and a client that reports none charges nothing.
    /// </summary>
    public sealed class TranscriptionTests
    {
        private static JsonVoicemailFlow.Input Transcript => new() { Language = "en-GB", Intent = false };

        private static JsonVoicemailFlow.Input Intent => new() { Language = "en-GB", Intent = true };

        [Fact]
        public async Task The_transcript_is_the_output_with_the_model_length_and_usage()
        {
            var speech = new ScriptedSpeechToTextClient().Respond("  Hello, I was charged twice for my order.  ", inputTokens: 30, outputTokens: 9, duration: TimeSpan.FromSeconds(4.5));
            var trace = new FlowTrace();

            var result = await new JsonVoicemailFlow(new VoicemailActions(speech, new ScriptedChatClient())).RunAsync(Transcript, new FlowRunOptions { Observer = trace });

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal("Hello, I was charged twice for my order.", result.Output);
            var request = Assert.Single(speech.Requests);
            Assert.Equal(VoicemailActions.Audio, request.Audio);
            Assert.Equal("en-GB", request.Options!.SpeechLanguage);
            var transcription = Assert.IsType<Transcription>(trace.Records.Single(r => r.StepId == "hear").Output);
            Assert.Equal("en-GB", transcription.Language);
            Assert.Equal("scripted", transcription.ModelId);
            Assert.Equal(TimeSpan.FromSeconds(4.5), transcription.Duration);
            Assert.Equal(30, transcription.InputTokens);
            Assert.Equal(9, transcription.OutputTokens);
            Assert.Equal(39, transcription.TotalTokens);
        }

        [Fact]
        public async Task A_client_that_reports_no_usage_charges_nothing()
        {
            var speech = new ScriptedSpeechToTextClient().Respond("Call me back.");
            var trace = new FlowTrace();

            var result = await new JsonVoicemailFlow(new VoicemailActions(speech, new ScriptedChatClient())).RunAsync(Transcript, new FlowRunOptions { Observer = trace });

            Assert.Equal(FlowStatus.Completed, result.Status);
            var transcription = Assert.IsType<Transcription>(trace.Records.Single(r => r.StepId == "hear").Output);
            Assert.Equal(0, transcription.TotalTokens);
            Assert.Null(transcription.Duration);
        }

        [Fact]
        public async Task Transcription_tokens_over_the_cost_budget_fail_the_run()
        {
            // limits.cost is 1,000: one token is one unit, so 1,200 tokens take the run over at its next step.
            var speech = new ScriptedSpeechToTextClient().Respond("Hello", inputTokens: 1000, outputTokens: 200);
            var trace = new FlowTrace();

            var result = await new JsonVoicemailFlow(new VoicemailActions(speech, new ScriptedChatClient())).RunAsync(Transcript, new FlowRunOptions { Observer = trace });

            Assert.Equal(FlowStatus.Failed, result.Status);
            Assert.Contains("1,200, over its cost budget of 1,000", result.Error!.Message);
            Assert.DoesNotContain("keep-text", trace.StepIds);
        }

        [Fact]
        public async Task With_a_schema_the_transcript_goes_to_the_chat_model_and_the_valid_answer_is_typed()
        {
            var speech = new ScriptedSpeechToTextClient().Respond("I want my money back.");
            var chat = new ScriptedChatClient().Respond("""{"intent": "refund", "confidence": 0.9}""");

            var result = await new JsonVoicemailFlow(new VoicemailActions(speech, chat)).RunAsync(Intent);

            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal("intent: refund", result.Output);
            var request = Assert.Single(chat.Requests);
            Assert.Equal("What does the caller want?\n\nI want my money back.", request.Text);
            var format = Assert.IsType<ChatResponseFormatJson>(request.Options!.ResponseFormat);
            Assert.Equal("intent", format.SchemaName);
        }

        [Theory]
        [InlineData("""not json""", "it is not JSON")]
        [InlineData("""{"intent": "refund"}""", "'confidence' is required but missing")]
        [InlineData("""{"intent": "lunch", "confidence": 0.9}""", "'intent' is not one of \"refund\", \"complaint\", \"other\"")]
        [InlineData("""{"intent": "refund", "confidence": 0.5}""", "its confidence 0.5 is below the step's minConfidence 0.8")]
        public async Task With_a_schema_an_invalid_answer_fails_each_try_as_an_llm_step_does(string answer, string reason)
        {
            var speech = new ScriptedSpeechToTextClient().Respond("I want my money back.").Respond("I want my money back.");
            var chat = new ScriptedChatClient().Respond(answer).Respond(answer);
            var trace = new FlowTrace();

            var result = await new JsonVoicemailFlow(new VoicemailActions(speech, chat)).RunAsync(Intent, new FlowRunOptions { Observer = trace });

            Assert.Equal(FlowStatus.Failed, result.Status);
            Assert.Equal(2, chat.Requests.Count); // both tries of "retry": {"attempts": 2}
            Assert.Equal(0, speech.Remaining);
            Assert.Equal("intent", result.Error!.StepId);
            Assert.Equal($"The answer of LLM step 'intent' is not valid: {reason}.", result.Error.Message);
            Assert.Contains(nameof(LlmOutputInvalidException), result.Error.ExceptionType);
            Assert.DoesNotContain("keep-intent", trace.StepIds);
        }

        [Fact]
        public async Task With_a_schema_both_calls_are_charged_to_the_cost_budget()
        {
            // 600 tokens of speech and 600 of chat: neither is over 1,000 alone, together they are.
            var speech = new ScriptedSpeechToTextClient().Respond("I want my money back.", inputTokens: 500, outputTokens: 100);
            var chat = new ScriptedChatClient().Respond("""{"intent": "refund", "confidence": 0.9}""", inputTokens: 500, outputTokens: 100);

            var result = await new JsonVoicemailFlow(new VoicemailActions(speech, chat)).RunAsync(Intent);

            Assert.Equal(FlowStatus.Failed, result.Status);
            Assert.Contains("1,200, over its cost budget of 1,000", result.Error!.Message);
        }

        [Fact]
        public async Task A_call_with_no_transcript_queued_fails()
        {
            var speech = new ScriptedSpeechToTextClient();

            var result = await new JsonVoicemailFlow(new VoicemailActions(speech, new ScriptedChatClient())).RunAsync(Transcript);

            Assert.Equal(FlowStatus.Failed, result.Status);
            Assert.Contains("ScriptedSpeechToTextClient has no transcript queued for call 1", result.Error!.Message);
        }
    }
}
