// rule: AUTO5006
// message: Flow 'two-triggers' already has a trigger
using Automations.Compiled;

namespace RuleCases
{
    [Flow("two-triggers")]
    [EventTrigger("order.paid")]
    [[|WebhookTrigger("/hooks/orders")|]]
    public partial class TwoTriggers
    {
        [Action(1)]
        private static void Ship()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("two-triggers")]
    [EventTrigger("order.paid")]
    public partial class TwoTriggers
    {
        [Action(1)]
        private static void Ship()
        {
        }
    }
}
