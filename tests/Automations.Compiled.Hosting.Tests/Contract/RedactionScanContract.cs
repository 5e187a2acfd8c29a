using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Redaction;
using Automations.Compiled.Hosting.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>
    /// The check the issue asks for: a run whose payload, step outputs, errors and outcome hold a secret, written to a
    /// real journal file through the redactor as the worker writes them and logged through the redacting provider;
    /// then the raw bytes of the journal's files (SQLite: the database and its WAL) and the log output are scanned for the secret: zero hits.
    /// </summary>
    public abstract class RedactionScanContract<TBackend> : JournalTest<TBackend>
        where TBackend : IJournalBackend, new()
    {
        // Resolved from a secret file, as a host's default resolver would.
        private const string Secret = "sk_live_7c1f9a2b4e5d";

        // Never registered as a secret: hidden because it is the value of a "password" property.
        private const string UserPassword = "correct-horse-battery";

        [Fact]
        public async Task The_database_file_its_wal_and_the_log_output_hold_no_secret()
        {
            var host = new RedactionScope();
            var captured = new ExternalScopeCapturingLoggerProvider();
            using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new RedactingLoggerProvider(captured, host)));
            var logger = factory.CreateLogger("Automations.Worker");

            var written = await WriteRunAsync(Journal, host, logger);

            // While the journal is open the last commits may be only in a companion file (SQLite's WAL); closing moves them into the file.
            AssertNoHits(await Backend.ReadFilesAsync(Journal, JournalPath));
            await Journal.DisposeAsync();
            var closed = await Backend.ReadFilesAsync(null, JournalPath);
            AssertNoHits(closed);

            var log = Encoding.UTF8.GetBytes(captured.Text);
            Assert.Equal(0, Occurrences(log, Secret));
            Assert.Equal(0, Occurrences(log, UserPassword));

            // The scan reads real data: what was not secret is there, in the file and in the log.
            Assert.True(Occurrences(All(closed), "A-1001") > 0);
            Assert.True(Occurrences(log, "A-1001") > 0);
            Assert.True(Occurrences(log, "ch_1") > 0);

            // And the journal hands back the redacted documents, still JSON.
            await ReopenAsync();
            var run = (await Journal.GetRunAsync(written))!;
            using var payload = JsonDocument.Parse(run.Payload);
            Assert.Equal("***", payload.RootElement.GetProperty("customer").GetProperty("password").GetString());
            Assert.Equal("***", payload.RootElement.GetProperty("apiKeyEcho").GetString());
            Assert.Equal("A-1001", payload.RootElement.GetProperty("order").GetString());
            Assert.Equal("401 Unauthorized: invalid key ***", run.Steps[0].Error);
        }

        [Fact]
        public async Task The_scan_finds_the_secret_when_nothing_is_redacted()
        {
            // The control: the same run written without redaction leaves the secret in the bytes the scan reads,
            // open (in the WAL) and closed (in the file).
            var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

            await WriteRunAsync(Journal, host: null, logger);

            var open = All(await Backend.ReadFilesAsync(Journal, JournalPath));
            Assert.True(Occurrences(open, Secret) > 0);
            Assert.True(Occurrences(open, UserPassword) > 0);
            await Journal.DisposeAsync();
            Assert.True(Occurrences(All(await Backend.ReadFilesAsync(null, JournalPath)), Secret) > 0);
        }

        /// <summary>
        /// What a host and its worker do for one run: the host registers the secrets its flows declare when it starts (the
        /// trigger payload is written before any step resolves one); the run's start, two step tries, a resume item and the
        /// outcome are written through the run's scope; the step resolves the secret again at its call; everything is logged
        /// along the way. With a null host scope, nothing is redacted.
        /// </summary>
        private async Task<Guid> WriteRunAsync(IRunJournal journal, RedactionScope? host, ILogger logger)
        {
            var secretsDirectory = Folder.File("secrets");
            Directory.CreateDirectory(secretsDirectory);
            await File.WriteAllTextAsync(Path.Combine(secretsDirectory, "PAYMENTS_KEY"), Secret + "\n");
            ISecretResolver resolver = CompositeSecretResolver.EnvironmentThenFiles(secretsDirectory);
            if (host is not null)
            {
                await host.Track(resolver).ResolveAsync("PAYMENTS_KEY", CancellationToken.None);
            }

            var scope = host is null ? null : new RedactionScope(host);
            byte[] Json(byte[] utf8) => scope is null ? utf8 : scope.RedactJson(utf8);
            StepEntry Step(StepEntry step) => scope is null ? step : scope.RedactStep(step);
            RunOutcome Outcome(RunOutcome outcome) => scope is null ? outcome : scope.RedactOutcome(outcome);

            // A webhook body that echoes the key and carries a customer's password.
            var payload = JsonSerializer.SerializeToUtf8Bytes(new
            {
                order = "A-1001",
                apiKeyEcho = Secret,
                customer = new { email = "bob@example.com", password = UserPassword },
            });
            var start = await journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, IdempotencyKey = "A-1001", TriggerKind = "webhook", Payload = Json(payload) });
            var runId = start.RunId;

            // The step's call: the secret is resolved now, through the run's scope.
            var key = (await (scope is null ? resolver : scope.Track(resolver)).ResolveAsync("PAYMENTS_KEY", CancellationToken.None))!;
            Assert.Equal(Secret, key);
            using var runLog = logger.BeginScope("Run {RunId} of order {Order} (key {Key})", runId, "A-1001", key);
            logger.LogInformation("Run started with payload {Payload}", Encoding.UTF8.GetString(payload));
            await journal.SetStatusAsync(runId, FlowStatus.Running);

            // The first try fails with the key in the error message; the second succeeds with it all over its output.
            var now = Clock.GetUtcNow();
            var error = $"401 Unauthorized: invalid key {key}";
            await journal.AppendStepAsync(Step(new StepEntry(runId, "charge", 1, StepStatus.Failed, null, now, now, Error: error)));
            logger.LogWarning(new System.Net.Http.HttpRequestException(error), "Step {StepId} try {Attempt} failed", "charge", 1);

            var output = JsonSerializer.SerializeToUtf8Bytes(new
            {
                chargeId = "ch_1",
                request = new { url = "https://pay.example.com/v1/charges?key=" + key, headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + key } },
                echo = new object[] { key, 42, true, new { apiKey = key } },
                credentials = new { user = "shop", password = UserPassword },
            });
            await journal.AppendStepAsync(Step(new StepEntry(runId, "charge", 2, StepStatus.Succeeded, Endpoints.Success, now, now.AddMilliseconds(120), output)));
            logger.LogInformation("Step {StepId} returned {Output} using {ApiKey}", "charge", Encoding.UTF8.GetString(output), key);

            // A resume item whose payload (an approval) carries a token.
            await journal.EnqueueAsync(new OutboxEntry(runId, OutboxKind.Resume, Json(JsonSerializer.SerializeToUtf8Bytes(new { signal = "approved", token = key }))));

            var outcome = new RunOutcome(JsonSerializer.SerializeToUtf8Bytes(new { receipt = "r-1", usedKey = key }), $"completed with key {key}");
            await journal.SetStatusAsync(runId, FlowStatus.Completed, Outcome(outcome));
            logger.LogInformation("Run completed: {Message}", outcome.Message);
            return runId;
        }

        private static void AssertNoHits(IReadOnlyDictionary<string, byte[]> files)
        {
            foreach (var (file, bytes) in files)
            {
                Assert.True(Occurrences(bytes, Secret) == 0, $"The secret is in {Path.GetFileName(file)}.");
                Assert.True(Occurrences(bytes, UserPassword) == 0, $"The password is in {Path.GetFileName(file)}.");
            }
        }

        private static byte[] All(IReadOnlyDictionary<string, byte[]> files) => [.. files.Values.SelectMany(bytes => bytes)];

        private static int Occurrences(ReadOnlySpan<byte> haystack, string value)
        {
            var needle = Encoding.UTF8.GetBytes(value);
            var count = 0;
            for (var at = haystack.IndexOf(needle); at >= 0; at = haystack.IndexOf(needle))
            {
                count++;
                haystack = haystack[(at + 1)..];
            }

            return count;
        }
    }
}
