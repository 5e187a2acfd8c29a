// rule: AUTO0003
// message: Parameter 'order' of step 'send-receipt' cannot be bound: use the flow input type, FlowTrigger, [FromStep], [Var], [Item], [Index], [Secret], CancellationToken or StepContext
using Automations.Compiled;

namespace RuleCases
{
    public sealed record Order(string Id, string Email, decimal Total);

    [Flow("receipt")]
    public partial class Receipt
    {
        [Action(1)]
        private static void SendReceipt(Order {|#0:order|})
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    public sealed record Order(string Id, string Email, decimal Total);

    [Flow("receipt")]
    public partial class Receipt : IFlow<Order>
    {
        [Action(1)]
        private static void SendReceipt(Order order)
        {
        }
    }
}
