using System;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Automations.Compiled.Benchmarks.Journal
{
    /// <summary>
    /// One launch, 3 warm-ups and 10 iterations: a page read takes micro- to milliseconds and its spread is small, so the
    /// default job's 15 to 100 iterations per case would only stretch the run. In process: a read of a journal file gains
    /// nothing from a process of its own, and the boilerplate build of a separate one takes minutes on a small CI machine.
    /// The hour of patience is for the first run, which seeds the journal in its setup (LiteDB: minutes for a million runs).
    /// In quick mode it adds nothing.
    /// </summary>
    public sealed class RunPageJobConfig : ManualConfig
    {
        /// <summary>Creates the config.</summary>
        public RunPageJobConfig()
        {
            if (!Program.Quick)
            {
                AddJob(Job.Default.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true)).WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10).WithId("Page"));
            }
        }
    }
}
