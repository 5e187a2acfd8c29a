using Automations.Compiled;

namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>
    /// Three synchronous steps with journal mode <see cref="JournalMode.None"/>: runs in memory inside StartAsync and leaves no trace in the journal. The other two
    /// three-step flows differ from it only by journal mode.
    /// </summary>
    [Flow("bench-memory-3", Journal = JournalMode.None)]
    public sealed partial class InMemoryThreeStepFlow : IFlow<DurableJob>
    {
        /// <summary>The flow id.</summary>
        public const string Id = "bench-memory-3";

        [Action(1)]
        private static int Reserve(DurableJob job) => job.Number * 10;

        [Action(2)]
        private static int Charge(DurableJob job, [FromStep(nameof(Reserve))] int reserved) => reserved + job.Number;

        [Action(3)]
        private static int Ship([FromStep(nameof(Charge))] int charged) => charged + 1;
    }
}
