// rule: AUTO0011
// message: Flow class 'Cleanup' must be a non-static class (not a record) that is neither generic nor nested in a generic type
using Automations.Compiled;

namespace RuleCases
{
    [Flow("cleanup")]
    public static partial class {|#0:Cleanup|}
    {
        [Action(1)]
        private static void PurgeDrafts()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("cleanup")]
    public partial class Cleanup
    {
        [Action(1)]
        private static void PurgeDrafts()
        {
        }
    }
}
