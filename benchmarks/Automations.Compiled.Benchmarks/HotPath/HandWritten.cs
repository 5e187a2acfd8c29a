namespace Automations.Compiled.Benchmarks.HotPath
{
    /// <summary>The five pricing steps as straight method calls: the physical limit.</summary>
    public static class HandWritten
    {
        /// <summary>Runs the steps in order.</summary>
        public static bool Run(Basket basket)
        {
            var subtotal = Pricing.Subtotal(basket);
            var tax = Pricing.Tax(basket, subtotal);
            var discount = Pricing.Discount(basket, subtotal);
            var total = Pricing.Total(subtotal, tax, discount);
            return Pricing.WithinLimit(basket, total);
        }
    }
}
