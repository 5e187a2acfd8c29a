using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Automations.Compiled.Hosting.Tests.Host
{
    /// <summary>What the steps of the test flows did, across hosts (a stand-in for the outside world).</summary>
    public sealed class Effects
    {
        private readonly ConcurrentQueue<string> _entries = new();

        public IReadOnlyList<string> Entries => _entries.ToArray();

        public int Count(string entry) => _entries.Count(e => e == entry);

        public void Add(string entry) => _entries.Enqueue(entry);

        /// <summary>Steps that block until released, to hold a run between two steps.</summary>
        public ConcurrentDictionary<string, TaskCompletionSource> Gates { get; } = new();

        public Task Gate(string name) => Gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public void Open(string name) => Gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

        /// <summary>Names that make a step throw while they are set.</summary>
        public ConcurrentDictionary<string, bool> Failing { get; } = new();

        /// <summary>Names that make a step wait at its gate (<see cref="Gate"/>) while they are set.</summary>
        public ConcurrentDictionary<string, bool> Held { get; } = new();
    }

    /// <summary>A real generic host with the automations runtime on the journal the test chooses, its client and its captured logs.</summary>
    internal sealed class TestHost : IAsyncDisposable
    {
        private readonly IHost _host;

        private TestHost(IHost host, CapturingLoggerProvider logs)
        {
            _host = host;
            Logs = logs;
        }

        public IFlowClient Client => _host.Services.GetRequiredService<IFlowClient>();

        public IServiceProvider Services => _host.Services;

        public CapturingLoggerProvider Logs { get; }

        /// <summary>Builds and starts a host whose steps record in <paramref name="effects"/>.</summary>
        /// <param name="journal">Chooses the journal, as <c>o => o.UseSqlite(path)</c>.</param>
        public static async Task<TestHost> StartAsync(Action<AutomationsOptions> journal, Effects effects, Action<AutomationsOptions> flows, Action<IServiceCollection>? services = null)
        {
            var logs = new CapturingLoggerProvider();
            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
            builder.Services.AddSingleton(effects);
            services?.Invoke(builder.Services);
            builder.Services.AddAutomations(o =>
            {
                journal(o);
                o.PollInterval = TimeSpan.FromMilliseconds(50);
                o.Lease = TimeSpan.FromSeconds(5);
                o.Concurrency = 16;
                flows(o);
            });
            var host = builder.Build();
            await host.StartAsync();
            return new TestHost(host, logs);
        }

        public async Task<HealthReport> HealthAsync() => await _host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        public async Task StopAsync() => await _host.StopAsync();

        public async ValueTask DisposeAsync()
        {
            try
            {
                await _host.StopAsync();
            }
            finally
            {
                if (_host is IAsyncDisposable disposable)
                {
                    await disposable.DisposeAsync();
                }
                else
                {
                    _host.Dispose();
                }
            }
        }
    }

    internal static class FlowClientWaits
    {
        public static async Task<FlowStatus> UntilAsync(this IFlowClient client, Guid runId, FlowStatus status)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await client.WaitForStatusAsync(runId, s => s == status || RunStatusRules.IsFinal(s), timeout.Token);
        }
    }
}
