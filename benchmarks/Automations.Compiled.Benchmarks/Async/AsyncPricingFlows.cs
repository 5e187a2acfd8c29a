using System.Threading.Tasks;
using Automations.Compiled;

namespace Automations.Compiled.Benchmarks.Async
{
    /// <summary>The five pricing steps with actions returning <see cref="ValueTask{T}"/> that is already complete.</summary>
    [Flow("bench-pricing-valuetask", Journal = JournalMode.None)]
    public partial class CompletedValueTaskPricingFlow : IFlow<Basket>
    {
        [Action(1)]
        private static ValueTask<long> Subtotal(Basket basket) => new(Pricing.Subtotal(basket));

        [Action(2)]
        private static ValueTask<long> Tax(Basket basket, [FromStep(nameof(Subtotal))] long subtotal) => new(Pricing.Tax(basket, subtotal));

        [Action(3)]
        private static ValueTask<long> Discount(Basket basket, [FromStep(nameof(Subtotal))] long subtotal) => new(Pricing.Discount(basket, subtotal));

        [Action(4)]
        private static ValueTask<long> Total(
            [FromStep(nameof(Subtotal))] long subtotal,
            [FromStep(nameof(Tax))] long tax,
            [FromStep(nameof(Discount))] long discount)
            => new(Pricing.Total(subtotal, tax, discount));

        [Action(5)]
        private static ValueTask<bool> CheckLimit(Basket basket, [FromStep(nameof(Total))] long total) => new(Pricing.WithinLimit(basket, total));
    }

    /// <summary>The five pricing steps with actions that truly go asynchronous (<c>await Task.Yield()</c>) before answering.</summary>
    [Flow("bench-pricing-yielding", Journal = JournalMode.None)]
    public partial class YieldingPricingFlow : IFlow<Basket>
    {
        [Action(1)]
        private static async ValueTask<long> Subtotal(Basket basket)
        {
            await Task.Yield();
            return Pricing.Subtotal(basket);
        }

        [Action(2)]
        private static async ValueTask<long> Tax(Basket basket, [FromStep(nameof(Subtotal))] long subtotal)
        {
            await Task.Yield();
            return Pricing.Tax(basket, subtotal);
        }

        [Action(3)]
        private static async ValueTask<long> Discount(Basket basket, [FromStep(nameof(Subtotal))] long subtotal)
        {
            await Task.Yield();
            return Pricing.Discount(basket, subtotal);
        }

        [Action(4)]
        private static async ValueTask<long> Total(
            [FromStep(nameof(Subtotal))] long subtotal,
            [FromStep(nameof(Tax))] long tax,
            [FromStep(nameof(Discount))] long discount)
        {
            await Task.Yield();
            return Pricing.Total(subtotal, tax, discount);
        }

        [Action(5)]
        private static async ValueTask<bool> CheckLimit(Basket basket, [FromStep(nameof(Total))] long total)
        {
            await Task.Yield();
            return Pricing.WithinLimit(basket, total);
        }
    }
}
