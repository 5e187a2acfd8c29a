using System.Threading.Tasks;

namespace Automations.Compiled.Tests.Json
{
    /// <summary>The actions of <c>Flows/pricing.flow.json</c>.</summary>
    public static class PricingActions
    {
        [FlowAction("tests.pricing.subtotal")]
        public static int Subtotal(int quantity, int unitPrice) => quantity * unitPrice;

        [FlowAction("tests.pricing.review")]
        public static ValueTask<int> Review(int subtotal) => new(subtotal);
    }
}
