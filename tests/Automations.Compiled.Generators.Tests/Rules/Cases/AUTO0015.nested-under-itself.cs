// rule: AUTO0015
// message: Step 'notify-declined' is never reached: its Parent chain loops (notify-declined → notify-declined); nest it under a step of the main sequence or a standalone scope
using Automations.Compiled;

namespace RuleCases
{
    [Flow("charge-card")]
    public partial class ChargeCard
    {
        [Action(1)]
        private static void Charge()
        {
        }

        [Action(1, Parent = {|#0:nameof(NotifyDeclined)|}, On = Endpoints.Error)]
        private static void NotifyDeclined()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("charge-card")]
    public partial class ChargeCard
    {
        [Action(1)]
        private static void Charge()
        {
        }

        [Action(1, Parent = nameof(Charge), On = Endpoints.Error)]
        private static void NotifyDeclined()
        {
        }
    }
}
