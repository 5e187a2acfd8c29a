using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled;

namespace BrokenFlows
{
    /// <summary>The actions the JSON flows under flows/ bind to.</summary>
    public static class Actions
    {
        public static List<string> Sent { get; } = new();

        [FlowAction("send_email")]
        public static void SendEmail(string to, string body) => Sent.Add(to + ": " + body);

        [FlowAction("charge_card")]
        public static ValueTask<double> ChargeAsync(string orderId, double amount, CancellationToken cancellationToken) => new(amount);
    }
}
