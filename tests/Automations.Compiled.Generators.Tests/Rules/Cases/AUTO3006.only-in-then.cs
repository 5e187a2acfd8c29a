// rule: AUTO3006
// message: Step 'use' (line 17) reads the output of 'quote' (line 14), but 'quote' runs only in 'then' of 'is-large' (line 11); read it only where 'quote' has completed on every path, or give the value a variable with a default
using Automations.Compiled;

namespace RuleCases
{
    [Flow("only-in-then")]
    public partial class OnlyInThen : IFlow<int>
    {
        [Condition(1)]
        private static bool IsLarge(int amount) => amount > 100;

        [Action(1, Parent = nameof(IsLarge), On = Endpoints.Then)]
        private static int Quote(int amount) => amount / 10;

        [Action(2)]
        private static void Use([FromStep({|#0:nameof(Quote)|})] int quote)
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("only-in-then")]
    public partial class OnlyInThen : IFlow<int>
    {
        [Condition(1)]
        private static bool IsLarge(int amount) => amount > 100;

        [Action(1, Parent = nameof(IsLarge), On = Endpoints.Then)]
        private static int Quote(int amount) => amount / 10;

        [Action(2, Parent = nameof(IsLarge), On = Endpoints.Then)]
        private static void Use([FromStep(nameof(Quote))] int quote)
        {
        }
    }
}
