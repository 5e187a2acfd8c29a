using System;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled;

namespace Samples.OrderProcessing
{
    /// <summary>An order to process.</summary>
    public sealed record Order(string Id, string Email, decimal Amount, string Card);

    /// <summary>A successful charge.</summary>
    public sealed record Charge(string ChargeId, decimal Amount);

    /// <summary>The payment provider the flow talks to.</summary>
    public interface IPayments
    {
        /// <summary>Charges a card; throws when the card is declined.</summary>
        ValueTask<Charge> ChargeAsync(Order order, string idempotencyKey, CancellationToken cancellationToken);

        /// <summary>Refunds whatever was taken for an order.</summary>
        ValueTask RefundAsync(Order order, CancellationToken cancellationToken);
    }

    /// <summary>Sends mail.</summary>
    public interface IMailer
    {
        /// <summary>Sends one message.</summary>
        ValueTask SendAsync(string to, string subject, CancellationToken cancellationToken);
    }

    /// <summary>
    /// Validate the order, charge the card (3 attempts, exponential backoff), send the receipt.
    /// When the charge fails for good, its error endpoint hands off to the standalone
    /// "refund and notify" sequence; the run ends there, failed, and no receipt is sent (so the order's
    /// lifecycle moves it to PaymentFailed).
    /// </summary>
    [Flow("order-processing", Version = 2, Description = "Validate, charge, send a receipt; refund and notify when the charge fails.")]
    public partial class OrderFlow : IFlow<Order>
    {
        private readonly IPayments _payments;
        private readonly IMailer _mailer;

        /// <summary>Creates the flow with its services.</summary>
        public OrderFlow(IPayments payments, IMailer mailer)
        {
            _payments = payments;
            _mailer = mailer;
        }

        [Action(1)]
        private static void Validate(Order order)
        {
            if (order.Amount <= 0)
            {
                throw new ArgumentException($"Order {order.Id} has no amount to charge.");
            }
        }

        [Action(2)]
        [Retry(3, InitialDelayMs = 200, Multiplier = 2)]
        [Goto(Endpoints.Error, nameof(Refund))]
        private ValueTask<Charge> ChargeCard(Order order, StepContext step)
            => _payments.ChargeAsync(order, step.IdempotencyKey, step.CancellationToken);

        [Action(3)]
        private ValueTask SendReceipt(Order order, [FromStep(nameof(ChargeCard))] Charge charge, CancellationToken cancellationToken)
            => _mailer.SendAsync(order.Email, $"Receipt for order {order.Id}: {charge.Amount:0.00} charged ({charge.ChargeId})", cancellationToken);

        // The standalone "refund and notify" sequence: run only when a goto targets it.
        [Action(1, Standalone = "refund-and-notify")]
        private ValueTask Refund(Order order, CancellationToken cancellationToken)
            => _payments.RefundAsync(order, cancellationToken);

        [Action(2, Standalone = "refund-and-notify")]
        private ValueTask NotifyCustomer(Order order, CancellationToken cancellationToken)
            => _mailer.SendAsync(order.Email, $"We could not charge your card for order {order.Id}; nothing was taken.", cancellationToken);

        [Stop(3, Standalone = "refund-and-notify", Status = FlowStatus.Failed, Message = "The card was declined: refunded and notified.")]
        partial void Declined();
    }
}
