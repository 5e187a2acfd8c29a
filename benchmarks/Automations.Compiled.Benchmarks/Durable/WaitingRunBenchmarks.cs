using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>
    /// <see cref="Waiting"/> runs suspended on one event in a real host on each <see cref="Backend"/>. The
    /// iteration setup starts them and measures what they hold while they wait: journal bytes per run (LiteDB: data file
    /// and log as they are; SQLite: database and write-ahead log after a checkpoint; less the empty journal) and host managed memory per run (after a full
    /// collection, less the same before they started; it should be about zero: a waiting run lives in the journal, not
    /// in the host). The benchmark is resuming them all: one <c>RaiseEventAsync</c>, then until every run has completed.
    /// A one-shot measurement (<see cref="WaitingJobConfig"/>); the cleanup prints the figures, with resumes/s, and
    /// appends them to <c>BenchmarkDotNet.Artifacts/durable/WaitingRunBenchmarks.md</c>.
    /// </summary>
    [Config(typeof(WaitingJobConfig))]
    public class WaitingRunBenchmarks
    {
        /// <summary>Waiting runs in quick mode.</summary>
        public const int QuickRuns = 1_000;

        private BenchHost _host = null!;
        private HostCounters _counters = null!;
        private WaitingRuns _batch = null!;
        private readonly List<string> _rows = new();

        /// <summary>The journal the host runs on.</summary>
        [Params(JournalBackend.LiteDb, JournalBackend.Sqlite)]
        public JournalBackend Backend { get; set; }

        /// <summary>Runs suspended at once.</summary>
        [ParamsSource(nameof(WaitingCounts))]
        public int Waiting { get; set; }

        /// <summary>100,000 runs; <see cref="QuickRuns"/> in quick mode.</summary>
        public static IEnumerable<int> WaitingCounts => Program.Quick ? new[] { QuickRuns } : new[] { 100_000 };

        /// <summary>
        /// Starts the host with <see cref="WaitingRuns.Concurrency"/> worker slots and a <see cref="WaitingRuns.PollInterval"/>
        /// poll interval: resumed runs are claimed by the poll loop, which sleeps a whole poll interval once every slot is
        /// busy, so with the defaults (64 slots, 1 s) resuming is capped at 64 runs/s (see benchmarks/README.md).
        /// </summary>
        [GlobalSetup]
        public void Setup()
        {
            _counters = new HostCounters();
            _host = BenchHost.StartAsync(Backend, WaitingRuns.Concurrency, pollInterval: WaitingRuns.PollInterval).GetAwaiter().GetResult();
        }

        /// <summary>Starts <see cref="Waiting"/> runs and measures them once all are suspended.</summary>
        [IterationSetup]
        public void StartWaiting()
        {
            _batch = new WaitingRuns(_host, _counters, Waiting, WaitingRuns.MeasuredSettings);
            _batch.StartAllWaitingAsync().GetAwaiter().GetResult();
        }

        /// <summary>One event resumes every waiting run; returns when all have completed.</summary>
        [Benchmark]
        public Task ResumeAll() => _batch.ResumeAllAsync();

        /// <summary>Keeps the figures of this iteration.</summary>
        [IterationCleanup]
        public void Record() => _rows.Add(_batch.Row);

        /// <summary>Prints and records the figures of every iteration (BenchmarkDotNet's jitting invocation included).</summary>
        [GlobalCleanup]
        public void Cleanup()
        {
            try
            {
                foreach (var row in _rows)
                {
                    DurableFigures.Append("WaitingRunBenchmarks.md", WaitingRuns.Header, row);
                }

                System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"WaitingRunBenchmarks: {_rows.Count} batch(es) of {Waiting:N0} runs on {Backend}."));
            }
            finally
            {
                _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
                _counters.Dispose();
            }
        }
    }
}
