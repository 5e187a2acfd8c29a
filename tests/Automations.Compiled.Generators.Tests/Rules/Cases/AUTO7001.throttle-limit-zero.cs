// rule: AUTO7001
// message: The throttle's limit is 0; a throttle lets at least 1 start through per window: write the most starts per window, such as 10
using Automations.Compiled;

namespace RuleCases
{
    [Flow("sync-crm")]
    [Throttle({|#0:0|}, "00:01:00")]
    public partial class SyncCrm
    {
        [Action(1)]
        private static void Sync()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("sync-crm")]
    [Throttle(10, "00:01:00")]
    public partial class SyncCrm
    {
        [Action(1)]
        private static void Sync()
        {
        }
    }
}
