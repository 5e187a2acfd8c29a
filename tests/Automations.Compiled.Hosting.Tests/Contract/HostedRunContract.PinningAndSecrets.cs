using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Host;
using Automations.Compiled.Hosting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit;
using static Automations.Compiled.Hosting.Tests.Contract.ContractFlows;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    internal sealed partial class ContractFlows
    {
        [Flow("pinned", Version = 1)]
        internal sealed partial class PinnedV1
        {
            private readonly Effects _e;

            public PinnedV1(Effects e) => _e = e;

            [Wait(1, Event = "continue")]
            partial void Hold();

            [Action(2)]
            private void Finish() => _e.Add("v1");
        }

        [Flow("pinned", Version = 2)]
        internal sealed partial class PinnedV2
        {
            private readonly Effects _e;

            public PinnedV2(Effects e) => _e = e;

            [Wait(1, Event = "continue")]
            partial void Hold();

            [Action(2)]
            private void Finish() => _e.Add("v2");
        }

        [Flow("secretive")]
        internal sealed partial class Secretive
        {
            private readonly Effects _e;

            public Secretive(Effects e) => _e = e;

            [Action(1)]
            private string Header([Secret("PAYMENTS_API_KEY")] string key)
            {
                _e.Add("header");
                return "Bearer " + key;
            }

            [Action(2)]
            private Dictionary<string, string> Credentials([Secret("PAYMENTS_API_KEY")] string key) => new() { ["user"] = "svc", ["password"] = "hunter2-not-a-secret-name", ["key"] = key };

            [Action(3)]
            private void Call([FromStep(nameof(Header))] string header) => throw new InvalidOperationException("the provider refused " + header);
        }
    }

    public abstract partial class HostedRunContract<TBackend>
        where TBackend : IJournalBackend, new()
    {
        [Fact]
        public async Task Each_run_resumes_on_the_version_it_started_on_and_a_run_whose_version_is_gone_is_reported_not_corrupted()
        {
            Guid v1Run, v2Run;
            await using (var both = await StartTestHostAsync(o => o.AddFlow<PinnedV1>().AddFlow<PinnedV2>()))
            {
                v1Run = (await both.Client.StartAsync("pinned", null, new FlowStartOptions { Version = 1 })).RunId;
                var latest = await both.Client.StartAsync("pinned");
                v2Run = latest.RunId;
                Assert.Equal(2, latest.FlowVersion);
                await both.Client.UntilAsync(v1Run, FlowStatus.Waiting);
                await both.Client.UntilAsync(v2Run, FlowStatus.Waiting);
            }

            // A host that only has v2: the v1 run is put aside, reported by the health check, and left as it was.
            await using (var onlyV2 = await StartTestHostAsync(o => { o.AddFlow<PinnedV2>(); o.MissingVersionRetry = TimeSpan.FromMilliseconds(200); }))
            {
                Assert.Equal(2, await onlyV2.Client.RaiseEventAsync("continue"));
                Assert.Equal(FlowStatus.Completed, await onlyV2.Client.UntilAsync(v2Run, FlowStatus.Completed));
                await WaitUntil(async () => (await onlyV2.HealthAsync()).Status == HealthStatus.Degraded);
                var report = await onlyV2.HealthAsync();
                Assert.Contains("'pinned' v1", report.Entries["automations"].Description, StringComparison.Ordinal);
                var parked = (await onlyV2.Client.GetRunAsync(v1Run))!;
                Assert.Equal(FlowStatus.Waiting, parked.Run.Status);
                Assert.Equal(1, parked.Run.FlowVersion);
                // The warning is written right after the item is put aside, which the health check may see first.
                await WaitUntil(() => onlyV2.Logs.Logs.Any(l => l.Message.Contains("which this host does not have", StringComparison.Ordinal)));
                Assert.Equal(new[] { "v2" }, Effects.Entries);
            }

            // Back on a host with v1: the run goes on, on v1's code.
            await using var again = await StartTestHostAsync(o => o.AddFlow<PinnedV1>().AddFlow<PinnedV2>());
            Assert.Equal(FlowStatus.Completed, await again.Client.UntilAsync(v1Run, FlowStatus.Completed));
            Assert.Equal(new[] { "v2", "v1" }, Effects.Entries);
        }

        private const string SecretValue = "sk-live-7f3a9c1e55d04b2b";

        private sealed class FixedSecrets : ISecretResolver
        {
            public ValueTask<string?> ResolveAsync(string name, CancellationToken cancellationToken)
                => new(name == "PAYMENTS_API_KEY" ? SecretValue : null);
        }

        [Fact]
        public async Task Secret_values_and_key_like_fields_reach_neither_the_journal_file_nor_the_logs()
        {
            Guid runId;
            string logText;
            await using (var host = await StartTestHostAsync(o => o.AddFlow<Secretive>(), s => s.AddSingleton<ISecretResolver, FixedSecrets>()))
            {
                runId = (await host.Client.StartAsync<Secretive>()).RunId;
                Assert.Equal(FlowStatus.Failed, await host.Client.UntilAsync(runId, FlowStatus.Failed));
                var details = (await host.Client.GetRunAsync(runId))!;
                Assert.Equal("\"***\"", Encoding.UTF8.GetString(details.Steps[0].Output!)); // a JSON string holding a secret goes whole
                var credentials = Encoding.UTF8.GetString(details.Steps[1].Output!);
                Assert.Contains("\"user\":\"svc\"", credentials, StringComparison.Ordinal);
                Assert.Contains("\"password\":\"***\"", credentials, StringComparison.Ordinal);
                Assert.Equal("the provider refused Bearer ***", details.Run.Error!.Message);
                logText = host.Logs.Text;
            }

            Assert.Contains("the provider refused Bearer ***", logText, StringComparison.Ordinal);
            var secret = Encoding.UTF8.GetBytes(SecretValue);
            foreach (var file in Directory.GetFiles(Folder.Path))
            {
                var bytes = File.ReadAllBytes(file);
                Assert.True(bytes.AsSpan().IndexOf(secret) < 0, $"the secret is in {Path.GetFileName(file)}");
            }

            Assert.DoesNotContain(SecretValue, logText, StringComparison.Ordinal);
        }
    }
}
