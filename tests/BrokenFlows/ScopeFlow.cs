using Automations.Compiled;

namespace BrokenFlows
{
    [Flow("scopes")]
    public partial class ScopeFlow : IFlow<Order>
    {
        [Action(1, Id = "pack")]
        private static void PackBox(Order order)
        {
        }

        [Action(2, Id = "pack")]
        private static void PackLabel(Order order) // expect: AUTO3001 (step id 'pack' twice)
        {
        }

        [Action(3)]
        private static void Ship([Item] string line) // expect: AUTO3002 ([Item] outside a foreach)
        {
        }
    }
}
