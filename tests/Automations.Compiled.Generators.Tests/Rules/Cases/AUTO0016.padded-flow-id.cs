// rule: AUTO0016
// message: Flow class 'MonthlyBilling' has the id 'monthly-billing '; give [Flow] a non-empty id without leading or trailing spaces
using Automations.Compiled;

namespace RuleCases
{
    [Flow({|#0:"monthly-billing "|})]
    public partial class MonthlyBilling
    {
        [Action(1)]
        private static void Bill()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("monthly-billing")]
    public partial class MonthlyBilling
    {
        [Action(1)]
        private static void Bill()
        {
        }
    }
}
