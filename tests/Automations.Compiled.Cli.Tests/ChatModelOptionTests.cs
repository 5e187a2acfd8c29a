using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Automations.Compiled.Cli.Tests
{
    /// <summary>
    /// <c>flow run --model openai:&lt;model&gt; --model-endpoint</c>: the sample's LLM step asks a real OpenAI-compatible server
    /// (here one in the test, on 127.0.0.1) with its schema, its answer is validated as the fake's is, and the key from
    /// <c>OPENAI_API_KEY</c> reaches the server only, never the terminal.
    /// </summary>
    public sealed class ChatModelOptionTests
    {
        private const string Key = "sk-test-5b1e0c7d9a";

        private static readonly string Sample = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Samples", "SupportTickets", "classify-ticket.flow.json"));

        [Fact]
        public async Task The_sample_asks_an_OpenAI_compatible_server_with_its_schema_and_routes_by_its_answer()
        {
            using var work = new Workspace();
            await using var server = OpenAiCompatibleServer.Start("""{"category": "bug", "urgent": true, "confidence": 0.97}""");

            var result = await FlowTool.RunAsync(
                work.Path,
                new Dictionary<string, string> { ["OPENAI_API_KEY"] = Key },
                "run", Sample, "--input", """{"subject": "Crash", "body": "the app crashes on start"}""", "--json", "--journal", Path.Combine(work.Path, "runs.db"),
                "--model", "openai:test-model", "--model-endpoint", server.Address + "v1");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("\"output\": \"page the bug on-call\"", result.Out);
            var request = Assert.Single(server.Requests);
            Assert.Equal("/v1/chat/completions", request.Path);
            Assert.Equal("Bearer " + Key, request.Authorization);
            using var body = JsonDocument.Parse(request.Body);
            Assert.Equal("test-model", body.RootElement.GetProperty("model").GetString());
            Assert.Contains("Subject: Crash. Body: the app crashes on start", body.RootElement.GetProperty("messages")[0].GetProperty("content").GetRawText());
            var format = body.RootElement.GetProperty("response_format");
            Assert.Equal("json_schema", format.GetProperty("type").GetString());
            Assert.Contains("\"enum\"", format.GetProperty("json_schema").GetProperty("schema").GetRawText());
            // The usage the server reported is recorded on the step in the journal (the budget counts it).
            Assert.True(result.Out.Contains("\"TotalTokens\": 52", StringComparison.Ordinal), result.Out);
            Assert.DoesNotContain(Key, result.Out + result.Error);
        }

        [Fact]
        public async Task A_server_answer_that_fails_the_schema_takes_the_invalid_endpoint_as_the_fake_models_does()
        {
            using var work = new Workspace();
            await using var server = OpenAiCompatibleServer.Start("""{"category": "sales", "urgent": "yes", "confidence": 0.99}""");

            var result = await FlowTool.RunAsync(
                work.Path,
                new Dictionary<string, string> { ["OPENAI_API_KEY"] = Key },
                "run", Sample, "--input", """{"subject": "Hi", "body": "a question"}""", "--trace",
                "--model", "openai:test-model", "--model-endpoint", server.Address + "v1");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("trace classify #2 failed -> invalid", result.Out);
            Assert.Contains("output: \"manual triage\"", result.Out);
            Assert.Equal(2, server.Requests.Count); // the step's retry asked again
        }

        [Theory]
        [InlineData("gpt-4o-mini", null, "is not a model the tool knows")]
        [InlineData("openai:gpt-4o-mini", null, "set its key in the OPENAI_API_KEY environment variable")]
        [InlineData("openai:m", "localhost:11434", "is not an http or https address")]
        [InlineData(null, "http://localhost:11434/v1", "give the model too")]
        public async Task A_model_the_tool_cannot_use_is_a_usage_error_that_says_what_to_do(string? model, string? endpoint, string message)
        {
            using var work = new Workspace();
            var args = new List<string> { "run", Sample, "--input", """{"subject": "s", "body": "b"}""" };
            if (model is not null)
            {
                args.AddRange(new[] { "--model", model });
            }

            if (endpoint is not null)
            {
                args.AddRange(new[] { "--model-endpoint", endpoint });
            }

            var result = await FlowTool.RunAsync(work.Path, new Dictionary<string, string> { ["OPENAI_API_KEY"] = "" }, args.ToArray());

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains(message, result.Error);
        }

        /// <summary>The chat completions endpoint of an OpenAI-compatible server: answers every request with one JSON answer.</summary>
        private sealed class OpenAiCompatibleServer : IAsyncDisposable
        {
            private readonly HttpListener _listener = new();
            private readonly string _answer;
            private readonly Task _serving;

            private OpenAiCompatibleServer(string answer)
            {
                _answer = answer;
                var port = FreePort();
                Address = $"http://127.0.0.1:{port}/";
                _listener.Prefixes.Add(Address);
                _listener.Start();
                _serving = ServeAsync();
            }

            public string Address { get; }

            public ConcurrentQueue<Request> Requests { get; } = new();

            public static OpenAiCompatibleServer Start(string answer) => new(answer);

            public async ValueTask DisposeAsync()
            {
                _listener.Stop();
                await _serving;
                _listener.Close();
            }

            private async Task ServeAsync()
            {
                while (true)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception error) when (error is HttpListenerException or ObjectDisposedException)
                    {
                        return;
                    }

                    using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                    Requests.Enqueue(new Request(context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], await reader.ReadToEndAsync()));
                    var response = JsonSerializer.Serialize(new
                    {
                        id = "chatcmpl-test",
                        @object = "chat.completion",
                        created = 1765000000,
                        model = "test-model",
                        choices = new[] { new { index = 0, message = new { role = "assistant", content = _answer }, finish_reason = "stop" } },
                        usage = new { prompt_tokens = 40, completion_tokens = 12, total_tokens = 52 },
                    });
                    var bytes = Encoding.UTF8.GetBytes(response);
                    context.Response.ContentType = "application/json";
                    context.Response.ContentLength64 = bytes.Length;
                    await context.Response.OutputStream.WriteAsync(bytes);
                    context.Response.Close();
                }
            }

            private static int FreePort()
            {
                using var socket = new TcpListener(IPAddress.Loopback, 0);
                socket.Start();
                return ((IPEndPoint)socket.LocalEndpoint).Port;
            }

            public sealed record Request(string Path, string? Authorization, string Body);
        }
    }
}
