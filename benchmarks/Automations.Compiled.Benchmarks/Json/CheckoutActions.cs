namespace Automations.Compiled.Benchmarks.Json
{
    /// <summary>The input of the C# twin: the same fields the JSON flow declares as <c>inputs</c>.</summary>
    /// <param name="Quantity">Items in the basket.</param>
    /// <param name="UnitPriceCents">Price of one item.</param>
    /// <param name="TaxRateBasisPoints">Tax rate, 1/100 of a percent.</param>
    /// <param name="LimitCents">The largest total accepted.</param>
    public sealed record CheckoutInput(long Quantity, long UnitPriceCents, long TaxRateBasisPoints, long LimitCents);

    /// <summary>The work both twins call: the JSON flow through <c>[FlowAction]</c>, the C# flow directly.</summary>
    public static class CheckoutActions
    {
        /// <summary>Quantity times unit price.</summary>
        [FlowAction("bench.subtotal")]
        public static long Subtotal(long quantity, long unitPriceCents) => quantity * unitPriceCents;

        /// <summary>Tax on the subtotal.</summary>
        [FlowAction("bench.tax")]
        public static long Tax(long subtotal, long rateBasisPoints) => subtotal * rateBasisPoints / 10_000;
    }
}
