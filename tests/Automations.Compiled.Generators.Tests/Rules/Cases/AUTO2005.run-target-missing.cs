// rule: AUTO2005
// message: Run step 'notify-shipped' targets 'notify-custmer', which is not a step of this flow; did you mean 'notify-customer'?
using Automations.Compiled;

namespace RuleCases
{
    [Flow("order-updates")]
    public partial class OrderUpdates
    {
        [Run(1, nameof(NotifyCustomer))]
        partial void NotifyPlaced();

        [Action(2)]
        private static void Ship()
        {
        }

        [Run(3, {|#0:"notify-custmer"|})]
        partial void NotifyShipped();

        [Action(1, Standalone = "notify")]
        private static void NotifyCustomer()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("order-updates")]
    public partial class OrderUpdates
    {
        [Run(1, nameof(NotifyCustomer))]
        partial void NotifyPlaced();

        [Action(2)]
        private static void Ship()
        {
        }

        [Run(3, nameof(NotifyCustomer))]
        partial void NotifyShipped();

        [Action(1, Standalone = "notify")]
        private static void NotifyCustomer()
        {
        }
    }
}
