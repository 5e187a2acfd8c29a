// The actions every JSON rule case binds to.
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled;

namespace RuleCases
{
    public sealed record Charge(string Id, double Amount);

    /// <summary>An answer type LLM steps name as their output (AUTO8102).</summary>
    [LlmSchema]
    public sealed class TicketClass : LlmOutput
    {
        public string Category { get; init; } = "";
    }

    public static class Actions
    {
        [FlowAction("send_email")]
        public static void SendEmail(string to, string body) { }

        [FlowAction("charge_card")]
        public static ValueTask<Charge> ChargeAsync(string orderId, double amount, CancellationToken cancellationToken)
            => new(new Charge(orderId, amount));

        [FlowAction("refund")]
        public static void Refund(string chargeId) { }

        [FlowAction("log")]
        public static void Log(string text) { }

        [FlowAction("summarise", Cost = 500, Tags = new[] { "llm" })]
        public static string Summarise(string text) => text;
    }
}
