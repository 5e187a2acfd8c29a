using System.Globalization;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace Automations.Compiled.Cli.Tests
{
    /// <summary>
    /// The built-in <c>transcribe</c> action (docs/ai-steps.md) under <c>flow run</c>: the tool's fake speech model reads
    /// the transcript stored beside the audio file (<c>call.wav.transcript.txt</c>); without a schema the transcript is the
    /// output, with one it goes to the fake chat model and the answer is validated as <c>extract</c>'s is.
    /// </summary>
    public sealed class TranscribeActionTests
    {
        private const string Schema = """{\"type\": \"object\", \"properties\": {\"intent\": {\"type\": \"string\", \"enum\": [\"refund\", \"complaint\", \"other\"]}, \"confidence\": {\"type\": \"number\"}}, \"required\": [\"intent\"]}""";

        /// <summary>A voicemail in which the fake chat model finds the enum choice "refund": confidence 0.9.</summary>
        private const string Refund = "I was charged twice and want a refund please";

        /// <summary>A flow whose <c>hear</c> step transcribes <c>inputs.path</c>, with <paramref name="answer"/> as extra action inputs.</summary>
        private static string Flow(string answer, string value) => $$"""
            {
              "id": "hear-voicemail",
              "inputs": { "path": "string" },
              "variables": { "output": "string" },
              "steps": [
                { "id": "hear", "type": "action", "action": "transcribe",
                  "inputs": { "path": "{!inputs.path}", "language": "en-GB"{{answer}} },
                  "endpoints": {
                    "success": [ { "id": "keep", "type": "set", "variable": "output", "value": "{{value}}" } ],
                    "error": [ { "id": "unheard", "type": "set", "variable": "output", "value": "'unheard'" } ] } }
              ]
            }
            """;

        private static string WithSchema(double minConfidence)
            => $", \"minConfidence\": {minConfidence.ToString(CultureInfo.InvariantCulture)}, \"schema\": \"{Schema}\"";

        /// <summary>A WAV file of no samples: 44 bytes of header. The fake model never decodes it.</summary>
        private static void WriteWav(string path)
        {
            using var writer = new BinaryWriter(File.Create(path));
            writer.Write(Encoding.ASCII.GetBytes("RIFF"));
            writer.Write(36);
            writer.Write(Encoding.ASCII.GetBytes("WAVEfmt "));
            writer.Write(16);
            writer.Write((short)1); // PCM
            writer.Write((short)1); // mono
            writer.Write(16000);
            writer.Write(32000);
            writer.Write((short)2);
            writer.Write((short)16);
            writer.Write(Encoding.ASCII.GetBytes("data"));
            writer.Write(0);
        }

        /// <summary>Runs <paramref name="flow"/> on <c>call.wav</c>, with <paramref name="transcript"/> beside it when not null.</summary>
        private static async Task<ToolResult> RunAsync(string? transcript, string flow)
        {
            using var work = new Workspace();
            WriteWav(work.File("call.wav"));
            if (transcript is not null)
            {
                work.Write("call.wav.transcript.txt", transcript);
            }

            work.Write("hear.flow.json", flow);
            return await FlowTool.RunAsync(work.Path, "run", "hear.flow.json", "--input", """{"path": "call.wav"}""", "--trace");
        }

        [Fact]
        public async Task Without_a_schema_the_transcript_beside_the_audio_is_the_output()
        {
            var result = await RunAsync("Hello, this is Ann about order 42.\n", Flow("", "'heard: ' + string(steps.hear.output)"));

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("trace hear #1 succeeded -> success", result.Out);
            Assert.Contains("output: \"heard: Hello, this is Ann about order 42.\"", result.Out);
        }

        [Fact]
        public async Task With_a_schema_the_transcript_reaches_the_chat_model_and_the_validated_answer_is_the_output()
        {
            var result = await RunAsync(Refund, Flow(WithSchema(0.8), "'intent: ' + string(steps.hear.output.intent)"));

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("trace hear #1 succeeded -> success", result.Out);
            Assert.Contains("output: \"intent: refund\"", result.Out);
        }

        [Fact]
        public async Task With_a_schema_an_answer_below_min_confidence_fails_the_action_to_its_error_endpoint()
        {
            var result = await RunAsync(Refund, Flow(WithSchema(0.95), "'intent: ' + string(steps.hear.output.intent)"));

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("trace hear #1 failed -> error", result.Out);
            Assert.Contains("The answer of LLM step 'hear' is not valid: its confidence 0.9 is below the step's minConfidence 0.95.", result.Out);
            Assert.Contains("output: \"unheard\"", result.Out);
        }

        [Fact]
        public async Task Audio_without_a_transcript_beside_it_fails_and_says_what_to_write()
        {
            var result = await RunAsync(transcript: null, Flow("", "string(steps.hear.output)"));

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("trace hear #1 failed -> error", result.Out);
            Assert.Contains("Write the words of 'call.wav' to 'call.wav.transcript.txt' next to it.", result.Out);
            Assert.Contains("output: \"unheard\"", result.Out);
        }

        [Fact]
        public async Task Min_confidence_without_a_schema_fails_and_says_to_give_one()
        {
            var result = await RunAsync(Refund, Flow(", \"minConfidence\": 0.8", "string(steps.hear.output)"));

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("trace hear #1 failed -> error", result.Out);
            Assert.Contains("transcribe: minConfidence applies to an answer of a schema; give a schema too, or drop minConfidence.", result.Out);
        }
    }
}
