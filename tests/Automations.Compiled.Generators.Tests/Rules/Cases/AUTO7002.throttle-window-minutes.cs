// rule: AUTO7002
// message: '1m' is not a throttle window; write a positive TimeSpan in invariant format: "00:01:00" for a minute, "01:00:00" for an hour, "1.00:00:00" for a day (did you mean "00:01:00"?)
using Automations.Compiled;

namespace RuleCases
{
    [Flow("sync-crm")]
    [Throttle(10, {|#0:"1m"|})]
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
