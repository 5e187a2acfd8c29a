using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Automations.Compiled;
using Automations.Compiled.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;

namespace Automations.Compiled.Benchmarks.HotPath
{
    /// <summary>
    /// One run of five synchronous steps: the generated flow against the same steps written by hand (inlined: the
    /// physical limit; as calls: the baseline an engine is judged by), against the same flow with an observer
    /// attached (the price of tracing), and against a dictionary-and-delegates interpreter.
    /// </summary>
    [MemoryDiagnoser]
    [Config(typeof(TimePerStepConfig))]
    [StepsPerRun(5)]
    public class HotPathBenchmarks
    {
        private readonly PricingFlow _flow = new();
        private readonly Interpreter _interpreter = Interpreter.Pricing;
        private readonly FlowRunOptions _observed = new() { Observer = NullObserver.Instance };
        private Basket _input = Basket.Sample;

        /// <summary>Checks that every variant completes and computes the same answer.</summary>
        [GlobalSetup]
        public void Setup()
        {
            _input = Basket.Sample;
            Check.Synchronous(_flow.RunAsync(_input), nameof(PricingFlow));
            Check.StepCount(options => _flow.RunAsync(_input, options), 5, nameof(PricingFlow));
            Check.Synchronous(_flow.RunAsync(_input, _observed), nameof(PricingFlow) + " observed");
            Check.Equal<object?>(HandWritten.Run(_input), _interpreter.Run(_input), nameof(Interpreter));
            Check.Equal(HandWritten.Run(_input), HandWritten.RunAsCalls(_input), nameof(HandWritten.RunAsCalls));
            PricingFlow.Result = !HandWritten.Run(_input);
            GeneratedFlow();
            Check.Equal(HandWritten.Run(_input), PricingFlow.Result, nameof(PricingFlow) + "'s result");
        }

        /// <summary>The five steps written out and inlined by the JIT: no engine, and hardly any calls.</summary>
        [Benchmark]
        public bool HandWrittenInlined() => HandWritten.Run(_input);

        /// <summary>The five steps written out as calls the JIT does not inline: the baseline.</summary>
        [Benchmark(Baseline = true)]
        public bool HandWrittenCalls() => HandWritten.RunAsCalls(_input);

        /// <summary>The generated flow: <c>await flow.RunAsync(input)</c>, taken synchronously when it completed.</summary>
        [Benchmark]
        public FlowStatus GeneratedFlow()
        {
            var pending = _flow.RunAsync(_input);
            return pending.IsCompletedSuccessfully ? pending.GetAwaiter().GetResult().Status : Wait(pending);
        }

        /// <summary>The generated flow with an observer attached: a step record per step, and the machine's general path.</summary>
        [Benchmark]
        public FlowStatus GeneratedFlowObserved()
        {
            var pending = _flow.RunAsync(_input, _observed);
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
