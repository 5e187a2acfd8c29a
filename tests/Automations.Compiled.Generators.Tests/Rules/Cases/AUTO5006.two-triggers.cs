// rule: AUTO5006
// message: Flow 'two-triggers' already has a trigger; a flow has one trigger (SPEC §6): remove this one, or move it to a flow of its own that runs the same steps as a subflow
using Automations.Compiled;

namespace RuleCases
{
    [Flow("two-triggers")]
    [EventTrigger("order.paid")]
    [{|#0:WebhookTrigger("/hooks/orders")|}]
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
