// rule: AUTO2007
// message: Steps 'ping' → 'pong' → goto 'ping' form a goto loop with no wait, condition or stop on it: the run would repeat them until its step or goto-hop budget fails it; add a condition that leaves the loop, a wait, or a stop
using Automations.Compiled;

namespace RuleCases
{
    [Flow("ping-pong")]
    public partial class PingPong
    {
        [Action(1)]
        private static void Ping()
        {
        }

        [Action(2)]
        [Goto({|#0:nameof(Ping)|})]
        private static void Pong()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("ping-pong")]
    public partial class PingPong
    {
        [Action(1)]
        private static void Ping()
        {
        }

        [Condition(2)]
        [Goto(Endpoints.Then, nameof(Ping))]
        private static bool Again() => System.DateTime.UtcNow.Second < 30;
    }
}
