using Automations.Compiled;

namespace Automations.Compiled.Benchmarks.HotPath
{
    /// <summary>
    /// The five pricing steps as a compiled flow: synchronous static actions, outputs passed with
    /// [FromStep], no observer, journal off (an in-memory hot flow).
    /// </summary>
    [Flow("bench-pricing", Journal = JournalMode.None, Description = "Five synchronous pricing steps.")]
    public partial class PricingFlow : IFlow<Basket>
    {
        [Action(1)]
        private static long Subtotal(Basket basket) => Pricing.Subtotal(basket);

        [Action(2)]
        private static long Tax(Basket basket, [FromStep(nameof(Subtotal))] long subtotal) => Pricing.Tax(basket, subtotal);

        [Action(3)]
        private static long Discount(Basket basket, [FromStep(nameof(Subtotal))] long subtotal) => Pricing.Discount(basket, subtotal);

        [Action(4)]
        private static long Total(
            [FromStep(nameof(Subtotal))] long subtotal,
            [FromStep(nameof(Tax))] long tax,
            [FromStep(nameof(Discount))] long discount)
            => Pricing.Total(subtotal, tax, discount);

        /// <summary>The last step's answer: published, so the JIT cannot drop steps whose results nothing reads.</summary>
        public static bool Result;

        [Action(5)]
        private static bool CheckLimit(Basket basket, [FromStep(nameof(Total))] long total) => Result = Pricing.WithinLimit(basket, total);
    }
}
