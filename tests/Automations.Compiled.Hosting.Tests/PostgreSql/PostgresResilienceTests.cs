using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.PostgreSql;
using Automations.Compiled.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.PostgreSql
{
    /// <summary>
    /// A host on a PostgreSQL server that goes away under it: every connection cut in the middle of the work, and the
    /// server restarted as in a failover. Accepted runs all complete, each committed step once; the host goes on by itself.
    /// Each test has a cluster of its own (what it does to the server would break other tests' connections).
    /// </summary>
    [Collection(Durable.AllocationCollection.Name)] // alone: a second cluster and a busy host on two cores
    public sealed class PostgresResilienceTests : IDisposable
    {
        private const int Runs = 300;
        private readonly PostgresCluster _cluster = PostgresCluster.Start();

        public void Dispose() => _cluster.Dispose();

        [Fact]
        public async Task Every_connection_cut_in_the_middle_of_the_work_loses_nothing()
        {
            await using var host = await StartHostAsync();
            var runs = await StartRunsAsync(host);

            await WaitForCompletedAsync(host, runs, Runs / 4);
            await using (var admin = new NpgsqlConnection(_cluster.ConnectionString))
            {
                await admin.OpenAsync();
                await using var cut = new NpgsqlCommand("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'", admin);
                Assert.True(Convert.ToInt64(await cut.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0, "no connection of the host was cut");
            }

            await AssertAllCompleteOnceAsync(host, runs);
        }

        [Fact]
        public async Task A_server_restart_in_the_middle_of_the_work_loses_nothing()
        {
            await using var host = await StartHostAsync();
            var runs = await StartRunsAsync(host);

            await WaitForCompletedAsync(host, runs, Runs / 4);
            _cluster.Restart();

            await AssertAllCompleteOnceAsync(host, runs);
        }

        private async Task<HostHandle> StartHostAsync()
        {
            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddAutomations(o =>
            {
                o.UsePostgres(_cluster.ConnectionString, j => j.Schema = "resilience");
                o.Concurrency = 16;
                o.Lease = TimeSpan.FromSeconds(3);
                o.PollInterval = TimeSpan.FromMilliseconds(100);
                o.AddFlow<SlowThreeSteps>();
            });
            var host = builder.Build();
            await host.StartAsync();
            return new HostHandle(host);
        }

        private static async Task<List<Guid>> StartRunsAsync(HostHandle host)
        {
            var runs = new List<Guid>();
            for (var i = 0; i < Runs; i++)
            {
                runs.Add((await host.Client.StartAsync<SlowThreeSteps>(new ResilienceJob { Number = i }, new FlowStartOptions { IdempotencyKey = "job-" + i })).RunId);
            }

            return runs;
        }

        private static async Task WaitForCompletedAsync(HostHandle host, List<Guid> runs, int count)
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            while (true)
            {
                var page = await host.Client.ListRunsAsync(new RunQuery { FlowId = SlowThreeSteps.Id, Status = FlowStatus.Completed, Limit = Runs }, patience.Token);
                if (page.Runs.Count >= count)
                {
                    return;
                }

                await Task.Delay(50, patience.Token);
            }
        }

        private static async Task AssertAllCompleteOnceAsync(HostHandle host, List<Guid> runs)
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            foreach (var run in runs)
            {
                // The client itself may meet the server down: it retries as an application would.
                Assert.Equal(FlowStatus.Completed, await RetryAsync(() => host.Client.WaitForStatusAsync(run, cancellationToken: patience.Token), patience.Token));
            }

            foreach (var run in runs)
            {
                var details = (await RetryAsync(() => host.Client.GetRunAsync(run, patience.Token), patience.Token))!;
                Assert.Equal(new[] { "first", "second", "third" }, details.Steps.Select(s => s.StepId));
            }
        }

        private static async Task<T> RetryAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
        {
            while (true)
            {
                try
                {
                    return await call();
                }
                catch (Exception error) when (error is JournalException or NpgsqlException && !cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(100, cancellationToken);
                }
            }
        }

        private sealed class HostHandle(IHost host) : IAsyncDisposable
        {
            public IFlowClient Client { get; } = host.Services.GetRequiredService<IFlowClient>();

            public async ValueTask DisposeAsync()
            {
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await host.StopAsync(stop.Token);
                host.Dispose();
            }
        }
    }

    public sealed class ResilienceJob
    {
        public int Number { get; set; }
    }

    /// <summary>Three durable steps with a little latency, so the cut and the restart land between and inside steps.</summary>
    [Flow(Id, Journal = JournalMode.Durable)]
    public sealed partial class SlowThreeSteps : IFlow<ResilienceJob>
    {
        public const string Id = "resilient-three";

        [Action(1)]
        private static async ValueTask<int> First(ResilienceJob job, StepContext step)
        {
            await Task.Delay(5, step.CancellationToken);
            return job.Number;
        }

        [Action(2)]
        private static async ValueTask Second(StepContext step) => await Task.Delay(5, step.CancellationToken);

        [Action(3)]
        private static int Third([FromStep(nameof(First))] int number) => number + 1;
    }
}
