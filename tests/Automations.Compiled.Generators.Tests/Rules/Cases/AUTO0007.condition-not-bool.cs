// rule: AUTO0007
// message: Step 'has-lines': a condition method must return bool (or ValueTask<bool>, Task<bool>)
using System.Collections.Generic;
using Automations.Compiled;

namespace RuleCases
{
    public sealed record Cart(IReadOnlyList<string> Lines);

    [Flow("checkout")]
    public partial class Checkout : IFlow<Cart>
    {
        [Condition(1)]
        private static int {|#0:HasLines|}(Cart cart) => cart.Lines.Count;

        [Action(1, Parent = nameof(HasLines), On = Endpoints.Then)]
        private static void PlaceOrder()
        {
        }
    }
}
// ---- corrected ----
using System.Collections.Generic;
using Automations.Compiled;

namespace RuleCases
{
    public sealed record Cart(IReadOnlyList<string> Lines);

    [Flow("checkout")]
    public partial class Checkout : IFlow<Cart>
    {
        [Condition(1)]
        private static bool HasLines(Cart cart) => cart.Lines.Count > 0;

        [Action(1, Parent = nameof(HasLines), On = Endpoints.Then)]
        private static void PlaceOrder()
        {
        }
    }
}
