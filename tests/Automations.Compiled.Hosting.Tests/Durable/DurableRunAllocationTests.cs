using System;
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
    /// end and the caller's wait, on SQLite (LiteDB's own cost per document, hundreds of KB, is measured by the benchmarks). The bound is the one this code meets with room for noise (see
    /// benchmarks/README.md, "A durable run's cost"); a change that brings back per-run objects on the durable path
    /// (a command per statement, a JSON writer per snapshot, a timer per wait) crosses it.
    /// </summary>
    [Collection(AllocationCollection.Name)]
    public sealed class DurableRunAllocationTests
    {
        private const int Runs = 400;

        private const int BytesPerRun = 8 * 1024;
        private readonly ITestOutputHelper _output;

        public DurableRunAllocationTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task A_warmed_durable_run_on_SQLite_allocates_at_most_8_KB()
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

            async Task RunAsync(int count)
            {
                for (var i = 0; i < count; i++)
                {
                    var run = await client.StartAsync<ThreeDurableSteps>(new AllocationJob { Number = i });
                    Assert.Equal(FlowStatus.Completed, await client.WaitForStatusAsync(run.RunId));
                }
            }

            await RunAsync(Runs); // warm: JIT tiers, pools, prepared statements, the host's loops
            var before = GC.GetTotalAllocatedBytes(precise: true);
            await RunAsync(Runs);
            var perRun = (GC.GetTotalAllocatedBytes(precise: true) - before) / Runs;

            await host.StopAsync();
            _output.WriteLine($"{perRun:N0} bytes per run");
            Assert.True(perRun <= BytesPerRun, $"A warmed durable 3-step run on SQLite allocated {perRun:N0} bytes; the bound is {BytesPerRun:N0}.");
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
