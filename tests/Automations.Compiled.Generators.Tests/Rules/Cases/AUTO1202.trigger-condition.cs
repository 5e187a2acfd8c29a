// rule: AUTO1202
// message: a trigger condition sees only 'trigger'
using Automations.Compiled;

namespace RuleCases
{
    [Flow("big-orders")]
    [RecordTrigger("order", RecordEvent.AfterInsert, Condition = "[|inputs|].amount > 1000.0")]
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
