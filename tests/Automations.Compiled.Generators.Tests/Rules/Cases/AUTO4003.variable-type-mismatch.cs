// rule: AUTO4003
// message: Step 'send-statement' uses variable 'points' as global::System.String, but it is declared as global::System.Int32
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
        private static void SendStatement([Var({|#0:"points"|})] string points)
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
