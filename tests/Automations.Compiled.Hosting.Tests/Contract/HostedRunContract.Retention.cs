using System;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Host;
using Xunit;
using static Automations.Compiled.Hosting.Tests.Contract.ContractFlows;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    public abstract partial class HostedRunContract<TBackend>
        where TBackend : IJournalBackend, new()
    {
        [Fact]
        public async Task With_a_retention_the_host_deletes_runs_that_ended_longer_ago_and_keeps_the_ones_in_flight()
        {
            await using var host = await StartHostAsync(o =>
            {
                o.Retention = TimeSpan.FromMilliseconds(300);
                o.RetentionInterval = TimeSpan.FromMilliseconds(100);
            });
            var waiting = await host.Client.StartAsync<Waits>(new Item("w"));
            Assert.Equal(FlowStatus.Waiting, await host.Client.UntilAsync(waiting.RunId, FlowStatus.Waiting));
            var ended = await host.Client.StartAsync<ThreeSteps>(new Item("e"));
            Assert.Equal(FlowStatus.Completed, await host.Client.UntilAsync(ended.RunId, FlowStatus.Completed));

            await WaitUntil(async () => await host.Client.GetRunAsync(ended.RunId) is null);
            Assert.Equal(0L, await Backend.CountAsync(await Journal(host), JournalPath, JournalTable.Steps, ended.RunId));
            Assert.Equal(FlowStatus.Waiting, (await host.Client.GetRunAsync(waiting.RunId))!.Run.Status);
        }

        private static async Task<IRunJournal> Journal(TestHost host)
            => await ((JournalHolder)host.Services.GetService(typeof(JournalHolder))!).GetAsync(default);
    }
}
