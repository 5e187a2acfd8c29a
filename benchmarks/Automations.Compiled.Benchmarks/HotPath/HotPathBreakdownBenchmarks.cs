using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled;
using Automations.Compiled.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;

namespace Automations.Compiled.Benchmarks.HotPath
{
    /// <summary>
    /// Where the time of one generated run goes. Besides the five steps, a run makes a run id with
    /// <see cref="Guid.NewGuid"/> unless the caller supplies one, and every step counts itself against the
    /// step budget with an <see cref="Interlocked.Increment(ref int)"/>. This class measures the five-step flow
    /// with the run id supplied, and those two costs alone.
    /// </summary>
    [MemoryDiagnoser]
    public class HotPathBreakdownBenchmarks
    {
        private readonly PricingFlow _flow = new();
        private readonly FlowRunOptions _withRunId = new() { RunId = new Guid("6f1c2d3e-4b5a-4c8d-9e0f-112233445566") };
        private Basket _input = Basket.Sample;
        private int _counter;

        /// <summary>Checks the runs complete synchronously.</summary>
        [GlobalSetup]
        public void Setup()
        {
            _input = Basket.Sample;
            Check.Synchronous(_flow.RunAsync(_input), nameof(PricingFlow));
            Check.Synchronous(_flow.RunAsync(_input, _withRunId), nameof(PricingFlow) + " with a run id");
        }

        /// <summary>The plain run, as in HotPathBenchmarks.</summary>
        [Benchmark(Baseline = true)]
        public FlowStatus GeneratedFlow() => Status(_flow.RunAsync(_input));

        /// <summary>The caller supplies the run id (a reused <see cref="FlowRunOptions"/>): no <see cref="Guid.NewGuid"/>.</summary>
        [Benchmark]
        public FlowStatus GeneratedFlow_RunIdGiven() => Status(_flow.RunAsync(_input, _withRunId));

        /// <summary>What the run id costs alone.</summary>
        [Benchmark]
        public Guid GuidNewGuid() => Guid.NewGuid();

        /// <summary>What the step-budget counting of five steps costs alone.</summary>
        [Benchmark]
        public int FiveInterlockedIncrements()
        {
            Interlocked.Increment(ref _counter);
            Interlocked.Increment(ref _counter);
            Interlocked.Increment(ref _counter);
            Interlocked.Increment(ref _counter);
            return Interlocked.Increment(ref _counter);
        }

        private static FlowStatus Status(ValueTask<FlowResult> pending)
            => pending.IsCompletedSuccessfully ? pending.GetAwaiter().GetResult().Status : Wait(pending);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static FlowStatus Wait(ValueTask<FlowResult> pending) => pending.AsTask().GetAwaiter().GetResult().Status;
    }
}
