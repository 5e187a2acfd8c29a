namespace Automations.Compiled.Benchmarks
{
    /// <summary>The input of every benchmark flow: a priced basket, all integers (cents and basis points).</summary>
    /// <param name="Quantity">Items in the basket.</param>
    /// <param name="UnitPriceCents">Price of one item.</param>
    /// <param name="TaxRateBasisPoints">Tax rate, 1/100 of a percent.</param>
    /// <param name="DiscountBasisPoints">Discount rate, 1/100 of a percent.</param>
    /// <param name="LimitCents">The largest total accepted.</param>
    public sealed record Basket(int Quantity, long UnitPriceCents, int TaxRateBasisPoints, int DiscountBasisPoints, long LimitCents)
    {
        /// <summary>The basket every benchmark runs.</summary>
        public static Basket Sample { get; } = new(Quantity: 7, UnitPriceCents: 1_999, TaxRateBasisPoints: 2_000, DiscountBasisPoints: 500, LimitCents: 100_000);
    }

    /// <summary>
    /// The work of the five hot-path steps. The generated flow, the hand-written method and the interpreter
    /// all call these same methods, so the three differ only in how the steps are sequenced.
    /// </summary>
    public static class Pricing
    {
        /// <summary>Step 1: quantity times unit price.</summary>
        public static long Subtotal(Basket basket) => basket.Quantity * basket.UnitPriceCents;

        /// <summary>Step 2: tax on the subtotal.</summary>
        public static long Tax(Basket basket, long subtotal) => subtotal * basket.TaxRateBasisPoints / 10_000;

        /// <summary>Step 3: discount on the subtotal.</summary>
        public static long Discount(Basket basket, long subtotal) => subtotal * basket.DiscountBasisPoints / 10_000;

        /// <summary>Step 4: what the customer pays.</summary>
        public static long Total(long subtotal, long tax, long discount) => subtotal + tax - discount;

        /// <summary>Step 5: is the total within the basket's limit.</summary>
        public static bool WithinLimit(Basket basket, long total) => total <= basket.LimitCents;
    }
}
