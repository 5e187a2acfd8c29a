using System.Collections.Generic;
using Xunit;

namespace Automations.Compiled.Tests.Triggers
{
    /// <summary>SPEC §6: the compiled flow says when it runs, and its CEL condition is compiled to a predicate.</summary>
    public partial class TriggerInfoTests
    {
        [Flow("big-orders")]
        [RecordTrigger("order", RecordEvent.AfterUpdate, Condition = "trigger.record.amount > 1000.0 && trigger.old.status != trigger.record.status")]
        private sealed partial class BigOrders
        {
            [Action(1)]
            private static void Noop()
            {
            }
        }

        [Flow("nightly")]
        [ScheduleTrigger("30 2 * * *", TimeZone = "Europe/London", CatchUp = CatchUp.One)]
        private sealed partial class Nightly
        {
            [Action(1)]
            private static void Noop()
            {
            }
        }

        [Flow("untriggered")]
        private sealed partial class Untriggered
        {
            [Action(1)]
            private static void Noop()
            {
            }
        }

        private static Dictionary<string, object?> Order(double amount, string status) => new() { ["amount"] = amount, ["status"] = status };

        [Fact]
        public void A_record_trigger_carries_its_settings_and_a_compiled_condition_over_record_and_old()
        {
            var trigger = new BigOrders().Info.Trigger;

            Assert.Equal("record", trigger.Kind);
            Assert.Equal("order", trigger.RecordObject);
            Assert.Equal("after_update", trigger.Event);
            Assert.NotNull(trigger.Condition);
            Assert.True(trigger.Matches(new FlowTrigger { Kind = "record", Record = Order(1500, "paid"), Old = Order(1500, "new") }));
            Assert.False(trigger.Matches(new FlowTrigger { Kind = "record", Record = Order(1500, "paid"), Old = Order(1500, "paid") }));
            Assert.False(trigger.Matches(new FlowTrigger { Kind = "record", Record = Order(10, "paid"), Old = Order(10, "new") }));
        }

        [Fact]
        public void A_schedule_trigger_carries_cron_zone_and_catch_up_and_a_flow_without_one_is_manual()
        {
            var trigger = new Nightly().Info.Trigger;
            Assert.Equal(("schedule", "30 2 * * *", "Europe/London", "one"), (trigger.Kind, trigger.Cron, trigger.TimeZone, trigger.CatchUp));
            Assert.Null(trigger.Condition);
            Assert.True(trigger.Matches(new FlowTrigger()));

            Assert.Same(FlowTriggerInfo.Manual, new Untriggered().Info.Trigger);
        }

        [Fact]
        public void A_json_event_trigger_condition_is_compiled_too()
        {
            var trigger = new PaidEventFlow().Info.Trigger;
            Assert.Equal(("event", "order.paid"), (trigger.Kind, trigger.Event));
            Assert.True(trigger.Matches(new FlowTrigger { Kind = "event", EventName = "order.paid", Payload = new Dictionary<string, object?> { ["currency"] = "EUR", ["amount"] = 120.0 } }));
            Assert.False(trigger.Matches(new FlowTrigger { Kind = "event", EventName = "order.paid", Payload = new Dictionary<string, object?> { ["currency"] = "USD", ["amount"] = 120.0 } }));
        }
    }
}

namespace Automations.Compiled.Tests.Triggers
{
    public partial class TriggerInfoTests
    {
        [Fact]
        public void A_condition_reads_a_json_payload()
        {
            var trigger = new PaidEventFlow().Info.Trigger;
            var payload = System.Text.Json.JsonSerializer.SerializeToElement(new { currency = "EUR", amount = 150.0 });
            Assert.True(trigger.Matches(new FlowTrigger { Kind = "event", EventName = "order.paid", Payload = payload }));
            var small = System.Text.Json.JsonSerializer.SerializeToElement(new { currency = "EUR", amount = 15.0 });
            Assert.False(trigger.Matches(new FlowTrigger { Kind = "event", EventName = "order.paid", Payload = small }));
        }
    }
}
