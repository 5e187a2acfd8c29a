// rule: AUTO0008
// message: Retry of step 'charge': Attempts must be 1 or more (it counts every try, the first included)
using Automations.Compiled;

namespace RuleCases
{
    [Flow("charge-with-retry")]
    public partial class ChargeWithRetry
    {
        [Action(1)]
        [{|#0:Retry(0, InitialDelayMs = 500)|}]
        private static void Charge()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("charge-with-retry")]
    public partial class ChargeWithRetry
    {
        [Action(1)]
        [Retry(3, InitialDelayMs = 500)]
        private static void Charge()
        {
        }
    }
}
