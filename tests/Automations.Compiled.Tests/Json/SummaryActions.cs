using System.Threading;

namespace Automations.Compiled.Tests.Json
{
    /// <summary>The actions of <c>Flows/summaries.flow.json</c>: a costed, tagged stand-in for an LLM call that counts its calls.</summary>
    public static class SummaryActions
    {
        private static int s_calls;

        public static int Calls => Volatile.Read(ref s_calls);

        [FlowAction("tests.llm.summarise", Cost = 400, Tags = new[] { "llm", "paid" })]
        public static string Summarise(string text)
        {
            Interlocked.Increment(ref s_calls);
            return "summary of " + text;
        }
    }
}
