namespace Automations.Compiled.Benchmarks.Json
{
    /// <summary>The C# twin of <c>code-step.flow.json</c>: one action step doing the same arithmetic as its code step.</summary>
    [Flow("bench-code-step-cs", Journal = JournalMode.None)]
    public partial class CodeStepCSharpFlow : IFlow<CheckoutInput>
    {
        [Action(1)]
        private static long Total(CheckoutInput input)
        {
            var subtotal = input.Quantity * input.UnitPriceCents;
            return subtotal + subtotal * input.TaxRateBasisPoints / 10_000;
        }
    }
}
