// rule: AUTO2006
// message: Run step 'call-audit' targets 'audit' outside branch 'audit' of 'fan-out'; concurrent work may only run steps inside itself
using Automations.Compiled;

namespace RuleCases
{
    [Flow("publish")]
    public partial class Publish
    {
        [Parallel(1)]
        partial void FanOut();

        [Action(1, Parent = nameof(FanOut), Branch = "web")]
        private static void PublishWeb()
        {
        }

        [Run(1, {|#0:nameof(Audit)|}, Parent = nameof(FanOut), Branch = "audit")]
        partial void CallAudit();

        [Action(1, Standalone = "audit")]
        private static void Audit()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("publish")]
    public partial class Publish
    {
        [Parallel(1)]
        partial void FanOut();

        [Action(1, Parent = nameof(FanOut), Branch = "web")]
        private static void PublishWeb()
        {
        }

        [Run(2, nameof(Audit))]
        partial void CallAudit();

        [Action(1, Standalone = "audit")]
        private static void Audit()
        {
        }
    }
}
