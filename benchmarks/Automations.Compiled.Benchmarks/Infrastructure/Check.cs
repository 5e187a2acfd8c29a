using System;
using System.Threading.Tasks;
using Automations.Compiled;

namespace Automations.Compiled.Benchmarks.Infrastructure
{
    /// <summary>Sanity checks run from [GlobalSetup]: a benchmark that measures a failing run is worthless.</summary>
    public static class Check
    {
        /// <summary>Waits for a run and throws unless it completed.</summary>
        public static FlowResult Completed(ValueTask<FlowResult> pending, string what)
        {
            var result = pending.IsCompletedSuccessfully ? pending.GetAwaiter().GetResult() : pending.AsTask().GetAwaiter().GetResult();
            if (result.Status != FlowStatus.Completed)
            {
                throw new InvalidOperationException($"{what}: the run ended {result}, not Completed.");
            }

            return result;
        }

        /// <summary>Throws unless a run completed synchronously (the hot path must not allocate a task).</summary>
        public static void Synchronous(ValueTask<FlowResult> pending, string what)
        {
            if (!pending.IsCompletedSuccessfully)
            {
                var late = pending.AsTask().GetAwaiter().GetResult();
                throw new InvalidOperationException($"{what}: the run did not complete synchronously (it ended {late}).");
            }

            Completed(pending, what);
        }

        /// <summary>Runs a flow with a trace and throws unless it made exactly <paramref name="expected"/> step executions.</summary>
        public static void StepCount(Func<FlowRunOptions, ValueTask<FlowResult>> run, int expected, string what)
        {
            var trace = new FlowTrace();
            Completed(run(new FlowRunOptions { Observer = trace }), what);
            var actual = trace.Records.Count;
            if (actual != expected)
            {
                throw new InvalidOperationException($"{what}: a run made {actual} step executions, the benchmark divides by {expected}.");
            }
        }

        /// <summary>
        /// Checks a pair of twin flows (a C# flow and its JSON twin): each run completes synchronously and makes
        /// <paramref name="steps"/> step executions.
        /// </summary>
        public static void Twins(Func<FlowRunOptions?, ValueTask<FlowResult>> csharp, string csharpName, Func<FlowRunOptions?, ValueTask<FlowResult>> json, string jsonName, int steps)
        {
            Synchronous(csharp(null), csharpName);
            Synchronous(json(null), jsonName);
            StepCount(options => csharp(options), steps, csharpName);
            StepCount(options => json(options), steps, jsonName);
        }

        /// <summary>Throws unless two results are equal.</summary>
        public static void Equal<T>(T expected, T actual, string what)
        {
            if (!Equals(expected, actual))
            {
                throw new InvalidOperationException($"{what}: expected {expected}, got {actual}.");
            }
        }
    }
}
