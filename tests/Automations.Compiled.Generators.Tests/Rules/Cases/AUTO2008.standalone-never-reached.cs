// rule: AUTO2008
// message: Standalone step 'cleanup' is not the target of any goto or run step, so it never runs; link to it with a goto or a run step, or remove it
using Automations.Compiled;

namespace RuleCases
{
    [Flow("standalone-never-reached")]
    public partial class StandaloneNeverReached
    {
        [Action(1)]
        private static void Work()
        {
        }

        [Action(1, Standalone = "cleanup")]
        private static void {|#0:Cleanup|}()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("standalone-never-reached")]
    public partial class StandaloneNeverReached
    {
        [Action(1)]
        [Goto(nameof(Cleanup))]
        private static void Work()
        {
        }

        [Action(1, Standalone = "cleanup")]
        private static void Cleanup()
        {
        }
    }
}
