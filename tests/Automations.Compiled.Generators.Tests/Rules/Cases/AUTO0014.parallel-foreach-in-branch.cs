// rule: AUTO0014
// message: Step 'recipients' starts concurrent work inside branch 'emails' of 'fan-out'; nesting parallel branches or parallel foreach bodies is not supported, so use parallelism 1 for one of them
using Automations.Compiled;

namespace RuleCases
{
    [Flow("announce")]
    public partial class Announce
    {
        [Parallel(1)]
        partial void FanOut();

        [Action(1, Parent = nameof(FanOut), Branch = "audit")]
        private static void Audit()
        {
        }

        [ForEach(1, Parent = nameof(FanOut), Branch = "emails", Parallelism = 4)]
        private static string[] {|#0:Recipients|}() => new[] { "a@example.com", "b@example.com" };

        [Action(1, Parent = nameof(Recipients))]
        private static void SendEmail([Item] string recipient)
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("announce")]
    public partial class Announce
    {
        [Parallel(1)]
        partial void FanOut();

        [Action(1, Parent = nameof(FanOut), Branch = "audit")]
        private static void Audit()
        {
        }

        [ForEach(1, Parent = nameof(FanOut), Branch = "emails")]
        private static string[] Recipients() => new[] { "a@example.com", "b@example.com" };

        [Action(1, Parent = nameof(Recipients))]
        private static void SendEmail([Item] string recipient)
        {
        }
    }
}
