// rule: AUTO2010
// message: Run step 'recurse' runs 'again', which always reaches 'recurse' again: every call runs the same run step again with no condition, wait or stop in between, so the calls never end; put the recursive run step under a condition
using Automations.Compiled;

namespace RuleCases
{
    [Flow("run-recursion")]
    public partial class RunRecursion
    {
        [Run(1, nameof(Again))]
        partial void Start();

        [Action(1, Standalone = "again")]
        private static void Again()
        {
        }

        [Run(2, {|#0:nameof(Again)|}, Standalone = "again")]
        partial void Recurse();
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("run-recursion")]
    [Variable("rounds", typeof(int))]
    public partial class RunRecursion
    {
        [Run(1, nameof(Again))]
        partial void Start();

        [Set(1, "rounds", Standalone = "again")]
        private static int Again([Var("rounds")] int rounds) => rounds + 1;

        [Condition(2, Standalone = "again")]
        private static bool MoreRounds([Var("rounds")] int rounds) => rounds < 3;

        [Run(1, nameof(Again), Parent = nameof(MoreRounds), On = Endpoints.Then)]
        partial void Recurse();
    }
}
