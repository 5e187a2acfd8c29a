using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

// ISpeechToTextClient is [Experimental("MEAI001")] upstream; this fake is the Testing package's one use of it.
#pragma warning disable MEAI001

namespace Automations.Compiled.Testing
{
    /// <summary>
    /// A fake <see cref="ISpeechToTextClient"/> for tests of transcription (docs/ai-steps.md): it answers each call with
    /// the next queued transcript (with its token usage and length of speech), records every request, and never touches a
    /// network. A call with nothing queued fails, so a test states exactly how many calls it expects.
    /// </summary>
    public sealed class ScriptedSpeechToTextClient : ISpeechToTextClient
    {
        private readonly Script<SpeechToTextResponse, ScriptedSpeechToTextRequest> _script = new(nameof(ScriptedSpeechToTextClient), "transcript");

        /// <summary>Queues a transcript, with the tokens it reports and the length of speech it covers.</summary>
        /// <param name="text">The transcript.</param>
        /// <param name="inputTokens">The audio's tokens, reported as usage.</param>
        /// <param name="outputTokens">The transcript's tokens, reported as usage.</param>
        /// <param name="duration">The length of speech, reported as the response's end time; none when null.</param>
        /// <returns>This client, to queue more.</returns>
        public ScriptedSpeechToTextClient Respond(string text, long inputTokens = 0, long outputTokens = 0, TimeSpan? duration = null)
        {
            var response = new SpeechToTextResponse(text)
            {
                ModelId = "scripted",
                StartTime = duration is null ? null : TimeSpan.Zero,
                EndTime = duration,
                Usage = inputTokens == 0 && outputTokens == 0
                    ? null // as a client that reports no usage
                    : new UsageDetails { InputTokenCount = inputTokens, OutputTokenCount = outputTokens, TotalTokenCount = inputTokens + outputTokens },
            };
            _script.Enqueue(response);
            return this;
        }

        /// <summary>The requests so far, in order.</summary>
        public IReadOnlyList<ScriptedSpeechToTextRequest> Requests => _script.Requests;

        /// <summary>How many queued transcripts no call has taken yet.</summary>
        public int Remaining => _script.Remaining;

        /// <inheritdoc />
        public async Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The audio is read as a real client would, so a test sees what the step sent.
            using var audio = new MemoryStream();
            await audioSpeechStream.CopyToAsync(audio, cancellationToken).ConfigureAwait(false);
            return _script.Take(new ScriptedSpeechToTextRequest(audio.ToArray(), options));
        }

        /// <inheritdoc />
        public async IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var response = await GetTextAsync(audioSpeechStream, options, cancellationToken).ConfigureAwait(false);
            foreach (var update in response.ToSpeechToTextResponseUpdates())
            {
                yield return update;
            }
        }

        /// <inheritdoc />
        public object? GetService(Type serviceType, object? serviceKey = null)
            => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

        /// <inheritdoc />
        public void Dispose()
        {
        }
    }

    /// <summary>One call a <see cref="ScriptedSpeechToTextClient"/> received.</summary>
    /// <param name="Audio">The bytes of the audio sent.</param>
    /// <param name="Options">The options sent (a transcription asks for its language in <see cref="SpeechToTextOptions.SpeechLanguage"/>).</param>
    public sealed record ScriptedSpeechToTextRequest(IReadOnlyList<byte> Audio, SpeechToTextOptions? Options);
}
