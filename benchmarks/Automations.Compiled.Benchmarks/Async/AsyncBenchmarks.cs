using System.Threading.Tasks;
using Automations.Compiled;
using Automations.Compiled.Benchmarks.HotPath;
using Automations.Compiled.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;

namespace Automations.Compiled.Benchmarks.Async
{
    /// <summary>
    /// The same five steps with synchronous actions, with actions returning an already-completed
    /// <see cref="ValueTask{T}"/>, and with actions that really yield. Each benchmark returns the run's
    /// <see cref="ValueTask{FlowResult}"/> and BenchmarkDotNet awaits it, so Allocated is the cost of one run.
    /// </summary>
    [MemoryDiagnoser]
    [Config(typeof(TimePerStepConfig))]
    [StepsPerRun(5)]
    public class AsyncBenchmarks
    {
        private readonly PricingFlow _sync = new();
        private readonly CompletedValueTaskPricingFlow _completed = new();
        private readonly YieldingPricingFlow _yielding = new();
        private Basket _input = Basket.Sample;

        /// <summary>Checks that every flow completes, and that only the yielding one goes asynchronous.</summary>
        [GlobalSetup]
        public void Setup()
        {
            _input = Basket.Sample;
            Check.Synchronous(_sync.RunAsync(_input), nameof(PricingFlow));
            Check.Synchronous(_completed.RunAsync(_input), nameof(CompletedValueTaskPricingFlow));
            Check.Completed(_yielding.RunAsync(_input), nameof(YieldingPricingFlow));
            Check.StepCount(options => _completed.RunAsync(_input, options), 5, nameof(CompletedValueTaskPricingFlow));
            Check.StepCount(options => _yielding.RunAsync(_input, options), 5, nameof(YieldingPricingFlow));
        }

        /// <summary>Actions return their values directly.</summary>
        [Benchmark(Baseline = true)]
        public ValueTask<FlowResult> SyncActions() => _sync.RunAsync(_input);

        /// <summary>Actions return <c>new ValueTask&lt;T&gt;(value)</c>: async signature, synchronous completion.</summary>
        [Benchmark]
        public ValueTask<FlowResult> CompletedValueTaskActions() => _completed.RunAsync(_input);

        /// <summary>Every action awaits <c>Task.Yield()</c>: five real suspensions and thread-pool hops per run.</summary>
        [Benchmark]
        public ValueTask<FlowResult> YieldingActions() => _yielding.RunAsync(_input);
    }
}
