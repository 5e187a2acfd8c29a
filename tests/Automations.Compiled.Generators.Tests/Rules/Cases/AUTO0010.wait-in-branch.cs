// rule: AUTO0010
// message: Step 'quiet-hours' (wait) can suspend the run, but it is inside branch 'sms' of 'notify'; move it out of the parallel branch or use parallelism 1
using System;
using Automations.Compiled;

namespace RuleCases
{
    [Flow("order-notifications")]
    public partial class OrderNotifications
    {
        [Parallel(1)]
        partial void Notify();

        [Action(1, Parent = nameof(Notify), Branch = "email")]
        private static void SendEmail()
        {
        }

        [Wait(1, Parent = nameof(Notify), Branch = "sms")]
        private static WaitSpec {|#0:QuietHours|}() => Wait.For(TimeSpan.FromHours(8));

        [Action(2, Parent = nameof(Notify), Branch = "sms")]
        private static void SendSms()
        {
        }
    }
}
// ---- corrected ----
using System;
using Automations.Compiled;

namespace RuleCases
{
    [Flow("order-notifications")]
    public partial class OrderNotifications
    {
        [Wait(1)]
        private static WaitSpec QuietHours() => Wait.For(TimeSpan.FromHours(8));

        [Parallel(2)]
        partial void Notify();

        [Action(1, Parent = nameof(Notify), Branch = "email")]
        private static void SendEmail()
        {
        }

        [Action(1, Parent = nameof(Notify), Branch = "sms")]
        private static void SendSms()
        {
        }
    }
}
