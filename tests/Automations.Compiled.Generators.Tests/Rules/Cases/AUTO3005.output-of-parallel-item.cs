// rule: AUTO3005
// message: Step 'send-receipt' reads the output of 'charge', which runs once per item inside parallel foreach 'orders'; its output only exists inside that body
using Automations.Compiled;

namespace RuleCases
{
    [Flow("batch-charge")]
    public partial class BatchCharge
    {
        [ForEach(1, Parallelism = 4)]
        private static string[] Orders() => new[] { "A-1", "A-2" };

        [Action(1, Parent = nameof(Orders))]
        private static string Charge([Item] string orderId) => "ch_" + orderId;

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
    [Flow("batch-charge")]
    public partial class BatchCharge
    {
        [ForEach(1, Parallelism = 4)]
        private static string[] Orders() => new[] { "A-1", "A-2" };

        [Action(1, Parent = nameof(Orders))]
        private static string Charge([Item] string orderId) => "ch_" + orderId;

        [Action(2, Parent = nameof(Orders))]
        private static void SendReceipt([FromStep(nameof(Charge))] string chargeId)
        {
        }
    }
}
