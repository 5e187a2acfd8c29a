using System;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Host;
using Automations.Compiled.Hosting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Automations.Compiled.Hosting.Tests.Contract.ContractFlows;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    internal sealed partial class ContractFlows
    {
        public sealed class Customer
        {
            public string Name { get; set; } = "";

            public string? Email { get; set; }

            public double Credit { get; set; }

            public string Status { get; set; } = "new";
        }

        [Flow("normalise-customer")]
        [RecordTrigger("customer", RecordEvent.BeforeInsert)]
        internal sealed partial class NormaliseCustomer : IFlow<Customer>
        {
            [Action(1)]
            private static void Tidy(Customer customer)
            {
                customer.Name = customer.Name.Trim();
                customer.Email = customer.Email?.ToLowerInvariant();
            }
        }

        [Flow("credit-guard")]
        [RecordTrigger("customer", RecordEvent.BeforeInsert, Condition = "trigger.record.credit > 10000.0")]
        internal sealed partial class CreditGuard
        {
            [Action(1)]
            private static void Refuse() => throw new InvalidOperationException("a credit above 10,000 needs a manager");
        }

        [Flow("welcome-customer")]
        [RecordTrigger("customer", RecordEvent.AfterUpdate, Condition = "trigger.old.status != trigger.record.status && trigger.record.status == 'active'")]
        internal sealed partial class WelcomeCustomer : IFlow<Customer>
        {
            private readonly Effects _e;

            public WelcomeCustomer(Effects e) => _e = e;

            [Action(1)]
            private void Welcome(Customer customer) => _e.Add("welcome:" + customer.Email);
        }
    }

    public abstract partial class HostedRunContract<TBackend>
        where TBackend : IJournalBackend, new()
    {
        private Task<TestHost> StartRecordHostAsync()
            => StartHostAsync(o => o.AddFlow<NormaliseCustomer>().AddFlow<CreditGuard>().AddFlow<WelcomeCustomer>());

        [Fact]
        public async Task A_before_insert_flow_changes_the_record_inline_and_another_vetoes_the_write_when_its_condition_holds()
        {
            await using var host = await StartRecordHostAsync();
            var records = host.Services.GetRequiredService<IRecordEvents>();

            var tidy = await records.BeforeAsync("customer", RecordChange.Insert, new Customer { Name = "  Ada ", Email = "ADA@Example.com", Credit = 500 });
            Assert.Equal(("Ada", "ada@example.com"), (tidy.Name, tidy.Email));

            var veto = await Assert.ThrowsAsync<RecordVetoedException>(() => records.BeforeAsync("customer", RecordChange.Insert, new Customer { Name = "Bob", Credit = 50_000 }));
            Assert.Equal("credit-guard", veto.FlowId);
            Assert.Contains("a credit above 10,000 needs a manager", veto.Message, StringComparison.Ordinal);

            // Other objects and other changes run nothing; before flows leave no run in the journal.
            var untouched = new Customer { Name = "  Cy " };
            Assert.Same(untouched, await records.BeforeAsync("supplier", RecordChange.Insert, untouched));
            Assert.Equal("  Cy ", (await records.BeforeAsync("customer", RecordChange.Update, untouched)).Name);
            Assert.Empty((await host.Client.ListRunsAsync(new RunQuery())).Runs);
        }

        [Fact]
        public async Task An_after_update_flow_is_queued_as_a_durable_run_when_its_condition_on_old_and_new_holds_once_per_key()
        {
            await using var host = await StartRecordHostAsync();
            var records = host.Services.GetRequiredService<IRecordEvents>();
            var before = new Customer { Name = "Ada", Email = "ada@example.com", Status = "new" };
            var after = new Customer { Name = "Ada", Email = "ada@example.com", Status = "active" };

            var runs = await records.AfterAsync("customer", RecordChange.Update, after, before, idempotencyKey: "ada:v2");
            var again = await records.AfterAsync("customer", RecordChange.Update, after, before, idempotencyKey: "ada:v2");
            var unchanged = await records.AfterAsync("customer", RecordChange.Update, after, after, idempotencyKey: "ada:v3");

            var run = Assert.Single(runs);
            Assert.True(run.Created);
            Assert.False(Assert.Single(again).Created);
            Assert.Empty(unchanged);
            Assert.Equal(FlowStatus.Completed, await host.Client.UntilAsync(run.RunId, FlowStatus.Completed));
            Assert.Equal(new[] { "welcome:ada@example.com" }, Effects.Entries);
            Assert.Equal("record", (await host.Client.GetRunAsync(run.RunId))!.Run.TriggerKind);
        }
    }
}
