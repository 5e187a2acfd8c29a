// rule: AUTO7004
// message: MaxConcurrentRuns is -1; write the most runs at once (1 or more), or 0 for no cap
using Automations.Compiled;

namespace RuleCases
{
    [Flow("render-pdf", MaxConcurrentRuns = {|#0:-1|})]
    public partial class RenderPdf
    {
        [Action(1)]
        private static void Render()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("render-pdf", MaxConcurrentRuns = 4)]
    public partial class RenderPdf
    {
        [Action(1)]
        private static void Render()
        {
        }
    }
}
