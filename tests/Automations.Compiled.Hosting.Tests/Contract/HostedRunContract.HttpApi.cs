using System;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Host;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Automations.Compiled.Hosting.Tests.Contract.ContractFlows;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    // What the HTTP API reads through IFlowClient: a run's audit, and an operator's retry of a deferred item.
    public abstract partial class HostedRunContract<TBackend>
    {
        [Fact]
        public async Task The_client_reads_a_runs_audit_oldest_first_also_after_the_run_is_discarded()
        {
            await using var host = await StartHostAsync();
            var run = await host.Client.StartAsync<ThreeSteps>(new Item("a"));
            await host.Client.UntilAsync(run.RunId, FlowStatus.Completed);
            var journal = await host.Services.GetRequiredService<JournalHolder>().GetAsync(default);
            var at = DateTimeOffset.UtcNow;
            await journal.AppendAuditAsync(new AuditEntry(run.RunId, at, "jane", "start"));
            await journal.AppendAuditAsync(new AuditEntry(run.RunId, at, "ops", "delete", "status Completed"));

            Assert.True(await host.Client.DiscardAsync(run.RunId));

            var audit = await host.Client.GetAuditAsync(run.RunId);
            Assert.Equal(new[] { ("jane", "start", (string?)null), ("ops", "delete", "status Completed") }, audit.Select(e => (e.By, e.Action, e.Detail)));
            Assert.Empty(await host.Client.GetAuditAsync(Guid.NewGuid()));
        }

        [Fact]
        public async Task The_client_retries_a_deferred_item_at_once_and_answers_false_for_one_that_is_not()
        {
            // A run of a flow version no host has loaded: the worker claims its start item and defers it.
            await using var host = await StartHostAsync();
            var journal = await host.Services.GetRequiredService<JournalHolder>().GetAsync(default);
            await journal.RegisterFlowVersionAsync(new FlowVersionRecord("elsewhere", 1, "h"));
            var runId = (await journal.StartRunAsync(new NewRun { FlowId = "elsewhere", FlowVersion = 1, Payload = "{}"u8.ToArray() })).RunId;
            DeferredItem? deferred = null;
            await WaitUntil(async () => (deferred = (await journal.ListDeferredAsync(10)).SingleOrDefault(d => d.RunId == runId)) is not null);
            Assert.True(deferred!.VisibleAt > DateTimeOffset.UtcNow);

            Assert.False(await host.Client.RetryDeferredAsync(deferred.ItemId + 1000));
            Assert.True(await host.Client.RetryDeferredAsync(deferred.ItemId));

            // Claimed again at once (and deferred again by this host, which still does not have the flow): its deferral is new.
            await WaitUntil(async () => (await journal.ListDeferredAsync(10)).SingleOrDefault(d => d.RunId == runId) is { } again && again.VisibleAt > deferred.VisibleAt);
        }
    }
}
