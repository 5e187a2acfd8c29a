// rule: AUTO5001
// message: Cron expression '0 0 L * *': field 3 (day-of-month): 'L' uses 'L' (last day), a Quartz/Cronos extension that is not supported; use fixed days instead, e.g. 1 for the first of the month
using Automations.Compiled;

namespace RuleCases
{
    [Flow("month-end")]
    [ScheduleTrigger("0 0 {|#0:L|} * *", TimeZone = "America/New_York")]
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
    [ScheduleTrigger("0 0 28-31 * *", TimeZone = "America/New_York")]
    public partial class MonthEnd
    {
        [Condition(1)]
        private static bool IsLastDay(StepContext context) => true;

        [Action(1, Parent = nameof(IsLastDay), On = Endpoints.Then)]
        private static void Close()
        {
        }
    }
}
