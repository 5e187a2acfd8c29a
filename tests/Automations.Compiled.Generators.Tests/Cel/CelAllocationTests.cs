using System;
using System.Collections.Generic;
using Xunit;

namespace Automations.Compiled.Generators.Tests.Cel
{
    /// <summary>A typed expression over a C# object allocates nothing, error absorption of &amp;&amp; included.</summary>
    public class CelAllocationTests
    {
        private delegate bool Evaluate(
            TestOrder order, TestOrder? nobody, double total, IReadOnlyDictionary<string, object?> charge, int n, IReadOnlyList<string> names,
            IReadOnlyDictionary<string, long> scores, object? json, object? dict, object? record, DateTimeOffset now);

        [Fact]
        public void A_typed_boolean_expression_allocates_nothing()
        {
            var celCase = CelTestEnvironment.Case("vars.total > 100.0 && order.ok && order.quantity * 2 < 10 && order.customer.vip || n == 1");
            var evaluate = CelHarness.Load(celCase, typeof(TestOrder).Assembly).CreateDelegate<Evaluate>();
            var a = celCase.Arguments;
            var order = (TestOrder)a[0].Value!;
            var names = (IReadOnlyList<string>)a[5].Value!;
            var scores = (IReadOnlyDictionary<string, long>)a[6].Value!;
            var charge = (IReadOnlyDictionary<string, object?>)a[3].Value!;
            var now = (DateTimeOffset)a[10].Value!;

            var result = false;
            for (var i = 0; i < 100; i++)
            {
                result = evaluate(order, null, 120.0, charge, 42, names, scores, null, null, null, now);
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1000; i++)
            {
                result = evaluate(order, null, 120.0, charge, 42, names, scores, null, null, null, now);
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(result);
            Assert.Equal(0, allocated);
        }
    }
}
