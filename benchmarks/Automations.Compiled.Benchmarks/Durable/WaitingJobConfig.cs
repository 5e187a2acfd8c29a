using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>One measured invocation and no warm-up: each starts a full batch of waiting runs first. In quick mode it adds nothing.</summary>
    public sealed class WaitingJobConfig : ManualConfig
    {
        /// <summary>Creates the config.</summary>
        public WaitingJobConfig()
        {
            if (!Program.Quick)
            {
                AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(0).WithIterationCount(1).WithInvocationCount(1).WithUnrollFactor(1).WithId("OneShot"));
            }
        }
    }
}
