// rule: AUTO3006
// message: Step 'mail' (line 18) reads the output of 'price' (line 15), but 'price' runs in another branch of parallel 'fan-out' (line 12), at the same time; read it only where 'price' has completed on every path, or give the value a variable with a default
using System.Threading.Tasks;
using Automations.Compiled;

namespace RuleCases
{
    [Flow("other-branch")]
    public partial class OtherBranch
    {
        [Parallel(1)]
        partial void FanOut();

        [Action(1, Parent = nameof(FanOut), On = Endpoints.Branches, Branch = "pricing")]
        private static int Price() => 42;

        [Action(1, Parent = nameof(FanOut), On = Endpoints.Branches, Branch = "mail")]
        private static void Mail([FromStep({|#0:nameof(Price)|})] int price)
        {
        }
    }
}
// ---- corrected ----
using System.Threading.Tasks;
using Automations.Compiled;

namespace RuleCases
{
    [Flow("other-branch")]
    public partial class OtherBranch
    {
        [Parallel(1)]
        partial void FanOut();

        [Action(1, Parent = nameof(FanOut), On = Endpoints.Branches, Branch = "pricing")]
        private static int Price() => 42;

        [Action(1, Parent = nameof(FanOut), On = Endpoints.Branches, Branch = "mail")]
        private static void Mail()
        {
        }

        [Action(2)]
        private static void Confirm([FromStep(nameof(Price))] int price)
        {
        }
    }
}
