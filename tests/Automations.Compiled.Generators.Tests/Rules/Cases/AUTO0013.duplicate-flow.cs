// rule: AUTO0013
// message: Flow 'invoice' version 1 is declared twice in this compilation
using Automations.Compiled;

namespace RuleCases
{
    [Flow("invoice")]
    public partial class InvoiceV1
    {
        [Action(1)]
        private static void Send()
        {
        }
    }

    [Flow("invoice", Description = "Sends the invoice and a reminder")]
    public partial class {|#0:InvoiceV2|}
    {
        [Action(1)]
        private static void Send()
        {
        }

        [Action(2)]
        private static void Remind()
        {
        }
    }
}
// ---- corrected ----
using Automations.Compiled;

namespace RuleCases
{
    [Flow("invoice")]
    public partial class InvoiceV1
    {
        [Action(1)]
        private static void Send()
        {
        }
    }

    [Flow("invoice", Version = 2, Description = "Sends the invoice and a reminder")]
    public partial class InvoiceV2
    {
        [Action(1)]
        private static void Send()
        {
        }

        [Action(2)]
        private static void Remind()
        {
        }
    }
}
