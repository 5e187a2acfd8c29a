// rule: AUTO4002
// message: Step 'send-digest' reads the output of 'count-orders' as global::System.Int64, but it is global::System.Int32
using Automations.Compiled;

namespace RuleCases
{
    [Flow("daily-digest")]
    public partial class DailyDigest
    {
        [Action(1)]
        private static int CountOrders() => 42;

        [Action(2)]
        private static void SendDigest([FromStep({|#0:nameof(CountOrders)|})] long orders)
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("daily-digest")]
    public partial class DailyDigest
    {
        [Action(1)]
        private static int CountOrders() => 42;

        [Action(2)]
        private static void SendDigest([FromStep(nameof(CountOrders))] int orders)
        {
        }
    }
}
