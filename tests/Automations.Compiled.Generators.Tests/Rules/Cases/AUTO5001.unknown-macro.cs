// rule: AUTO5001
// message: Cron expression '@fortnightly': unknown macro '@fortnightly'; use @hourly, @daily (@midnight), @weekly, @monthly, @yearly (@annually), @every_minute or @every_second, or write the fields
using Automations.Compiled;

namespace RuleCases
{
    [Flow("report")]
    [ScheduleTrigger("{|#0:@fortnightly|}", TimeZone = "Europe/Paris")]
    public partial class Report
    {
        [Action(1)]
        private static void Send()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("report")]
    [ScheduleTrigger("@weekly", TimeZone = "Europe/Paris")]
    public partial class Report
    {
        [Action(1)]
        private static void Send()
        {
        }
    }
}
