// rule: AUTO7007
// message: Action 'translate' costs -1; a cost is what one call spends of a flow's cost budget, so write 0 (free) or more
using Automations.Compiled;

namespace RuleCases
{
    public static class Translation
    {
        [FlowAction("translate", Cost = {|#0:-1|})]
        public static string Translate(string text) => text;
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    public static class Translation
    {
        [FlowAction("translate", Cost = 1)]
        public static string Translate(string text) => text;
    }
}
