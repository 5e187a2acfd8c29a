// rule: AUTO0001
// message: Flow class 'WelcomeEmail' must be declared 'partial' so the generator can add its state machine
using Automations.Compiled;

namespace RuleCases
{
    [Flow("welcome-email")]
    public class {|#0:WelcomeEmail|}
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
    [Flow("welcome-email")]
    public partial class WelcomeEmail
    {
        [Action(1)]
        private static void Send()
        {
        }
    }
}
