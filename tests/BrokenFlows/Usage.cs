using System.Threading.Tasks;
using Automations.Compiled;

namespace BrokenFlows
{
    /// <summary>
    /// User code calling the flows with errors: their generated stubs keep the members a user calls, so this
    /// compiles and the build shows only the flows' own errors (no CS errors).
    /// </summary>
    public static class Usage
    {
        public static async Task<FlowStatus> RunAllAsync(Order order)
        {
            var valid = await new ValidOrderFlow().RunAsync(order);
            var gotos = await new GotoFlow().RunAsync(order);
            var scopes = await new ScopeFlow().RunAsync(order);
            var json = await new ValidJsonFlow().RunAsync(new ValidJsonFlow.Input { OrderId = order.Id, Amount = order.Amount });
            var typos = await new TyposFlow().RunAsync(new TyposFlow.Input { OrderId = order.Id, Amount = order.Amount });
            return valid.Status == gotos.Status && scopes.Status == json.Status ? typos.Status : FlowStatus.Failed;
        }
    }
}
