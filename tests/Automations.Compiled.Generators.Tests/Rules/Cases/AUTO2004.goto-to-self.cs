// rule: AUTO2004
// message: Step 'charge' links to itself; use a retry policy to repeat a step
using Automations.Compiled;

namespace RuleCases
{
    [Flow("charge-until-paid")]
    public partial class ChargeUntilPaid
    {
        [Action(1)]
        [Goto(Endpoints.Error, {|#0:nameof(Charge)|})]
        private static void Charge()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("charge-until-paid")]
    public partial class ChargeUntilPaid
    {
        [Action(1)]
        [Retry(5, InitialDelayMs = 1000)]
        private static void Charge()
        {
        }
    }
}
