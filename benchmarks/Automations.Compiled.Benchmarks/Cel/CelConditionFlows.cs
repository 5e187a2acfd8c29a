using System;
using System.Collections.Generic;

namespace Automations.Compiled.Benchmarks.Cel
{
    /// <summary>The input of <see cref="OrderRuleCSharpFlow"/>: the fields <c>order-rule.flow.json</c> declares as <c>inputs</c>.</summary>
    /// <param name="Amount">The order's amount.</param>
    /// <param name="Country">ISO country code.</param>
    /// <param name="Sku">The product's SKU.</param>
    /// <param name="Quantity">Items ordered.</param>
    /// <param name="UnitPrice">Price of one item.</param>
    /// <param name="Limit">The largest quantity × price accepted.</param>
    public sealed record OrderRuleInput(long Amount, string Country, string Sku, long Quantity, long UnitPrice, long Limit);

    /// <summary>
    /// The C# twin of <c>order-rule.flow.json</c>: one condition step, the CEL condition
    /// <c>inputs.amount &gt; 1000 &amp;&amp; inputs.country in ['DE', 'FR', 'IT'] &amp;&amp; inputs.sku.startsWith('SKU-')
    /// &amp;&amp; size(inputs.sku) == 8 &amp;&amp; inputs.quantity * inputs.unitPrice &lt;= inputs.limit</c> written by hand.
    /// </summary>
    [Flow("bench-cel-order-rule-cs", Journal = JournalMode.None)]
    public partial class OrderRuleCSharpFlow : IFlow<OrderRuleInput>
    {
        // CEL's size() counts code points and its arithmetic is checked; the hand-written twin uses Length (the same
        // for these ASCII SKUs) and checked() (the same answers, overflow included).
        [Condition(1)]
        private static bool Eligible(OrderRuleInput input)
            => input.Amount > 1000
               && input.Country is "DE" or "FR" or "IT"
               && input.Sku.StartsWith("SKU-", StringComparison.Ordinal)
               && input.Sku.Length == 8
               && checked(input.Quantity * input.UnitPrice) <= input.Limit;
    }

    /// <summary>The input of <see cref="BasketRuleCSharpFlow"/>: the lists <c>basket-rule.flow.json</c> declares as <c>inputs</c>.</summary>
    /// <param name="Quantities">The quantity of every line.</param>
    /// <param name="Skus">The SKU of every line.</param>
    public sealed record BasketRuleInput(IReadOnlyList<long> Quantities, IReadOnlyList<string> Skus);

    /// <summary>
    /// The C# twin of <c>basket-rule.flow.json</c>: one condition step, the CEL condition
    /// <c>inputs.quantities.all(q, q &gt; 0) &amp;&amp; inputs.skus.exists(s, s.startsWith('GIFT-'))</c> as two loops.
    /// </summary>
    [Flow("bench-cel-basket-rule-cs", Journal = JournalMode.None)]
    public partial class BasketRuleCSharpFlow : IFlow<BasketRuleInput>
    {
        [Condition(1)]
        private static bool HasGift(BasketRuleInput input)
        {
            var quantities = input.Quantities;
            for (var i = 0; i < quantities.Count; i++)
            {
                if (quantities[i] <= 0)
                {
                    return false;
                }
            }

            var skus = input.Skus;
            for (var i = 0; i < skus.Count; i++)
            {
                if (skus[i].StartsWith("GIFT-", StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// A flow started by the <c>order.paid</c> event when its CEL condition over the payload holds: the benchmark calls
    /// only the compiled condition, through <c>Info.Trigger.Matches</c>, as the host does before it starts a run.
    /// </summary>
    [Flow("bench-cel-order-paid")]
    [EventTrigger("order.paid", Condition = "trigger.payload.amount > 1000 && trigger.payload.country in ['DE', 'FR', 'IT'] && trigger.payload.customer.email.endsWith('@example.com')")]
    public partial class OrderPaidFlow
    {
        [Action(1)]
        private static void Thank()
        {
        }
    }

    /// <summary>
    /// A flow started by the <c>order.placed</c> event when its CEL macros over the payload's items hold (every line has
    /// a quantity, one is a gift); measured through <c>Info.Trigger.Matches</c> like <see cref="OrderPaidFlow"/>.
    /// </summary>
    [Flow("bench-cel-order-placed")]
    [EventTrigger("order.placed", Condition = "trigger.payload.items.all(i, i.quantity > 0) && trigger.payload.items.exists(i, i.sku.startsWith('GIFT-'))")]
    public partial class OrderPlacedFlow
    {
        [Action(1)]
        private static void Wrap()
        {
        }
    }
}
