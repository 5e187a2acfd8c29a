using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting;

namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>
    /// Client loops against a host: each loop starts a run and waits until it completes, again and again. Records each
    /// run's start-to-completion latency (into a fixed buffer, so recording allocates nothing).
    /// </summary>
    internal sealed class DurableRunDriver
    {
        private readonly IFlowClient _client;
        private readonly string _flowId;
        private readonly long[] _latencies;
        private int _recorded;
        private int _stalled;

        public DurableRunDriver(IFlowClient client, string flowId, int capacity)
        {
            _client = client;
            _flowId = flowId;
            _latencies = new long[capacity];
        }

        /// <summary>Runs recorded since the last <see cref="Reset"/> (the buffer keeps the first ones when it is full).</summary>
        public int Recorded => Math.Min(Volatile.Read(ref _recorded), _latencies.Length);

        /// <summary>How long a loop waits for one run before it counts the run as stalled and goes on.</summary>
        public static TimeSpan StallTimeout { get; } = TimeSpan.FromSeconds(30);

        /// <summary>Runs that had not completed <see cref="StallTimeout"/> after their start (left out of the latencies).</summary>
        public int Stalled => Volatile.Read(ref _stalled);

        /// <summary>The flow id for a journal mode.</summary>
        public static string FlowFor(JournalMode mode) => mode switch
        {
            JournalMode.Durable => DurableThreeStepFlow.Id,
            JournalMode.Checkpoint => CheckpointThreeStepFlow.Id,
            _ => InMemoryThreeStepFlow.Id,
        };

        public void Reset() => Volatile.Write(ref _recorded, 0);

        /// <summary>Runs <paramref name="runs"/> runs on <paramref name="loops"/> concurrent client loops.</summary>
        public Task RunAsync(int runs, int loops)
        {
            var tasks = new Task[loops];
            for (var i = 0; i < loops; i++)
            {
                tasks[i] = LoopAsync(runs / loops + (i < runs % loops ? 1 : 0));
            }

            return Task.WhenAll(tasks);
        }

        /// <summary>Latency percentile <paramref name="p"/> (0..1) of the recorded runs, in milliseconds.</summary>
        public double PercentileMs(double p)
        {
            var count = Recorded;
            if (count == 0)
            {
                return double.NaN;
            }

            var sorted = _latencies.AsSpan(0, count).ToArray();
            Array.Sort(sorted);
            var index = Math.Clamp((int)Math.Ceiling(p * count) - 1, 0, count - 1);
            return sorted[index] * 1000.0 / Stopwatch.Frequency;
        }

        private async Task LoopAsync(int runs)
        {
            // One stall timer per loop, re-armed for each run (as a client that waits on many runs would keep one), so
            // the client's own bookkeeping does not count as the engine's cost per run.
            var patience = new CancellationTokenSource();
            try
            {
                for (var i = 0; i < runs; i++)
                {
                    var begun = Stopwatch.GetTimestamp();
                    var run = await _client.StartAsync(_flowId, new DurableJob(i)).ConfigureAwait(false);

                    // A flow with journal mode None ran inside StartAsync; the others run on the worker pool.
                    FlowStatus status;
                    if (run.Result is { } result)
                    {
                        status = result.Status;
                    }
                    else
                    {
                        patience.CancelAfter(StallTimeout);
                        try
                        {
                            status = await _client.WaitForStatusAsync(run.RunId, cancellationToken: patience.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (patience.IsCancellationRequested)
                        {
                            Interlocked.Increment(ref _stalled);
                            patience.Dispose();
                            patience = new CancellationTokenSource();
                            continue;
                        }

                        if (!patience.TryReset())
                        {
                            patience.Dispose();
                            patience = new CancellationTokenSource();
                        }
                    }

                    Record(run, status, begun);
                }
            }
            finally
            {
                patience.Dispose();
            }
        }

        private void Record(FlowRun run, FlowStatus status, long begun)
        {
            if (status != FlowStatus.Completed)
            {
                throw new InvalidOperationException($"Run {run.RunId} of {_flowId} ended {status}, not Completed.");
            }

            var slot = Interlocked.Increment(ref _recorded) - 1;
            if (slot < _latencies.Length)
            {
                _latencies[slot] = Stopwatch.GetTimestamp() - begun;
            }
        }
    }
}
