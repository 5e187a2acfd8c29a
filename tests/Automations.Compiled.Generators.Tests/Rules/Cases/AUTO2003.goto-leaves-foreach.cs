// rule: AUTO2003
// message: Goto from 'reserve' to 'cancel-order' leaves 'each' of 'lines'; a goto stays inside its foreach body or parallel branch
using System.Collections.Generic;
using Automations.Compiled;

namespace RuleCases
{
    public sealed record Order(string Id, IReadOnlyList<string> Skus);

    [Flow("reserve-stock")]
    public partial class ReserveStock : IFlow<Order>
    {
        [ForEach(1)]
        private static IReadOnlyList<string> Lines(Order order) => order.Skus;

        [Action(1, Parent = nameof(Lines))]
        [Goto(Endpoints.Error, {|#0:nameof(CancelOrder)|})]
        private static void Reserve([Item] string sku)
        {
        }

        [Action(2)]
        private static void Ship()
        {
        }

        [Action(1, Standalone = "cancel")]
        private static void CancelOrder()
        {
        }
    }
}
// ---- corrected ----
using System.Collections.Generic;
using Automations.Compiled;

namespace RuleCases
{
    public sealed record Order(string Id, IReadOnlyList<string> Skus);

    [Flow("reserve-stock")]
    public partial class ReserveStock : IFlow<Order>
    {
        [ForEach(1)]
        [Goto(Endpoints.Error, nameof(CancelOrder))]
        private static IReadOnlyList<string> Lines(Order order) => order.Skus;

        [Action(1, Parent = nameof(Lines))]
        private static void Reserve([Item] string sku)
        {
        }

        [Action(2)]
        private static void Ship()
        {
        }

        [Action(1, Standalone = "cancel")]
        private static void CancelOrder()
        {
        }
    }
}
