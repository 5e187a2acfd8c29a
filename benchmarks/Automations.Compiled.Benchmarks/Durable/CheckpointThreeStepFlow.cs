using Automations.Compiled;

namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>
    /// Three synchronous steps with journal mode <see cref="JournalMode.Checkpoint"/>: commits at suspension and completion only. The other two
    /// three-step flows differ from it only by journal mode.
    /// </summary>
    [Flow("bench-checkpoint-3", Journal = JournalMode.Checkpoint)]
    public sealed partial class CheckpointThreeStepFlow : IFlow<DurableJob>
    {
        /// <summary>The flow id.</summary>
        public const string Id = "bench-checkpoint-3";

        [Action(1)]
        private static int Reserve(DurableJob job) => job.Number * 10;

        [Action(2)]
        private static int Charge(DurableJob job, [FromStep(nameof(Reserve))] int reserved) => reserved + job.Number;

        [Action(3)]
        private static int Ship([FromStep(nameof(Charge))] int charged) => charged + 1;
    }
}
