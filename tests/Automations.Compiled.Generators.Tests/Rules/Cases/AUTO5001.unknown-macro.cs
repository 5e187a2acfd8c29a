// rule: AUTO5001
// message: unknown macro '@fortnightly'
using Automations.Compiled;

namespace RuleCases
{
    [Flow("report")]
    [ScheduleTrigger("[|@fortnightly|]", TimeZone = "Europe/Paris")]
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
