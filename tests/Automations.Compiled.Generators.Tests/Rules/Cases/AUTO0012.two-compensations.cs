// rule: AUTO0012
// message: Step 'charge' already has a compensation; keep one [Compensate] method per step
using Automations.Compiled;

namespace RuleCases
{
    [Flow("reserve-and-charge")]
    public partial class ReserveAndCharge
    {
        [Action(1)]
        private static void ReserveStock()
        {
        }

        [Action(2)]
        private static void Charge()
        {
        }

        [Action(3, OnError = OnError.Rollback)]
        private static void Ship()
        {
        }

        [Compensate(nameof(Charge))]
        private static void Refund()
        {
        }

        [Compensate({|#0:nameof(Charge)|})]
        private static void ReleaseStock()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("reserve-and-charge")]
    public partial class ReserveAndCharge
    {
        [Action(1)]
        private static void ReserveStock()
        {
        }

        [Action(2)]
        private static void Charge()
        {
        }

        [Action(3, OnError = OnError.Rollback)]
        private static void Ship()
        {
        }

        [Compensate(nameof(Charge))]
        private static void Refund()
        {
        }

        [Compensate(nameof(ReserveStock))]
        private static void ReleaseStock()
        {
        }
    }
}
