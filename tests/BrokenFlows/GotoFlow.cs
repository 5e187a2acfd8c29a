using Automations.Compiled;

namespace BrokenFlows
{
    [Flow("gotos")]
    public partial class GotoFlow : IFlow<Order>
    {
        [Action(1)]
        private static void Validate(Order order)
        {
        }

        [Action(2)]
        [Goto(Endpoints.Error, "refnud")] // expect: AUTO2001 (no step 'refnud')
        private static double Charge(Order order) => order.Amount;

        [Action(3)]
        [Goto(Endpoints.Error, nameof(Notify))] // expect: AUTO2004 (goto to its own step)
        private static void Notify(Order order)
        {
        }

        [Action(1, Standalone = "refund")]
        private static void Refund(Order order) // expect: AUTO2008 (warning: only the misspelt goto pointed here)
        {
        }
    }
}
