using System.Linq;
using Automations.Compiled;

namespace Automations.Compiled.Benchmarks.Scaling
{
    /// <summary>
    /// A loop made of gotos: the condition's <c>else</c> endpoint jumps back to the body until the counter
    /// reaches <see cref="Iterations"/>. One run makes 1 + 3 × <see cref="Iterations"/> step executions and
    /// <see cref="Iterations"/> − 1 goto hops, so both budgets are raised above their defaults.
    /// </summary>
    [Flow("bench-goto-loop", Journal = JournalMode.None, GotoHopBudget = 10_000, StepBudget = 100_000)]
    [Variable("counter", typeof(int))]
    [Variable("sum", typeof(long))]
    public partial class GotoLoopFlow : IFlow<Basket>
    {
        /// <summary>Times round the loop.</summary>
        public const int Iterations = 1_000;

        /// <summary>Step executions of one run.</summary>
        public const int StepCount = 1 + (3 * Iterations);

        [Set(1, "counter")]
        private static int Start() => 0;

        [Set(2, "sum")]
        private static long Accumulate(Basket basket, [Var("sum")] long sum, [Var("counter")] int counter) => sum + (counter * basket.Quantity);

        [Set(3, "counter")]
        private static int Increment([Var("counter")] int counter) => counter + 1;

        [Condition(4)]
        [Goto(Endpoints.Else, nameof(Accumulate))]
        private static bool Finished([Var("counter")] int counter) => counter >= Iterations;
    }

    /// <summary>
    /// A foreach over 100 integers with two body steps that read <c>[Item]</c>. One run makes
    /// 1 + 2 × 100 step executions.
    /// </summary>
    [Flow("bench-foreach", Journal = JournalMode.None)]
    [Variable("sum", typeof(long))]
    public partial class ForEachFlow : IFlow<Basket>
    {
        /// <summary>Items in the list.</summary>
        public const int ItemCount = 100;

        /// <summary>Step executions of one run.</summary>
        public const int StepCount = 1 + (2 * ItemCount);

        private static readonly int[] s_items = Enumerable.Range(1, ItemCount).ToArray();

        [ForEach(1)]
        private static int[] Items() => s_items;

        [Action(1, Parent = nameof(Items), On = Endpoints.Each)]
        private static long Price(Basket basket, [Item] int item) => item * basket.UnitPriceCents;

        [Set(2, "sum", Parent = nameof(Items), On = Endpoints.Each)]
        private static long Add([Var("sum")] long sum, [Item] int item, [FromStep(nameof(Price))] long price) => sum + price + item;
    }
}
