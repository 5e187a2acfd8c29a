// rule: AUTO2001
// message: Goto target 'notify-customr' is not a step of flow 'checkout'; did you mean 'notify-customer'?
using Automations.Compiled;

namespace RuleCases
{
    [Flow("checkout")]
    public partial class Checkout
    {
        [Action(1)]
        [Goto(Endpoints.Error, {|#0:"notify-customr"|})]
        private static void Charge()
        {
        }

        [Action(2)]
        private static void Ship()
        {
        }

        [Action(3)]
        private static void NotifyCustomer()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("checkout")]
    public partial class Checkout
    {
        [Action(1)]
        [Goto(Endpoints.Error, nameof(NotifyCustomer))]
        private static void Charge()
        {
        }

        [Action(2)]
        private static void Ship()
        {
        }

        [Action(3)]
        private static void NotifyCustomer()
        {
        }
    }
}
