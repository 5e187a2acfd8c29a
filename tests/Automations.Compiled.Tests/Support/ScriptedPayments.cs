using System;
using System.Threading;
using System.Threading.Tasks;
using Samples.OrderProcessing;

namespace Automations.Compiled.Tests.Support
{
    /// <summary>Declines the first <c>failures</c> charges, then accepts; counts refunds.</summary>
    internal sealed class ScriptedPayments : IPayments
    {
        public static readonly Order Order = new("T-1", "t@example.com", 10m, "4242");

        private readonly int _failures;
        private int _charges;

        public ScriptedPayments(int failures) => _failures = failures;

        public int Refunds { get; private set; }

        public string? LastIdempotencyKey { get; private set; }

        public ValueTask<Charge> ChargeAsync(Order order, string idempotencyKey, CancellationToken cancellationToken)
        {
            LastIdempotencyKey = idempotencyKey;
            if (Interlocked.Increment(ref _charges) <= _failures)
            {
                throw new InvalidOperationException("card declined");
            }

            return new ValueTask<Charge>(new Charge("ch_1", order.Amount));
        }

        public ValueTask RefundAsync(Order order, CancellationToken cancellationToken)
        {
            Refunds++;
            return default;
        }
    }
}
