// rule: AUTO0004
// message: Steps 'charge' and 'ship' both have order 2 in the same scope; give each step its own order
using Automations.Compiled;

namespace RuleCases
{
    [Flow("fulfil-order")]
    public partial class FulfilOrder
    {
        [Action(1)]
        private static void Reserve()
        {
        }

        [Action(2)]
        private static void Charge()
        {
        }

        [Action(2)]
        private static void {|#0:Ship|}()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("fulfil-order")]
    public partial class FulfilOrder
    {
        [Action(1)]
        private static void Reserve()
        {
        }

        [Action(2)]
        private static void Charge()
        {
        }

        [Action(3)]
        private static void Ship()
        {
        }
    }
}
