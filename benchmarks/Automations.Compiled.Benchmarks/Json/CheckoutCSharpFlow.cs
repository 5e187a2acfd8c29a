namespace Automations.Compiled.Benchmarks.Json
{
    /// <summary>The C# twin of <c>checkout.flow.json</c>: the same three steps with the same inputs and outputs.</summary>
    [Flow("bench-checkout-cs", Journal = JournalMode.None)]
    public partial class CheckoutCSharpFlow : IFlow<CheckoutInput>
    {
        [Action(1)]
        private static long Subtotal(CheckoutInput input) => CheckoutActions.Subtotal(input.Quantity, input.UnitPriceCents);

        [Action(2)]
        private static long Tax(CheckoutInput input, [FromStep(nameof(Subtotal))] long subtotal) => CheckoutActions.Tax(subtotal, input.TaxRateBasisPoints);

        [Condition(3)]
        private static bool WithinLimit(CheckoutInput input, [FromStep(nameof(Subtotal))] long subtotal, [FromStep(nameof(Tax))] long tax)
            => subtotal + tax <= input.LimitCents;
    }
}
