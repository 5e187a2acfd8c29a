// rule: AUTO5001
// message: Cron expression '0 0 L,15 * *': field 3 (day-of-month): 'L,15' is not valid: 'L' (last day of the month) takes the whole field, as L, L-3 (three days before it), LW or L-3W (the nearest weekday)
using Automations.Compiled;

namespace RuleCases
{
    [Flow("month-end")]
    [ScheduleTrigger("0 0 {|#0:L,15|} * *", TimeZone = "America/New_York")]
    public partial class MonthEnd
    {
        [Action(1)]
        private static void Close()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("month-end")]
    [ScheduleTrigger("0 0 L * *", TimeZone = "America/New_York")]
    public partial class MonthEnd
    {
        [Action(1)]
        private static void Close()
        {
        }
    }
}
