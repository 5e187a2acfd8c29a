using System;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>The cheap status read the client waits with.</summary>
    public abstract class RunInfoReadContract<TBackend> : JournalTest<TBackend>
        where TBackend : IJournalBackend, new()
    {
        [Fact]
        public async Task A_run_info_read_gives_the_status_without_the_history_and_null_for_an_unknown_run()
        {
            var runId = await StartAsync("K-1");
            var info = await Journal.GetRunInfoAsync(runId);

            Assert.Equal((runId, FlowStatus.Pending, "K-1"), (info!.RunId, info.Status, info.IdempotencyKey));
            await Journal.SetStatusAsync(runId, FlowStatus.Running);
            Assert.Equal(FlowStatus.Running, (await Journal.GetRunInfoAsync(runId))!.Status);
            Assert.Null(await Journal.GetRunInfoAsync(Guid.NewGuid()));
        }
    }
}
