using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Host;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;
using static Automations.Compiled.Hosting.Tests.Contract.ContractFlows;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    internal sealed partial class ContractFlows
    {
        [Flow("on-paid")]
        [EventTrigger("order.paid", Condition = "trigger.payload.amount >= 100.0")]
        internal sealed partial class OnPaid
        {
            private readonly Effects _e;

            public OnPaid(Effects e) => _e = e;

            [Action(1)]
            private void Thank(FlowTrigger trigger) => _e.Add("thanks:" + ((JsonElement)trigger.Payload!).GetProperty("order").GetString());
        }
    }

    public abstract partial class HostedRunContract<TBackend>
        where TBackend : IJournalBackend, new()
    {
        [Fact]
        public async Task An_event_starts_the_flows_whose_trigger_and_condition_match_it_once_per_key()
        {
            await using var host = await StartHostAsync(o => o.AddFlow<OnPaid>());

            Assert.Equal(1, await host.Client.RaiseEventAsync("order.paid", new { order = "A-1", amount = 250.0 }, idempotencyKey: "pay-1"));
            Assert.Equal(0, await host.Client.RaiseEventAsync("order.paid", new { order = "A-1", amount = 250.0 }, idempotencyKey: "pay-1"));
            Assert.Equal(0, await host.Client.RaiseEventAsync("order.paid", new { order = "A-2", amount = 5.0 }));
            Assert.Equal(0, await host.Client.RaiseEventAsync("order.shipped", new { order = "A-3", amount = 500.0 }));
            Assert.Equal(0, await host.Client.RaiseEventAsync("order.paid", new { order = "A-4" })); // no amount: the condition fails, logged

            await WaitUntil(() => Effects.Entries.Count == 1);
            var run = Assert.Single((await host.Client.ListRunsAsync(new RunQuery { FlowId = "on-paid" })).Runs);
            Assert.Equal(FlowStatus.Completed, await host.Client.UntilAsync(run.RunId, FlowStatus.Completed));
            Assert.Equal("event", run.TriggerKind);
            Assert.Equal(new[] { "thanks:A-1" }, Effects.Entries);
            Assert.Contains(host.Logs.Logs, l => l.Message.Contains("The trigger condition of flow 'on-paid' v1 failed", StringComparison.Ordinal));
        }
    }
}
