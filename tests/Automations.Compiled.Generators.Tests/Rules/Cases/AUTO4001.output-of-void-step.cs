// rule: AUTO4001
// message: Step 'send-receipt' reads the output of 'charge', which returns nothing
using Automations.Compiled;

namespace RuleCases
{
    [Flow("receipt")]
    public partial class Receipt
    {
        [Action(1)]
        private static void Charge()
        {
        }

        [Action(2)]
        private static void SendReceipt([FromStep({|#0:nameof(Charge)|})] string chargeId)
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
