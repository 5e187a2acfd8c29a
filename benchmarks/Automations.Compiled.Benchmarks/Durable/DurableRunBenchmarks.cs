using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;
using Automations.Compiled.Hosting;
using BenchmarkDotNet.Attributes;

namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>
    /// Three-step runs (synchronous steps) through a real host on a journal file (<see cref="Backend"/>: LiteDB with every
    /// commit fsynced, or SQLite with <c>synchronous=FULL</c>): as many client loops as the host has worker slots, each
    /// starting a run and waiting for its completion, again and again.
    /// The Mean is per run (<see cref="RunsPerInvocation"/> runs per invocation) and Allocated is the whole process's
    /// allocation per run (client, host and journal). Runs/s, commits per run and p50/p99 latency are printed by the
    /// cleanup and appended to <c>BenchmarkDotNet.Artifacts/durable/DurableRunBenchmarks.md</c>; the
    /// <c>--durable-report</c> mode measures the same figures outside BenchmarkDotNet.
    /// </summary>
    [MemoryDiagnoser]
    [Config(typeof(DurableJobConfig))]
    public class DurableRunBenchmarks
    {
        /// <summary>Runs per invocation: a multiple of every concurrency, so each loop does the same number.</summary>
        public const int RunsPerInvocation = 1024;

        /// <summary>Runs per invocation in quick mode (the Mean is then not per run: quick numbers mean nothing anyway).</summary>
        public const int QuickRuns = 32;

        private BenchHost _host = null!;
        private HostCounters _counters = null!;
        private DurableRunDriver _driver = null!;
        private long _commitsBefore;
        private long _writesBefore;
        private long _runs;
        private long _elapsedTicks;

        /// <summary>The journal the host runs on.</summary>
        [Params(JournalBackend.LiteDb, JournalBackend.Sqlite)]
        public JournalBackend Backend { get; set; }

        /// <summary>The flow's journal mode (three flows that differ only by it).</summary>
        [Params(JournalMode.Durable, JournalMode.Checkpoint, JournalMode.None)]
        public JournalMode Journal { get; set; }

        /// <summary>The host's worker slots and the number of concurrent client loops.</summary>
        [Params(1, 16, 256)]
        public int Concurrency { get; set; }

        /// <summary>Starts the host, then checks a run completes and (unless in memory) left its three steps in the journal.</summary>
        [GlobalSetup]
        public void Setup()
        {
            _counters = new HostCounters();
            _host = BenchHost.StartAsync(Backend, Concurrency).GetAwaiter().GetResult();
            _driver = new DurableRunDriver(_host.Client, DurableRunDriver.FlowFor(Journal), 64 * RunsPerInvocation);
            var check = _host.Client.StartAsync(DurableRunDriver.FlowFor(Journal), new DurableJob(7)).GetAwaiter().GetResult();
            if (Journal == JournalMode.None)
            {
                Require(check.Result?.Status == FlowStatus.Completed, $"the in-memory run ended {check.Result}");
            }
            else
            {
                var status = _host.Client.WaitForStatusAsync(check.RunId).GetAwaiter().GetResult();
                Require(status == FlowStatus.Completed, $"the run ended {status}");
                var steps = _host.Client.GetRunAsync(check.RunId).GetAwaiter().GetResult()!.Steps.Count;
                Require(steps == 3, $"the journal holds {steps} steps of the run, not 3");
            }

            _commitsBefore = _counters.JournalCommits;
            _writesBefore = _counters.JournalWrites;
        }

        /// <summary>A batch of runs on <see cref="Concurrency"/> client loops.</summary>
        [Benchmark(OperationsPerInvoke = RunsPerInvocation)]
        public async Task Runs()
        {
            var runs = Program.Quick ? QuickRuns : RunsPerInvocation;
            var begun = Stopwatch.GetTimestamp();
            await _driver.RunAsync(runs, Concurrency).ConfigureAwait(false);
            _elapsedTicks += Stopwatch.GetTimestamp() - begun;
            _runs += runs;
            Require(_driver.Stalled == 0, $"{_driver.Stalled} run(s) did not complete within {DurableRunDriver.StallTimeout.TotalSeconds:0} s of their start");
        }

        /// <summary>Prints and records runs/s, commits per run and latency over every invocation (warm-up included).</summary>
        [GlobalCleanup]
        public void Cleanup()
        {
            try
            {
                var commits = _counters.JournalCommits - _commitsBefore;
                var writes = _counters.JournalWrites - _writesBefore;
                var seconds = (double)_elapsedTicks / Stopwatch.Frequency;
                DurableFigures.Append(
                    "DurableRunBenchmarks.md",
                    "| Backend | Journal | Concurrency | Runs | Runs/s | Commits/run | Writes/commit | p50 ms | p99 ms |\n|---|---|--:|--:|--:|--:|--:|--:|--:|",
                    string.Create(CultureInfo.InvariantCulture, $"| {Backend} | {Journal} | {Concurrency} | {_runs} | {_runs / seconds:N0} | {(double)commits / _runs:0.00} | {(commits == 0 ? 0 : (double)writes / commits):0.0} | {_driver.PercentileMs(0.50):0.00} | {_driver.PercentileMs(0.99):0.00} |"));
            }
            finally
            {
                _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
                _counters.Dispose();
            }
        }

        private static void Require(bool condition, string what)
        {
            if (!condition)
            {
                throw new InvalidOperationException("DurableRunBenchmarks: " + what + ".");
            }
        }
    }
}
