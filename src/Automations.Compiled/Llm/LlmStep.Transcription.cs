using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

// ISpeechToTextClient is [Experimental("MEAI001")] in Microsoft.Extensions.AI.Abstractions: this file is our one use of
// it in the runtime, so the warning is silenced here only (docs/ai-steps.md says the abstraction is experimental upstream).
#pragma warning disable MEAI001

namespace Automations.Compiled
{
    public static partial class LlmStep
    {
        /// <summary>
        /// Transcribes <paramref name="audio"/> with the app's speech-to-text client and charges the tokens the client
        /// reports against the run's cost budget, as a chat call does (a client that reports no usage charges nothing).
        /// </summary>
        /// <param name="client">The app's speech-to-text client (an experimental abstraction of Microsoft.Extensions.AI).</param>
        /// <param name="context">The step: its run's cost budget is charged one unit per token reported.</param>
        /// <param name="audio">The audio to transcribe; read, not disposed.</param>
        /// <param name="language">The language of the speech (a BCP 47 tag such as <c>en-US</c>), or null to let the model tell.</param>
        /// <param name="cancellationToken">The run's token.</param>
        /// <returns>The transcript, with the model, the length of speech and the usage the client reported.</returns>
        public static async Task<Transcription> TranscribeAsync(ISpeechToTextClient client, StepContext context, Stream audio, string? language, CancellationToken cancellationToken)
        {
            if (client is null)
            {
                throw new ArgumentNullException(nameof(client));
            }

            if (audio is null)
            {
                throw new ArgumentNullException(nameof(audio));
            }

            var options = new SpeechToTextOptions { SpeechLanguage = string.IsNullOrEmpty(language) ? null : language };
            var response = await client.GetTextAsync(audio, options, cancellationToken).ConfigureAwait(false);
            var (input, output, total) = Charge(context, response.Usage);
            return new Transcription
            {
                Text = (response.Text ?? "").Trim(),
                Language = options.SpeechLanguage,
                ModelId = response.ModelId,
                Duration = response.EndTime is { } end ? end - (response.StartTime ?? TimeSpan.Zero) : null,
                InputTokens = input,
                OutputTokens = output,
                TotalTokens = total,
            };
        }

        /// <summary>
        /// Transcribes <paramref name="audio"/> (<see cref="TranscribeAsync"/>), then asks <paramref name="chat"/> for an answer of
        /// <paramref name="schema"/> about the transcript with the call, validation and cost accounting of
        /// <see cref="InvokeJsonAsync"/>: an answer that is not JSON of the schema, or whose confidence is too low, throws
        /// <see cref="LlmOutputInvalidException"/> exactly as for an LLM step.
        /// </summary>
        /// <param name="speech">The app's speech-to-text client.</param>
        /// <param name="chat">The app's chat client.</param>
        /// <param name="context">The step: its id names the schema; its run's cost budget is charged for both calls.</param>
        /// <param name="audio">The audio to transcribe; read, not disposed.</param>
        /// <param name="language">The language of the speech, or null.</param>
        /// <param name="instructions">What to do with the transcript; the prompt is these, a blank line, and the transcript.</param>
        /// <param name="schema">The JSON schema of the answer.</param>
        /// <param name="minConfidence">When set, the answer's <c>confidence</c> member must be at least this.</param>
        /// <param name="cancellationToken">The run's token.</param>
        /// <returns>The validated answer; its <see cref="LlmAnswer.Call"/> holds the prompt, and so the transcript.</returns>
        /// <exception cref="LlmOutputInvalidException">The answer is not JSON of the schema, or its confidence is too low.</exception>
        public static async Task<LlmAnswer> TranscribeJsonAsync(ISpeechToTextClient speech, IChatClient chat, StepContext context, Stream audio, string? language, string instructions, string schema, double? minConfidence, CancellationToken cancellationToken)
        {
            if (chat is null)
            {
                throw new ArgumentNullException(nameof(chat)); // before the transcription is paid for
            }

            var transcription = await TranscribeAsync(speech, context, audio, language, cancellationToken).ConfigureAwait(false);
            return await InvokeJsonAsync(chat, context, instructions + "\n\n" + transcription.Text, schema, minConfidence, cancellationToken).ConfigureAwait(false);
        }
    }
}
