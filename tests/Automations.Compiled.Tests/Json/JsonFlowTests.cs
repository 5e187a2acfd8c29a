using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Automations.Compiled.Tests.Json
{
    /// <summary>A JSON flow compiled by the generator in this very project: it runs, computes, and allocates nothing.</summary>
    public sealed class JsonFlowTests
    {
        [Theory]
        [InlineData(12, 700, 9072, "subtotal,discount,large,review,total")]
        [InlineData(2, 100, 240, "subtotal,discount,large,total")]
        public async Task The_json_flow_computes_like_its_csharp_twin(int quantity, int unitPrice, long expected, string steps)
        {
            var trace = new FlowTrace();
            var pending = new JsonPricingFlow().RunAsync(new JsonPricingFlow.Input { Quantity = quantity, UnitPrice = unitPrice }, new FlowRunOptions { Observer = trace });

            Assert.True(pending.IsCompletedSuccessfully, "synchronous actions and expressions complete synchronously");
            var result = await pending;
            Assert.Equal(FlowStatus.Completed, result.Status);
            Assert.Equal(expected, result.Output);
            Assert.Equal(steps, string.Join(",", trace.Records.Select(r => r.StepId)));
        }

        [Fact]
        public void A_warmed_up_synchronous_json_run_allocates_nothing()
        {
            var flow = new JsonPricingHotFlow();
            var input = new JsonPricingHotFlow.Input { Quantity = 12, UnitPrice = 700 };
            for (var i = 0; i < 100; i++)
            {
                Run(flow, input);
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1_000; i++)
            {
                Run(flow, input);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        private static void Run(JsonPricingHotFlow flow, JsonPricingHotFlow.Input input)
        {
            var pending = flow.RunAsync(input);
            if (!pending.IsCompletedSuccessfully || pending.Result.Status != FlowStatus.Completed)
            {
                throw new InvalidOperationException("The run should complete synchronously.");
            }
        }
    }
}
