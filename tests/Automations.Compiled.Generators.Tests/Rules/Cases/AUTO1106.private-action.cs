// rule: AUTO1106
// message: Action 'audit' cannot be called from a flow: 'Audit' is private; generated flows call the action from another class, so make it internal or public
using Automations.Compiled;

namespace RuleCases
{
    public static class AuditActions
    {
        [FlowAction("audit")]
        private static void {|#0:Audit|}(string text)
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    public static class AuditActions
    {
        [FlowAction("audit")]
        internal static void Audit(string text)
        {
        }
    }
}
