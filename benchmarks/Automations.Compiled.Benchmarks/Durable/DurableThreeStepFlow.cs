using Automations.Compiled;

namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>
    /// Three synchronous steps with journal mode <see cref="JournalMode.Durable"/>: commits every step (a checkpoint at each step start). The other two
    /// three-step flows differ from it only by journal mode.
    /// </summary>
    [Flow("bench-durable-3", Journal = JournalMode.Durable)]
    public sealed partial class DurableThreeStepFlow : IFlow<DurableJob>
    {
        /// <summary>The flow id.</summary>
        public const string Id = "bench-durable-3";

        [Action(1)]
        private static int Reserve(DurableJob job) => job.Number * 10;

        [Action(2)]
        private static int Charge(DurableJob job, [FromStep(nameof(Reserve))] int reserved) => reserved + job.Number;

        [Action(3)]
        private static int Ship([FromStep(nameof(Charge))] int charged) => charged + 1;
    }
}
