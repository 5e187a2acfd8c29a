using Automations.Compiled;

namespace Samples.OrderProcessing
{
    /// <summary>
    /// The lifecycle of an order (SPEC §7), compiled into a transition table: placed, paid by the order-processing
    /// flow (or PaymentFailed when it fails), then shipped; a manager may cancel an order that was not paid.
    /// </summary>
    [Lifecycle("order", typeof(Order), Description = "An order from placement to shipping")]
    [LifecycleState("Placing")]
    [LifecycleState("Placed")]
    [LifecycleState("Paying")]
    [LifecycleState("Paid")]
    [LifecycleState("PaymentFailed")]
    [LifecycleState("Shipping")]
    [LifecycleState("Shipped", Final = true)]
    [LifecycleState("Cancelling")]
    [LifecycleState("Cancelled", Final = true)]
    [LifecycleAction("Place", Transit = "Placing", To = "Placed")]
    [LifecycleAction("Pay", From = "Placed", Transit = "Paying", To = "Paid", Error = "PaymentFailed", Flow = typeof(OrderFlow), Priority = 1)]
    [LifecycleAction("Retry payment", From = "PaymentFailed", Transit = "Paying", To = "Paid", Error = "PaymentFailed", Flow = typeof(OrderFlow), Priority = 1)]
    [LifecycleAction("Ship", From = "Paid", Transit = "Shipping", To = "Shipped", Priority = 1)]
    [LifecycleAction("Cancel", From = "Placed", Transit = "Cancelling", To = "Cancelled", Access = AccessLevel.Manager, Priority = 9)]
    [LifecycleAction("Cancel", From = "PaymentFailed", Transit = "Cancelling", To = "Cancelled", Access = AccessLevel.Manager, Priority = 9, Note = "Refunded already by the flow")]
    public partial class OrderLifecycle
    {
    }
}
