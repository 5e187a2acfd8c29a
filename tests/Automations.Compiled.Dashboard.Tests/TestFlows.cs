using System;
using Automations.Compiled.Hosting.Tests.Host;

namespace Automations.Compiled.Dashboard.Tests
{
    public sealed record Charge(string OrderId, double Amount);

    /// <summary>Validates, charges and sends a receipt; the charge fails while the test has <c>charge:{orderId}</c> in <see cref="Effects.Failing"/>.</summary>
    [Flow("flaky-charge", Description = "Charges a card; the card service fails until the test says otherwise.")]
    internal sealed partial class FlakyCharge(Effects effects) : IFlow<Charge>
    {
        [Action(1)]
        private void Validate(Charge charge) => effects.Add("validated:" + charge.OrderId);

        [Action(2)]
        private void ChargeCard(Charge charge)
        {
            if (effects.Failing.ContainsKey("charge:" + charge.OrderId))
            {
                throw new InvalidOperationException($"the card service is down (order {charge.OrderId})");
            }

            effects.Add("charged:" + charge.OrderId);
        }

        [Action(3)]
        private void SendReceipt(Charge charge) => effects.Add("receipt:" + charge.OrderId);
    }

    /// <summary>Waits for a manager's approval, then charges (approved) or says no (rejected).</summary>
    [Flow("needs-approval", Description = "Large orders wait for an approval.")]
    internal sealed partial class NeedsApproval(Effects effects) : IFlow<Charge>
    {
        [Approval(1, Roles = new[] { "manager" })]
        partial void ManagerApproval();

        [Action(1, Parent = nameof(ManagerApproval), On = Endpoints.Approved)]
        private void Proceed(Charge charge) => effects.Add("approved:" + charge.OrderId);

        [Action(1, Parent = nameof(ManagerApproval), On = Endpoints.Rejected)]
        private void Decline(Charge charge) => effects.Add("declined:" + charge.OrderId);
    }
}
