// rule: AUTO1105
// message: Action name 'notify' is declared by both RuleCases.Notifications.Email and RuleCases.Notifications.Sms; give each its own name
using Automations.Compiled;

namespace RuleCases
{
    public static class Notifications
    {
        [FlowAction("notify")]
        public static void Email(string to, string body)
        {
        }

        [FlowAction({|#0:"notify"|})]
        public static void Sms(string phone, string text)
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    public static class Notifications
    {
        [FlowAction("notify_email")]
        public static void Email(string to, string body)
        {
        }

        [FlowAction("notify_sms")]
        public static void Sms(string phone, string text)
        {
        }
    }
}
