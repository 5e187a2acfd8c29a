// rule: AUTO1202
// message: undeclared reference 'inputs' (a trigger condition sees only 'trigger': trigger.record, trigger.old, trigger.payload, trigger.kind, trigger.event)
using Automations.Compiled;

namespace RuleCases
{
    [Flow("big-orders")]
    [RecordTrigger("order", RecordEvent.AfterInsert, Condition = "{|#0:inputs|}.amount > 1000.0")]
    public partial class BigOrders
    {
        [Action(1)]
        private static void Notify()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("big-orders")]
    [RecordTrigger("order", RecordEvent.AfterInsert, Condition = "trigger.record.amount > 1000.0")]
    public partial class BigOrders
    {
        [Action(1)]
        private static void Notify()
        {
        }
    }
}
