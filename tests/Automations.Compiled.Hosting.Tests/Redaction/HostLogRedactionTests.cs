using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Redaction;
using Automations.Compiled.Hosting.Tests.Contract;
using Automations.Compiled.Hosting.Tests.Host;
using Automations.Compiled.Hosting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Redaction
{
    /// <summary>
    /// <c>AddAutomations</c> makes every logger of the app redact with the host's scope: what a flow's action, the host
    /// and the app itself log reaches no provider with a secret the host resolved, and the providers' own filters stay.
    /// </summary>
    public sealed partial class HostLogRedactionTests : HostTest<SqliteBackend>
    {
        private const string SecretValue = "sk-live-0b1d2f3e4a5c6d7e";

        private sealed class FixedSecrets : ISecretResolver
        {
            public ValueTask<string?> ResolveAsync(string name, CancellationToken cancellationToken)
                => new(name == "PAYMENTS_API_KEY" ? SecretValue : null);
        }

        [Flow("logs-its-key")]
        internal sealed partial class LogsItsKey
        {
            private readonly ILogger<LogsItsKey> _logger;

            public LogsItsKey(ILogger<LogsItsKey> logger) => _logger = logger;

            [Action(1)]
            private void Call([Secret("PAYMENTS_API_KEY")] string key)
            {
                _logger.LogInformation("calling the provider with {Key}", key);
                _logger.LogWarning("raw: " + key);
            }
        }

        [Fact]
        public async Task What_an_action_and_the_app_log_through_their_loggers_is_redacted_as_the_journal_is()
        {
            await using var host = await StartTestHostAsync(
                o => o.AddFlow<LogsItsKey>(),
                s => s.AddSingleton<ISecretResolver, FixedSecrets>().Configure<LoggerFilterOptions>(f => f.AddFilter<CapturingLoggerProvider>("Noisy", LogLevel.None)));

            var run = await host.Client.StartAsync<LogsItsKey>();
            Assert.Equal(FlowStatus.Completed, await host.Client.UntilAsync(run.RunId, FlowStatus.Completed));
            host.Services.GetRequiredService<ILogger<HostLogRedactionTests>>().LogError("the app logs it too: {Value}", SecretValue);
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Noisy").LogError("filtered out by the provider's rule");

            var text = host.Logs.Text;
            Assert.Contains("calling the provider with ***", text, StringComparison.Ordinal);
            Assert.Contains("raw: ***", text, StringComparison.Ordinal);
            Assert.Contains("the app logs it too: ***", text, StringComparison.Ordinal);
            Assert.DoesNotContain(SecretValue, text, StringComparison.Ordinal);
            Assert.DoesNotContain("filtered out", text, StringComparison.Ordinal);
            Assert.All(host.Logs.Logs, l => Assert.DoesNotContain(SecretValue, string.Join(" ", l.State.Select(p => p.Value)), StringComparison.Ordinal));
        }

        [Fact]
        public async Task The_host_redacts_with_a_scope_the_app_registers_and_the_app_resolves_the_redacting_factory()
        {
            var shared = new RedactionScope();
            shared.Add("app-known-secret-value");
            await using var host = await StartTestHostAsync(o => o.AddFlow<LogsItsKey>(), s => s.AddSingleton(shared));

            host.Services.GetRequiredService<ILogger<HostLogRedactionTests>>().LogInformation("value app-known-secret-value here");

            Assert.Contains("value *** here", host.Logs.Text, StringComparison.Ordinal);
            Assert.IsType<RedactingLoggerFactory>(host.Services.GetRequiredService<ILoggerFactory>());
            Assert.Same(shared, host.Services.GetRequiredService<RedactionScope>());
        }
    }
}
