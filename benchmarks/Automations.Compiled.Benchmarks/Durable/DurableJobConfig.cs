using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>
    /// The job of the hosted benchmarks: an invocation is a whole batch of runs (seconds at concurrency 1, where every
    /// commit waits for an fsync), so no pilot stage and one invocation per iteration (<see cref="RunStrategy.Monitoring"/>).
    /// In quick mode it adds nothing, and the quick job alone runs.
    /// </summary>
    public sealed class DurableJobConfig : ManualConfig
    {
        /// <summary>Creates the config.</summary>
        public DurableJobConfig()
        {
            if (!Program.Quick)
            {
                AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithWarmupCount(1).WithIterationCount(5).WithId("Durable"));
            }
        }
    }
}
