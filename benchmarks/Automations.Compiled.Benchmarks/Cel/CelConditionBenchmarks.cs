using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Automations.Compiled.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Automations.Compiled.Benchmarks.Cel
{
    /// <summary>
    /// CEL conditions compiled by the generator against the same conditions written in C#, on the same inputs (each
    /// category's baseline is the hand-written one; every benchmark evaluates an input for which the condition holds,
    /// so every clause and every element is looked at):
    /// <list type="bullet">
    /// <item><b>Typed condition</b> and <b>typed macros</b>: a condition step over a JSON flow's typed inputs
    /// (<c>order-rule.flow.json</c>, <c>basket-rule.flow.json</c>) against a C# twin whose <c>[Condition]</c> method is
    /// the same test by hand. A flow's condition is private to its state machine, so both are measured as one run of a
    /// one-step flow (<c>Journal = none</c>, synchronous): the run's fixed cost is in both rows, the difference is the
    /// condition.</item>
    /// <item><b>Payload condition</b> and <b>payload macros</b>: an event trigger's condition over
    /// <c>trigger.payload</c>, called alone through <c>Info.Trigger.Matches(trigger)</c> as the host calls it before it
    /// starts a run, against the same test by hand over the same <c>JsonElement</c> behind a
    /// <see cref="FlowTriggerInfo"/> of its own (the same delegate call). A third row gives the CEL condition the
    /// same data as dictionaries and lists.</item>
    /// </list>
    /// </summary>
    [MemoryDiagnoser]
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    public class CelConditionBenchmarks
    {
        private const string Typed = "Typed condition (run)";
        private const string TypedMacros = "Typed macros (run)";
        private const string Payload = "Payload condition";
        private const string PayloadMacros = "Payload macros";

        private readonly OrderRuleJsonFlow _orderCel = new();
        private readonly OrderRuleCSharpFlow _orderCSharp = new();
        private readonly BasketRuleJsonFlow _basketCel = new();
        private readonly BasketRuleCSharpFlow _basketCSharp = new();
        private readonly FlowTriggerInfo _paidCel = new OrderPaidFlow().Info.Trigger;
        private readonly FlowTriggerInfo _placedCel = new OrderPlacedFlow().Info.Trigger;
        private readonly FlowTriggerInfo _paidByHand = new("event", new[] { "event", "order.paid" }, HandWrittenConditions.OrderPaid);
        private readonly FlowTriggerInfo _placedByHand = new("event", new[] { "event", "order.placed" }, HandWrittenConditions.OrderPlaced);

        private OrderRuleJsonFlow.Input _orderCelInput = null!;
        private OrderRuleInput _orderInput = null!;
        private BasketRuleJsonFlow.Input _basketCelInput = null!;
        private BasketRuleInput _basketInput = null!;
        private FlowTrigger _paid = null!;
        private FlowTrigger _paidDictionary = null!;
        private FlowTrigger _placed = null!;
        private FlowTrigger _placedDictionary = null!;

        /// <summary>
        /// Builds the inputs, and checks that CEL and hand-written agree on the measured input (true) and on inputs that
        /// fail each clause (false), for both flows of each pair and both payload forms, and that the runs complete
        /// synchronously.
        /// </summary>
        [GlobalSetup]
        public void Setup()
        {
            _orderInput = new OrderRuleInput(1_500, "FR", "SKU-0042", 3, 400, 5_000);
            _orderCelInput = OrderCel(_orderInput);
            Check.Synchronous(_orderCel.RunAsync(_orderCelInput), nameof(OrderRuleJsonFlow));
            Check.Synchronous(_orderCSharp.RunAsync(_orderInput), nameof(OrderRuleCSharpFlow));
            var orders = new[]
            {
                (_orderInput, true),
                (_orderInput with { Amount = 1_000 }, false),
                (_orderInput with { Country = "US" }, false),
                (_orderInput with { Sku = "XKU-0042" }, false),
                (_orderInput with { Sku = "SKU-00042" }, false),
                (_orderInput with { Quantity = 13 }, false),
            };
            foreach (var (input, expected) in orders)
            {
                Agree(expected, Decision(o => _orderCSharp.RunAsync(input, o)), Decision(o => _orderCel.RunAsync(OrderCel(input), o)), $"order rule on {input}");
            }

            _basketInput = new BasketRuleInput(new long[] { 2, 1, 3, 1, 1 }, new[] { "SKU-0001", "SKU-0002", "SKU-0003", "SKU-0004", "GIFT-0005" });
            _basketCelInput = BasketCel(_basketInput);
            Check.Synchronous(_basketCel.RunAsync(_basketCelInput), nameof(BasketRuleJsonFlow));
            Check.Synchronous(_basketCSharp.RunAsync(_basketInput), nameof(BasketRuleCSharpFlow));
            var baskets = new[]
            {
                (_basketInput, true),
                (_basketInput with { Quantities = new long[] { 2, 1, 0, 1, 1 } }, false),
                (_basketInput with { Skus = new[] { "SKU-0001", "SKU-0002", "SKU-0003", "SKU-0004", "SKU-0005" } }, false),
            };
            foreach (var (input, expected) in baskets)
            {
                Agree(expected, Decision(o => _basketCSharp.RunAsync(input, o)), Decision(o => _basketCel.RunAsync(BasketCel(input), o)), $"basket rule on [{string.Join(", ", input.Quantities)}] [{string.Join(", ", input.Skus)}]");
            }

            _paid = CelPayloads.Event("order.paid", CelPayloads.Paid);
            _paidDictionary = CelPayloads.EventWithDictionary("order.paid", CelPayloads.Paid);
            _placed = CelPayloads.Event("order.placed", CelPayloads.Paid);
            _placedDictionary = CelPayloads.EventWithDictionary("order.placed", CelPayloads.Paid);
            CheckTrigger(_paidByHand, _paidCel, "order.paid", CelPayloads.Paid, CelPayloads.NotPaid);
            CheckTrigger(_placedByHand, _placedCel, "order.placed", CelPayloads.Paid, CelPayloads.NotPlaced);
        }

        /// <summary>The C# twin: one run whose condition step is a hand-written <c>[Condition]</c> method.</summary>
        [Benchmark(Baseline = true), BenchmarkCategory(Typed)]
        public FlowStatus TypedHandWritten() => Status(_orderCSharp.RunAsync(_orderInput));

        /// <summary>The JSON flow: one run whose condition step is compiled from CEL.</summary>
        [Benchmark, BenchmarkCategory(Typed)]
        public FlowStatus TypedCel() => Status(_orderCel.RunAsync(_orderCelInput));

        /// <summary>The C# twin: two loops over the typed lists.</summary>
        [Benchmark(Baseline = true), BenchmarkCategory(TypedMacros)]
        public FlowStatus TypedMacrosHandWritten() => Status(_basketCSharp.RunAsync(_basketInput));

        /// <summary>The JSON flow: <c>all</c> and <c>exists</c> over the typed lists, compiled from CEL.</summary>
        [Benchmark, BenchmarkCategory(TypedMacros)]
        public FlowStatus TypedMacrosCel() => Status(_basketCel.RunAsync(_basketCelInput));

        /// <summary>The hand-written condition over the <c>JsonElement</c> payload.</summary>
        [Benchmark(Baseline = true), BenchmarkCategory(Payload)]
        public bool PayloadHandWritten() => _paidByHand.Matches(_paid);

        /// <summary>The compiled CEL condition over the same <c>JsonElement</c> payload.</summary>
        [Benchmark, BenchmarkCategory(Payload)]
        public bool PayloadCel() => _paidCel.Matches(_paid);

        /// <summary>The compiled CEL condition over the same data as dictionaries and lists.</summary>
        [Benchmark, BenchmarkCategory(Payload)]
        public bool PayloadCelOnDictionary() => _paidCel.Matches(_paidDictionary);

        /// <summary>The hand-written loops over the <c>JsonElement</c> payload's items.</summary>
        [Benchmark(Baseline = true), BenchmarkCategory(PayloadMacros)]
        public bool PayloadMacrosHandWritten() => _placedByHand.Matches(_placed);

        /// <summary>The compiled CEL macros over the same <c>JsonElement</c> payload.</summary>
        [Benchmark, BenchmarkCategory(PayloadMacros)]
        public bool PayloadMacrosCel() => _placedCel.Matches(_placed);

        /// <summary>The compiled CEL macros over the same data as dictionaries and lists.</summary>
        [Benchmark, BenchmarkCategory(PayloadMacros)]
        public bool PayloadMacrosCelOnDictionary() => _placedCel.Matches(_placedDictionary);

        private static OrderRuleJsonFlow.Input OrderCel(OrderRuleInput input) => new()
        {
            Amount = input.Amount,
            Country = input.Country,
            Sku = input.Sku,
            Quantity = input.Quantity,
            UnitPrice = input.UnitPrice,
            Limit = input.Limit,
        };

        private static BasketRuleJsonFlow.Input BasketCel(BasketRuleInput input) => new()
        {
            Quantities = input.Quantities,
            Skus = input.Skus,
        };

        /// <summary>What a one-condition flow decided: the endpoint its only step took, read from a trace.</summary>
        private static bool Decision(Func<FlowRunOptions, ValueTask<FlowResult>> run)
        {
            var trace = new FlowTrace();
            Check.Completed(run(new FlowRunOptions { Observer = trace }), "a condition flow");
            var step = trace.Records.Single();
            return step.Endpoint switch
            {
                "then" => true,
                "else" => false,
                var other => throw new InvalidOperationException($"{step.StepId} took endpoint '{other}', not then or else."),
            };
        }

        private static void CheckTrigger(FlowTriggerInfo byHand, FlowTriggerInfo cel, string name, string holds, string[] fails)
        {
            foreach (var (json, expected) in fails.Select(f => (f, false)).Prepend((holds, true)))
            {
                var what = $"{name} condition on payload #{Array.IndexOf(fails, json) + 1}";
                var trigger = CelPayloads.Event(name, json);
                var dictionary = CelPayloads.EventWithDictionary(name, json);
                Agree(expected, byHand.Matches(trigger), cel.Matches(trigger), what);
                Agree(expected, byHand.Matches(trigger), cel.Matches(dictionary), what + " (as a dictionary)");
            }
        }

        private static void Agree(bool expected, bool byHand, bool cel, string what)
        {
            Check.Equal(expected, byHand, what + ", hand-written");
            Check.Equal(expected, cel, what + ", CEL");
        }

        private static FlowStatus Status(ValueTask<FlowResult> pending)
            => pending.IsCompletedSuccessfully ? pending.GetAwaiter().GetResult().Status : Wait(pending);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static FlowStatus Wait(ValueTask<FlowResult> pending) => pending.AsTask().GetAwaiter().GetResult().Status;
    }
}
