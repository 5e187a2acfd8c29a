using System;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled;

namespace Samples.OrderProcessing
{
    /// <summary>
    /// A large order waits for a manager: approved, it goes on to order processing as a subflow-free handoff (charge and
    /// receipt); rejected or not decided within two minutes, the customer is told.
    /// </summary>
    [Flow("large-order-approval", Version = 1, Description = "Orders above the limit wait for a manager's approval.")]
    public partial class LargeOrderApprovalFlow : IFlow<Order>
    {
        private readonly IPayments _payments;
        private readonly IMailer _mailer;

        /// <summary>Creates the flow with its services.</summary>
        public LargeOrderApprovalFlow(IPayments payments, IMailer mailer)
        {
            _payments = payments;
            _mailer = mailer;
        }

        [Approval(1, Roles = new[] { "manager" }, TimeoutSeconds = 120)]
        partial void ManagerApproval();

        [Action(1, Parent = nameof(ManagerApproval), On = Endpoints.Approved)]
        private ValueTask<Charge> Charge(Order order, StepContext step)
            => _payments.ChargeAsync(order, step.IdempotencyKey, step.CancellationToken);

        [Action(2, Parent = nameof(ManagerApproval), On = Endpoints.Approved)]
        private ValueTask Confirm(Order order, [FromStep(nameof(ManagerApproval))] ApprovalDecision decision, [FromStep(nameof(Charge))] Charge charge, CancellationToken cancellationToken)
            => _mailer.SendAsync(order.Email, $"Order {order.Id} approved by {decision.By}: {charge.Amount:0.00} charged ({charge.ChargeId})", cancellationToken);

        [Action(1, Parent = nameof(ManagerApproval), On = Endpoints.Rejected)]
        private ValueTask Decline(Order order, [FromStep(nameof(ManagerApproval))] ApprovalDecision decision, CancellationToken cancellationToken)
            => _mailer.SendAsync(order.Email, $"Order {order.Id} was declined by {decision.By}: {decision.Comment}", cancellationToken);

        [Action(1, Parent = nameof(ManagerApproval), On = Endpoints.Timeout)]
        private ValueTask Expired(Order order, CancellationToken cancellationToken)
            => _mailer.SendAsync(order.Email, $"Order {order.Id} was not approved in time; nothing was charged.", cancellationToken);
    }
}
