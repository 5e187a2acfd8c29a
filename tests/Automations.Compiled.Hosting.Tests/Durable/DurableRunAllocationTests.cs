using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Automations.Compiled.Hosting.Tests.Durable
{
    /// <summary>Runs alone: the allocation it measures is the whole process's (client, host and journal threads).</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class AllocationCollection
    {
        public const string Name = "allocation (alone)";
    }

    /// <summary>
    /// What one durable three-step run costs in managed allocation, once the host is warm: the start, two checkpoints, the
    /// end and the caller's wait, on SQLite (LiteDB's own cost per document, hundreds of KB, is measured by the benchmarks),
    /// client, host and journal threads together. The bounds are the ones this code meets with room for noise (see
    /// benchmarks/README.md, "A durable run's cost"); a change that brings back per-run objects on the durable path (a
    /// task per journal write, a command per statement, a JSON writer per snapshot, a timer per wait, a machine per run)
    /// crosses them.
    /// </summary>
    [Collection(AllocationCollection.Name)]
    public sealed class DurableRunAllocationTests
    {
        private readonly ITestOutputHelper _output;

        public DurableRunAllocationTests(ITestOutputHelper output) => _output = output;

        /// <summary>Issue 25's bar: at most 4 KB per durable run with many runs in flight (the host's default concurrency).</summary>
        [Fact]
        public async Task A_warmed_durable_run_on_SQLite_allocates_at_most_4_KB_with_64_in_flight()
        {
            var perRun = await MeasureAsync(callers: 64, runsPerCaller: 25);
            Assert.True(perRun <= 4 * 1024, $"A warmed durable 3-step run on SQLite, 64 in flight, allocated {perRun:N0} bytes; the bound is 4,096.");
        }

        /// <summary>
        /// One run at a time: every commit is a batch of one write (its BEGIN and COMMIT are not shared), and the host's
        /// loops (the claim loop's and the timer scan's polls) are shared by fewer runs.
        /// </summary>
        [Fact]
        public async Task A_warmed_durable_run_on_SQLite_allocates_at_most_4_KB_one_at_a_time()
        {
            var perRun = await MeasureAsync(callers: 1, runsPerCaller: 400);
            Assert.True(perRun <= 4 * 1024, $"A warmed durable 3-step run on SQLite, one at a time, allocated {perRun:N0} bytes; the bound is 4,096.");
        }

        private async Task<long> MeasureAsync(int callers, int runsPerCaller)
        {
            using var folder = new TempFolder();
            // A host as an application has it: the default log level (Information), so the per-leg Debug lines cost nothing.
            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddAutomations(o =>
            {
                o.UseSqlite(folder.File("allocation.db"));
                o.AddFlow<ThreeDurableSteps>();
            });
            using var host = builder.Build();
            await host.StartAsync();
            var client = host.Services.GetRequiredService<IFlowClient>();

            async Task CallerAsync(int count)
            {
                for (var i = 0; i < count; i++)
                {
                    var run = await client.StartAsync<ThreeDurableSteps>(new AllocationJob { Number = i });
                    var status = await client.WaitForStatusAsync(run.RunId);
                    if (status != FlowStatus.Completed)
                    {
                        // Not Assert.Equal in the loop: xunit's comparer boxes and allocates more than a run's share of the bound.
                        throw new Xunit.Sdk.XunitException($"Run {run.RunId} ended {status}, not Completed.");
                    }
                }
            }

            // The callers run on the pool, as an application's requests do (not on the test's synchronization context).
            Task RoundAsync() => Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(() => CallerAsync(runsPerCaller))));

            await RoundAsync(); // warm: JIT tiers, pools, prepared statements, the host's loops
            await RoundAsync();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            await RoundAsync();
            var perRun = (GC.GetTotalAllocatedBytes(precise: true) - before) / (callers * runsPerCaller);

            await host.StopAsync();
            _output.WriteLine($"{perRun:N0} bytes per run ({callers} in flight)");
            return perRun;
        }
    }

    public sealed class AllocationJob
    {
        public int Number { get; set; }
    }

    [Flow("allocation-durable-3", Journal = JournalMode.Durable)]
    public sealed partial class ThreeDurableSteps : IFlow<AllocationJob>
    {
        [Action(1)]
        private static int Reserve(AllocationJob job) => job.Number * 10;

        [Action(2)]
        private static int Charge(AllocationJob job, [FromStep(nameof(Reserve))] int reserved) => reserved + job.Number;

        [Action(3)]
        private static int Ship([FromStep(nameof(Charge))] int charged) => charged + 1;
    }
}
