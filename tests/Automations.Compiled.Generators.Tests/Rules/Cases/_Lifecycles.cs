// The entities and flows every lifecycle rule case uses: servers that a flow starts, and invoices.
using Automations.Compiled;

namespace RuleCases
{
    public sealed record Server(string Name);

    public sealed record Invoice(string Number);

    [Flow("start-server")]
    public partial class StartServer : IFlow<Server>
    {
        [Action(1)]
        private static string Boot(Server server) => "booted " + server.Name;
    }

    [Flow("send-invoice")]
    public partial class SendInvoice : IFlow<Invoice>
    {
        [Action(1)]
        private static string Send(Invoice invoice) => "sent " + invoice.Number;
    }
}
