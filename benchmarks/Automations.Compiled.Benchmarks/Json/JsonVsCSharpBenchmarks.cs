using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Automations.Compiled.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;

namespace Automations.Compiled.Benchmarks.Json
{
    /// <summary>
    /// A JSON flow and its C# twin (three synchronous steps: two actions and a CEL condition): the JSON front end
    /// compiles to the same kind of state machine, so the two should run at the same speed and allocate the same.
    /// </summary>
    [MemoryDiagnoser]
    [Config(typeof(TimePerStepConfig))]
    [StepsPerRun(3)]
    public class JsonVsCSharpBenchmarks
    {
        private readonly CheckoutCSharpFlow _csharp = new();
        private readonly CheckoutJsonFlow _json = new();
        private CheckoutInput _csharpInput = null!;
        private CheckoutJsonFlow.Input _jsonInput = null!;

        /// <summary>Checks that both complete synchronously with the same three steps.</summary>
        [GlobalSetup]
        public void Setup()
        {
            _csharpInput = new CheckoutInput(7, 1_999, 2_000, 100_000);
            _jsonInput = new CheckoutJsonFlow.Input { Quantity = 7, UnitPriceCents = 1_999, TaxRateBasisPoints = 2_000, LimitCents = 100_000 };
            Check.Twins(options => _csharp.RunAsync(_csharpInput, options), nameof(CheckoutCSharpFlow), options => _json.RunAsync(_jsonInput, options), nameof(CheckoutJsonFlow), steps: 3);
        }

        /// <summary>The C# flow.</summary>
        [Benchmark(Baseline = true)]
        public FlowStatus CSharpFlow() => Status(_csharp.RunAsync(_csharpInput));

        /// <summary>The JSON flow: inputs bound by <c>$expr</c>, the condition compiled from CEL.</summary>
        [Benchmark]
        public FlowStatus JsonFlow() => Status(_json.RunAsync(_jsonInput));

        private static FlowStatus Status(ValueTask<FlowResult> pending)
            => pending.IsCompletedSuccessfully ? pending.GetAwaiter().GetResult().Status : Wait(pending);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static FlowStatus Wait(ValueTask<FlowResult> pending) => pending.AsTask().GetAwaiter().GetResult().Status;
    }
}
