// rule: AUTO7006
// message: CostBudget is -5; write the most a run may spend (1 or more), or 0 for no budget
using Automations.Compiled;

namespace RuleCases
{
    [Flow("summarise", CostBudget = {|#0:-5|})]
    public partial class Summarise
    {
        [Action(1)]
        private static void Work(StepContext step) => step.ReportCost(10);
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("summarise", CostBudget = 20000)]
    public partial class Summarise
    {
        [Action(1)]
        private static void Work(StepContext step) => step.ReportCost(10);
    }
}
