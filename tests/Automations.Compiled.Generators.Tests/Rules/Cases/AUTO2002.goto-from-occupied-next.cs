// rule: AUTO2002
// message: The 'next' slot of step 'charge' already has a following sibling ('ship'); a goto may only start from an empty endpoint or the next slot of the last step in a scope
using Automations.Compiled;

namespace RuleCases
{
    [Flow("checkout")]
    public partial class Checkout
    {
        [Action(1)]
        [Goto({|#0:nameof(NotifyCustomer)|})]
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
