// rule: AUTO3004
// message: Step 'send-receipt' reads the output of 'charge-card', which is not a step of this flow
using Automations.Compiled;

namespace RuleCases
{
    [Flow("receipt")]
    public partial class Receipt
    {
        [Action(1)]
        private static string Charge() => "ch_1";

        [Action(2)]
        private static void SendReceipt([FromStep({|#0:"charge-card"|})] string chargeId)
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("receipt")]
    public partial class Receipt
    {
        [Action(1)]
        private static string Charge() => "ch_1";

        [Action(2)]
        private static void SendReceipt([FromStep(nameof(Charge))] string chargeId)
        {
        }
    }
}
