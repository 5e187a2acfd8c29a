using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Tests.Support;
using Xunit;

namespace Automations.Compiled.Tests
{
    /// <summary>
    /// A flow larger than one chunk (64 steps) runs in several generated methods; gotos, run calls, foreach
    /// frames and suspension must behave exactly as in a small flow (the flow is in LargeFlow.cs).
    /// </summary>
    public partial class LargeFlowTests
    {
        public sealed record Plan(bool JumpAhead);

        private static IEnumerable<string> Steps(int from, int to) => Enumerable.Range(from, to - from + 1).Where(i => i is not (10 or 70 or 100 or 130)).Select(i => i.ToString());

        [Fact]
        public async Task A_large_flow_runs_every_step_in_order_across_chunks_and_resumes_in_a_later_chunk()
        {
            var log = new Log();
            var waiting = await new LargeFlow(log).RunAsync(new Plan(false));

            Assert.Equal(FlowStatus.Waiting, waiting.Status);
            var expectedBeforeWait = Steps(1, 69)
                .Concat(new[] { "called1", "called2" })
                .Concat(Steps(71, 99))
                .Concat(new[] { "each1", "each2", "each3" })
                .Concat(Steps(101, 129));
            Assert.Equal(expectedBeforeWait, log.Entries);

            var done = await new LargeFlow(log).ResumeAsync(waiting.Snapshot!, ResumeSignal.Event("go"));
            Assert.Equal(FlowStatus.Completed, done.Status);
            Assert.Equal(expectedBeforeWait.Concat(Steps(131, 200)), log.Entries);
        }

        [Fact]
        public async Task A_goto_into_a_later_chunk_hands_off_there()
        {
            var log = new Log();
            var done = await new LargeFlow(log).RunAsync(new Plan(true));

            Assert.Equal(FlowStatus.Completed, done.Status);
            Assert.Equal(Steps(1, 9).Append("jump").Concat(Steps(150, 200)), log.Entries);
        }

        [Fact]
        public void The_large_flow_is_split_into_chunk_methods()
        {
            var machine = typeof(LargeFlow).GetNestedTypes(System.Reflection.BindingFlags.NonPublic).Single(t => t.Name == "__Machine");
            var chunks = machine.GetMethods(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance).Where(m => m.Name.StartsWith("Chunk", System.StringComparison.Ordinal)).ToList();
            Assert.Equal(4, chunks.Count); // 204 main-context steps (the 200, the jump, the foreach body step, two called steps) in chunks of 64
        }
    }
}
