using System.Collections.Generic;

namespace Automations.Compiled.Tests.Json
{
    /// <summary>The answer type the llm-typed flow names as its output (LlmOutputTypeTests).</summary>
    [LlmSchema]
    public sealed class TicketAnswer : LlmOutput
    {
        public TicketCategory Category { get; init; }

        public bool Urgent { get; init; }

        public double Confidence { get; init; }

        public string? Note { get; init; }

        public TicketCustomer Customer { get; init; } = new();

        public IReadOnlyList<string> Tags { get; init; } = new List<string>();
    }

    public enum TicketCategory
    {
        Billing,
        Bug,
        Other,
    }

    public sealed record TicketCustomer
    {
        public string Name { get; init; } = "";

        public int? Tier { get; init; }
    }
}
