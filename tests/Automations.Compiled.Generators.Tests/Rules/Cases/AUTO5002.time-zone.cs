// rule: AUTO5002
// message: 'Europe/Pariss' is not an IANA time zone id; did you mean 'Europe/Paris'?; use an id such as "Europe/Paris" or "UTC"
using Automations.Compiled;

namespace RuleCases
{
    [Flow("morning")]
    [ScheduleTrigger("0 9 * * 1-5", TimeZone = {|#0:"Europe/Pariss"|})]
    public partial class Morning
    {
        [Action(1)]
        private static void Greet()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("morning")]
    [ScheduleTrigger("0 9 * * 1-5", TimeZone = "Europe/Paris")]
    public partial class Morning
    {
        [Action(1)]
        private static void Greet()
        {
        }
    }
}
