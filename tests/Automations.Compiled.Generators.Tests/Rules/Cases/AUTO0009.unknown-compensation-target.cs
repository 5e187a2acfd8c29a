// rule: AUTO0009
// message: [Compensate] on 'Refund' names step 'charge-card', which is not a step of this flow
using Automations.Compiled;

namespace RuleCases
{
    [Flow("pay-and-ship")]
    public partial class PayAndShip
    {
        [Action(1)]
        private static void Charge()
        {
        }

        [Action(2, OnError = OnError.Rollback)]
        private static void Ship()
        {
        }

        [Compensate({|#0:"charge-card"|})]
        private static void Refund()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("pay-and-ship")]
    public partial class PayAndShip
    {
        [Action(1)]
        private static void Charge()
        {
        }

        [Action(2, OnError = OnError.Rollback)]
        private static void Ship()
        {
        }

        [Compensate(nameof(Charge))]
        private static void Refund()
        {
        }
    }
}
