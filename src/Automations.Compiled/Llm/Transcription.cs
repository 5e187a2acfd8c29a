using System;

namespace Automations.Compiled
{
    /// <summary>
    /// What <see cref="LlmStep.TranscribeAsync"/> returns: the text a speech-to-text model heard in an audio stream, the
    /// model that heard it, the length of speech it covers and the tokens the client reported.
    /// </summary>
    public sealed class Transcription
    {
        /// <summary>The transcript.</summary>
        public string Text { get; init; } = "";

        /// <summary>The language of the speech the call asked for (a BCP 47 tag such as <c>en-US</c>), or null.</summary>
        public string? Language { get; init; }

        /// <summary>The model that transcribed, when the client said.</summary>
        public string? ModelId { get; init; }

        /// <summary>The length of audio the transcript covers, when the client reported its start and end times.</summary>
        public TimeSpan? Duration { get; init; }

        /// <summary>Tokens of the audio; 0 when the client did not report usage.</summary>
        public long InputTokens { get; init; }

        /// <summary>Tokens of the transcript; 0 when the client did not report usage.</summary>
        public long OutputTokens { get; init; }

        /// <summary>All tokens of the call, what it charges against the run's cost budget (0 when the client reported none).</summary>
        public long TotalTokens { get; init; }
    }
}
