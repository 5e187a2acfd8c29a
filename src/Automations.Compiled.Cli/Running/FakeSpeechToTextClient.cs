using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

// ISpeechToTextClient is [Experimental("MEAI001")] upstream; this fake is the tool's one implementation of it.
#pragma warning disable MEAI001

namespace Automations.Compiled.Cli.Running
{
    /// <summary>
    /// The flow tool's speech model for the built-in <c>transcribe</c> action (docs/ai-steps.md). It hears nothing: it
    /// calls no network and does not decode audio, so <c>flow run</c> and <c>flow test</c> are deterministic and offline.
    /// The transcript of an audio file is the text of the file beside it named <c>&lt;file&gt;.transcript.txt</c>
    /// (<c>call.wav</c> → <c>call.wav.transcript.txt</c>); without one, or for audio that is not a file, the call fails and
    /// says what to write. It reports no usage, so a transcription charges nothing to the run's cost budget.
    /// </summary>
    internal sealed class FakeSpeechToTextClient : ISpeechToTextClient
    {
        /// <summary>What a transcript file's name adds to the audio file's.</summary>
        private const string TranscriptSuffix = ".transcript.txt";

        public async Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (audioSpeechStream is not FileStream { Name: { Length: > 0 } audioPath })
            {
                throw new NotSupportedException("The flow tool's fake speech model transcribes audio files only: it reads the transcript stored beside the file (<file>" + TranscriptSuffix + ").");
            }

            var transcriptPath = audioPath + TranscriptSuffix;
            if (!File.Exists(transcriptPath))
            {
                throw new FileNotFoundException(
                    $"The flow tool's fake speech model does not hear audio: it reads the transcript stored beside the file. Write the words of '{Path.GetFileName(audioPath)}' to '{Path.GetFileName(transcriptPath)}' next to it.",
                    transcriptPath);
            }

            var text = await File.ReadAllTextAsync(transcriptPath, cancellationToken).ConfigureAwait(false);
            return new SpeechToTextResponse(text.Trim()) { ModelId = "fake" };
        }

        public async IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var response = await GetTextAsync(audioSpeechStream, options, cancellationToken).ConfigureAwait(false);
            foreach (var update in response.ToSpeechToTextResponseUpdates())
            {
                yield return update;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose()
        {
        }
    }
}
