using System;
using System.Threading.Tasks;
using Xunit;

namespace Automations.Compiled.Tests
{
    /// <summary>The hot path allocates nothing: a warmed-up synchronous run, measured on this thread.</summary>
    public partial class AllocationTests
    {
        public sealed record Cart(int Quantity, int UnitPrice);

        [Flow("pricing", Journal = JournalMode.None)]
        private sealed partial class PricingFlow : IFlow<Cart>
        {
            [Action(1)]
            private static int Subtotal(Cart cart) => cart.Quantity * cart.UnitPrice;

            [Action(2)]
            private static int Discount([FromStep(nameof(Subtotal))] int subtotal) => subtotal > 1_000 ? subtotal / 10 : 0;

            [Condition(3)]
            private static bool IsLarge([FromStep(nameof(Subtotal))] int subtotal) => subtotal > 5_000;

            [Action(1, Parent = nameof(IsLarge), On = Endpoints.Then)]
            private static ValueTask<int> Review([FromStep(nameof(Subtotal))] int subtotal) => new(subtotal);

            [Action(4)]
            private static int Tax([FromStep(nameof(Subtotal))] int subtotal, [FromStep(nameof(Discount))] int discount) => (subtotal - discount) / 5;

            [Action(5)]
            private static ValueTask<int> Total([FromStep(nameof(Subtotal))] int subtotal, [FromStep(nameof(Discount))] int discount, [FromStep(nameof(Tax))] int tax)
                => new(subtotal - discount + tax);
        }

        [Fact]
        public void A_warmed_up_synchronous_five_step_run_allocates_nothing()
        {
            var flow = new PricingFlow();
            var cart = new Cart(12, 700);

            Assert.Equal(0, BytesOfWarmedRuns(() => Run(flow, cart)));
        }

        /// <summary>What 1,000 runs allocate on this thread after 100 to warm up.</summary>
        private static long BytesOfWarmedRuns(Action run)
        {
            for (var i = 0; i < 100; i++)
            {
                run();
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1_000; i++)
            {
                run();
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        /// <summary>The same steps with synchronous actions only: a run without options takes the straight path.</summary>
        [Flow("pricing-straight", Journal = JournalMode.None)]
        private sealed partial class StraightPricingFlow : IFlow<Cart>
        {
            [Action(1)]
            private static int Subtotal(Cart cart) => cart.Quantity * cart.UnitPrice;

            [Action(2)]
            private static int Discount([FromStep(nameof(Subtotal))] int subtotal) => subtotal > 1_000 ? subtotal / 10 : 0;

            [Condition(3)]
            private static bool IsLarge([FromStep(nameof(Subtotal))] int subtotal) => subtotal > 5_000;

            [Action(1, Parent = nameof(IsLarge), On = Endpoints.Then)]
            private static int Review([FromStep(nameof(Subtotal))] int subtotal) => subtotal;

            [Action(4)]
            private static int Tax([FromStep(nameof(Subtotal))] int subtotal, [FromStep(nameof(Discount))] int discount) => (subtotal - discount) / 5;

            [Action(5)]
            private static int Total([FromStep(nameof(Subtotal))] int subtotal, [FromStep(nameof(Discount))] int discount, [FromStep(nameof(Tax))] int tax)
                => subtotal - discount + tax;
        }

        [Fact]
        public void A_warmed_up_straight_run_allocates_nothing()
        {
            var flow = new StraightPricingFlow();
            var cart = new Cart(12, 700);

            Assert.Equal(0, BytesOfWarmedRuns(() => RunStraight(flow, cart)));
        }

        private static void RunStraight(StraightPricingFlow flow, Cart cart)
        {
            var pending = flow.RunAsync(cart);
            if (!pending.IsCompletedSuccessfully || pending.Result.Status != FlowStatus.Completed || pending.Result.RunId == Guid.Empty)
            {
                throw new InvalidOperationException("The run should complete synchronously, with a run id.");
            }
        }

        private static void Run(PricingFlow flow, Cart cart)
        {
            var pending = flow.RunAsync(cart);
            if (!pending.IsCompletedSuccessfully || pending.Result.Status != FlowStatus.Completed)
            {
                throw new InvalidOperationException("The run should complete synchronously.");
            }
        }
    }
}
