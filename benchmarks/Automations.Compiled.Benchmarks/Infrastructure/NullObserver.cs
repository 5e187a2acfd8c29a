using Automations.Compiled;

namespace Automations.Compiled.Benchmarks.Infrastructure
{
    /// <summary>An observer that only counts the step records it gets: what tracing costs the engine, not a sink.</summary>
    public sealed class NullObserver : IFlowObserver
    {
        /// <summary>One shared instance (benchmarks run one thread at a time).</summary>
        public static readonly NullObserver Instance = new();

        /// <summary>Step records seen.</summary>
        public long Records { get; private set; }

        /// <inheritdoc />
        public void OnStep(in StepRecord record) => Records++;
    }
}
