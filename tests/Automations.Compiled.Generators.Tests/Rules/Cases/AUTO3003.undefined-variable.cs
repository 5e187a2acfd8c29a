// rule: AUTO3003
// message: Variable 'point' used by step 'send-statement' is not declared; add [Variable("point", typeof(...))] to the flow
using Automations.Compiled;

namespace RuleCases
{
    [Flow("loyalty-statement")]
    [Variable("points", typeof(int))]
    public partial class LoyaltyStatement
    {
        [Set(1, "points")]
        private static int CountPoints() => 120;

        [Action(2)]
        private static void SendStatement([Var({|#0:"point"|})] int points)
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("loyalty-statement")]
    [Variable("points", typeof(int))]
    public partial class LoyaltyStatement
    {
        [Set(1, "points")]
        private static int CountPoints() => 120;

        [Action(2)]
        private static void SendStatement([Var("points")] int points)
        {
        }
    }
}
