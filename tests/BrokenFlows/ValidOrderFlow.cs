using System.Collections.Generic;
using Automations.Compiled;

namespace BrokenFlows
{
    public sealed record Order(string Id, double Amount, IReadOnlyList<string> Lines);

    /// <summary>Valid: must produce no diagnostic and a real state machine.</summary>
    [Flow("valid-order", Version = 1)]
    public partial class ValidOrderFlow : IFlow<Order>
    {
        [Condition(1)]
        private static bool HasAmount(Order order) => order.Amount > 0;

        [Stop(1, Parent = nameof(HasAmount), On = Endpoints.Else, Status = FlowStatus.Failed, Message = "no amount")]
        partial void Reject();

        [ForEach(2)]
        private static IReadOnlyList<string> Lines(Order order) => order.Lines;

        [Action(1, Parent = nameof(Lines))]
        private static void Ship([Item] string line, [Index] int index)
        {
        }

        [Action(3)]
        [Retry(2)]
        [Goto(Endpoints.Error, nameof(Refund))]
        private static double Charge(Order order) => order.Amount;

        [Action(1, Standalone = "refund")]
        private static void Refund(Order order)
        {
        }
    }
}
