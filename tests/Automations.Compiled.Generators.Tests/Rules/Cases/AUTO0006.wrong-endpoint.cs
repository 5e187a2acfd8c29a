// rule: AUTO0006
// message: Step kind 'action' has no endpoint 'else'; use one of: success, error
using Automations.Compiled;

namespace RuleCases
{
    [Flow("charge-or-notify")]
    public partial class ChargeOrNotify
    {
        [Action(1)]
        private static void Charge()
        {
        }

        [Action(1, Parent = nameof(Charge), On = {|#0:Endpoints.Else|})]
        private static void NotifyDeclined()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("charge-or-notify")]
    public partial class ChargeOrNotify
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
