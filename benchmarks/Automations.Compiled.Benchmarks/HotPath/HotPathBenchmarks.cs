using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Automations.Compiled;
using Automations.Compiled.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;

namespace Automations.Compiled.Benchmarks.HotPath
{
    /// <summary>
    /// One run of five synchronous steps: the generated state machine against the same calls written by hand
    /// (the physical limit) and against a dictionary-and-delegates interpreter.
    /// </summary>
    [MemoryDiagnoser]
    [Config(typeof(TimePerStepConfig))]
    [StepsPerRun(5)]
    public class HotPathBenchmarks
    {
        private readonly PricingFlow _flow = new();
        private readonly Interpreter _interpreter = Interpreter.Pricing;
        private Basket _input = Basket.Sample;

        /// <summary>Checks that every variant completes and computes the same answer.</summary>
        [GlobalSetup]
        public void Setup()
        {
            _input = Basket.Sample;
            Check.Synchronous(_flow.RunAsync(_input), nameof(PricingFlow));
            Check.StepCount(options => _flow.RunAsync(_input, options), 5, nameof(PricingFlow));
            Check.Equal<object?>(HandWritten.Run(_input), _interpreter.Run(_input), nameof(Interpreter));
        }

        /// <summary>The five calls written out: no engine at all.</summary>
        [Benchmark(Baseline = true)]
        public bool HandWrittenCalls() => HandWritten.Run(_input);

        /// <summary>The generated flow: <c>await flow.RunAsync(input)</c>, taken synchronously when it completed.</summary>
        [Benchmark]
        public FlowStatus GeneratedFlow()
        {
            var pending = _flow.RunAsync(_input);
            return pending.IsCompletedSuccessfully ? pending.GetAwaiter().GetResult().Status : Wait(pending);
        }

        /// <summary>The interpreter: delegates over a per-run string-keyed dictionary.</summary>
        [Benchmark]
        public object? Interpreted() => _interpreter.Run(_input);

        // Never taken for this flow (Setup checks it completes synchronously); a synchronous benchmark
        // method cannot await, so it waits.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static FlowStatus Wait(ValueTask<FlowResult> pending) => pending.AsTask().GetAwaiter().GetResult().Status;
    }
}
