// rule: AUTO0005
// message: Step 'backorder' is nested under 'check-stok', which is not a step of flow 'restock'
using Automations.Compiled;

namespace RuleCases
{
    public sealed record StockLevel(string Sku, int OnHand);

    [Flow("restock")]
    public partial class Restock : IFlow<StockLevel>
    {
        [Condition(1)]
        private static bool CheckStock(StockLevel stock) => stock.OnHand > 0;

        [Action(1, Parent = {|#0:"check-stok"|}, On = Endpoints.Else)]
        private static void Backorder()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    public sealed record StockLevel(string Sku, int OnHand);

    [Flow("restock")]
    public partial class Restock : IFlow<StockLevel>
    {
        [Condition(1)]
        private static bool CheckStock(StockLevel stock) => stock.OnHand > 0;

        [Action(1, Parent = nameof(CheckStock), On = Endpoints.Else)]
        private static void Backorder()
        {
        }
    }
}
