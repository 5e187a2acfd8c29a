// rule: AUTO5005
// message: Flow 'no-journal-waits' has journal mode 'none', but step 'cool-down' waits and a suspended run lives only in its journal; use journal mode 'checkpoint' or 'durable'
using System;
using Automations.Compiled;

namespace RuleCases
{
    [Flow("no-journal-waits", Journal = JournalMode.None)]
    public partial class NoJournalWaits
    {
        [Wait(1)]
        private static WaitSpec {|#0:CoolDown|}() => Wait.For(TimeSpan.FromMinutes(5));

        [Action(2)]
        private static void Work()
        {
        }
    }
}
// ---- corrected ----
using System;
using Automations.Compiled;

namespace RuleCases
{
    [Flow("no-journal-waits", Journal = JournalMode.Checkpoint)]
    public partial class NoJournalWaits
    {
        [Wait(1)]
        private static WaitSpec CoolDown() => Wait.For(TimeSpan.FromMinutes(5));

        [Action(2)]
        private static void Work()
        {
        }
    }
}
