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
            for (var i = 0; i < 100; i++)
            {
                Run(flow, cart);
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1_000; i++)
            {
                Run(flow, cart);
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, allocated);
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
