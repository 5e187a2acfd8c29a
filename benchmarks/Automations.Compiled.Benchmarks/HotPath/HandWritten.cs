using System.Runtime.CompilerServices;

namespace Automations.Compiled.Benchmarks.HotPath
{
    /// <summary>The five pricing steps written by hand: the physical limit, and the same five as real calls.</summary>
    public static class HandWritten
    {
        /// <summary>Runs the steps in order; the JIT inlines them, so this measures the JIT rather than any engine.</summary>
        public static bool Run(Basket basket)
        {
            var subtotal = Pricing.Subtotal(basket);
            var tax = Pricing.Tax(basket, subtotal);
            var discount = Pricing.Discount(basket, subtotal);
            var total = Pricing.Total(subtotal, tax, discount);
            return Pricing.WithinLimit(basket, total);
        }

        /// <summary>Runs the steps in order as five calls the JIT may not inline: what sequencing five steps costs by hand.</summary>
        public static bool RunAsCalls(Basket basket)
        {
            var subtotal = Subtotal(basket);
            var tax = Tax(basket, subtotal);
            var discount = Discount(basket, subtotal);
            var total = Total(subtotal, tax, discount);
            return WithinLimit(basket, total);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static long Subtotal(Basket basket) => Pricing.Subtotal(basket);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static long Tax(Basket basket, long subtotal) => Pricing.Tax(basket, subtotal);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static long Discount(Basket basket, long subtotal) => Pricing.Discount(basket, subtotal);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static long Total(long subtotal, long tax, long discount) => Pricing.Total(subtotal, tax, discount);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static bool WithinLimit(Basket basket, long total) => Pricing.WithinLimit(basket, total);
    }
}
