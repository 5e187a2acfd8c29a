using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

// ISpeechToTextClient is [Experimental("MEAI001")] upstream: these test actions are an app's use of it.
#pragma warning disable MEAI001

namespace Automations.Compiled.Tests.Json
{
    /// <summary>
    /// The actions of <c>Flows/voicemail.flow.json</c>: an app's own transcription actions over <see cref="LlmStep"/>, with
    /// the clients a host would inject (TranscriptionTests gives them the scripted fakes).
    /// </summary>
    public sealed class VoicemailActions
    {
        /// <summary>The few bytes the tests send as the voicemail's audio (the scripted client does not decode them).</summary>
        public static readonly byte[] Audio = { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3, 4 };

        public const string Schema = """
            {"type": "object", "properties": {"intent": {"type": "string", "enum": ["refund", "complaint", "other"]}, "confidence": {"type": "number"}}, "required": ["intent", "confidence"]}
            """;

        private readonly ISpeechToTextClient _speech;
        private readonly IChatClient _chat;

        public VoicemailActions(ISpeechToTextClient speech, IChatClient chat)
        {
            _speech = speech;
            _chat = chat;
        }

        [FlowAction("tests.voicemail.transcribe")]
        public Task<Transcription> Transcribe(StepContext context, string language, CancellationToken cancellationToken)
            => LlmStep.TranscribeAsync(_speech, context, new MemoryStream(Audio), language, cancellationToken);

        [FlowAction("tests.voicemail.intent")]
        public async Task<string> Intent(StepContext context, string language, CancellationToken cancellationToken)
        {
            var answer = await LlmStep.TranscribeJsonAsync(_speech, _chat, context, new MemoryStream(Audio), language, "What does the caller want?", Schema, 0.8, cancellationToken);
            return answer.Value.GetProperty("intent").GetString()!;
        }
    }
}
