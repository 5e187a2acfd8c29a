// rule: AUTO3001
// message: Step id 'notify' is used twice in flow 'shipping-updates'; every step id must be unique in its flow
using Automations.Compiled;

namespace RuleCases
{
    [Flow("shipping-updates")]
    public partial class ShippingUpdates
    {
        [Action(1, Id = "notify")]
        private static void NotifyPacked()
        {
        }

        [Action(2)]
        private static void Ship()
        {
        }

        [Action(3, Id = "notify")]
        private static void {|#0:NotifyShipped|}()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("shipping-updates")]
    public partial class ShippingUpdates
    {
        [Action(1, Id = "notify-packed")]
        private static void NotifyPacked()
        {
        }

        [Action(2)]
        private static void Ship()
        {
        }

        [Action(3, Id = "notify-shipped")]
        private static void NotifyShipped()
        {
        }
    }
}
