// rule: AUTO4004
// message: Step 'keep-key' uses secret 'API_KEY' in the value of vars.key, which is written to the run's journal; pass secrets only to action inputs
using Automations.Compiled;

namespace RuleCases
{
    [Flow("secret-in-set")]
    [Variable("key", typeof(string))]
    public partial class SecretInSet
    {
        [Set(1, "key")]
        private static string KeepKey([Secret("API_KEY")] string {|#0:key|}) => key;

        [Action(2)]
        private static void Call([Var("key")] string key)
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("secret-in-set")]
    public partial class SecretInSet
    {
        [Action(1)]
        private static void Call([Secret("API_KEY")] string key)
        {
        }
    }
}
