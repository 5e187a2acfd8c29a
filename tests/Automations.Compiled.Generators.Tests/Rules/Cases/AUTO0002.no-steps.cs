// rule: AUTO0002
// message: Flow 'nightly-report' has no steps in its main sequence; mark a method with [Action(1)] (or another step attribute), or in JSON add steps to "steps"
using Automations.Compiled;

namespace RuleCases
{
    [Flow("nightly-report")]
    public partial class {|#0:NightlyReport|}
    {
        private static void BuildReport()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("nightly-report")]
    public partial class NightlyReport
    {
        [Action(1)]
        private static void BuildReport()
        {
        }
    }
}
