using System.Collections.Concurrent;

namespace Automations.Compiled.Tests.Json
{
    /// <summary>A costed action (an LLM call) for the cost budget tests; records every call.</summary>
    public static class LlmActions
    {
        public static ConcurrentQueue<string> Calls { get; } = new();

        [FlowAction("tests.llm.summarise", Cost = 400, Tags = new[] { "llm" })]
        public static string Summarise(string text)
        {
            Calls.Enqueue(text);
            return text;
        }
    }
}
