using System.Threading.Tasks;
using Automations.Compiled.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;

namespace Automations.Compiled.Benchmarks.Json
{
    /// <summary>
    /// A JSON flow's code step against a C# flow's action doing the same arithmetic (one-step flows, <c>Journal = none</c>,
    /// synchronous): the snippet is compiled into the flow class, so the two runs should cost the same.
    /// </summary>
    [MemoryDiagnoser]
    [Config(typeof(TimePerStepConfig))]
    [StepsPerRun(1)]
    public class CodeStepBenchmarks
    {
        private readonly CodeStepCSharpFlow _csharp = new();
        private readonly CodeStepJsonFlow _json = new();
        private CheckoutInput _csharpInput = null!;
        private CodeStepJsonFlow.Input _jsonInput = null!;

        /// <summary>Checks that both runs complete synchronously, take one step and compute the same total.</summary>
        [GlobalSetup]
        public void Setup()
        {
            _csharpInput = new CheckoutInput(7, 1_999, 2_000, 100_000);
            _jsonInput = new CodeStepJsonFlow.Input { Quantity = 7, UnitPriceCents = 1_999, TaxRateBasisPoints = 2_000, LimitCents = 100_000 };
            Check.Twins(options => _csharp.RunAsync(_csharpInput, options), nameof(CodeStepCSharpFlow), options => _json.RunAsync(_jsonInput, options), nameof(CodeStepJsonFlow), steps: 1);
            Check.Equal<object?>(16_791L, Output(options => _csharp.RunAsync(_csharpInput, options)), "the action's total");
            Check.Equal<object?>(16_791L, Output(options => _json.RunAsync(_jsonInput, options)), "the code step's total");
        }

        /// <summary>One run of the C# flow with one action step.</summary>
        [Benchmark(Baseline = true)]
        public FlowStatus CSharpAction() => _csharp.RunAsync(_csharpInput).GetAwaiter().GetResult().Status;

        /// <summary>One run of the JSON flow with one code step.</summary>
        [Benchmark]
        public FlowStatus JsonCodeStep() => _json.RunAsync(_jsonInput).GetAwaiter().GetResult().Status;

        /// <summary>The output of the run's one step, as a trace records it.</summary>
        private static object? Output(System.Func<FlowRunOptions, ValueTask<FlowResult>> run)
        {
            var trace = new FlowTrace();
            run(new FlowRunOptions { Observer = trace }).GetAwaiter().GetResult();
            return trace.Records[trace.Records.Count - 1].Output;
        }
    }
}
