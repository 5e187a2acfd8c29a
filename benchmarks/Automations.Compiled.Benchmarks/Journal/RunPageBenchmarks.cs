using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Automations.Compiled.Benchmarks.Durable;
using Automations.Compiled.Hosting;
using Automations.Compiled.Hosting.LiteDb;
using Automations.Compiled.Hosting.Sqlite;
using BenchmarkDotNet.Attributes;

namespace Automations.Compiled.Benchmarks.Journal
{
    /// <summary>
    /// A dashboard's page of runs (<see cref="IRunJournal.ListRunsAsync"/>, 50 runs) in a journal of <see cref="Runs"/>
    /// runs, on each <see cref="Backend"/>: unfiltered, by flow, by status, by both, by time (the last hour, and an hour in
    /// the middle of the journal's history), by idempotency key, and the 10th page of two listings through their
    /// continuation tokens. The runs are spread evenly over <see cref="Flows"/> flows and every status, one a second, each
    /// with an idempotency key of its own. They are seeded once per backend and count into a file under the temp folder
    /// (<c>automations-benchmarks/run-pages</c>), kept for later runs and reopened by every benchmark process.
    /// </summary>
    [MemoryDiagnoser]
    [Config(typeof(RunPageJobConfig))]
    public class RunPageBenchmarks
    {
        /// <summary>Runs in quick mode.</summary>
        public const int QuickRuns = 10_000;

        /// <summary>The flows the runs are spread over.</summary>
        public const int Flows = 20;

        private const int PageSize = 50;
        private const int SeedBatch = 10_000;
        private const string SeedVersion = "v1";

        private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        private static readonly FlowStatus[] Statuses = Enum.GetValues<FlowStatus>();

        private IRunJournal _journal = null!;
        private RunQuery _first = null!;
        private RunQuery _byFlow = null!;
        private RunQuery _byStatus = null!;
        private RunQuery _byFlowAndStatus = null!;
        private RunQuery _lastHour = null!;
        private RunQuery _olderHour = null!;
        private RunQuery _byKey = null!;
        private RunQuery _tenthPage = null!;
        private RunQuery _tenthPageByStatus = null!;

        /// <summary>The journal.</summary>
        [ParamsSource(nameof(Backends))]
        public JournalBackend Backend { get; set; }

        /// <summary>LiteDB and SQLite; or those <c>AUTOMATIONS_RUN_PAGE_BACKENDS</c> lists (<c>Sqlite</c>), to measure one at a time.</summary>
        public static IEnumerable<JournalBackend> Backends
            => Environment.GetEnvironmentVariable("AUTOMATIONS_RUN_PAGE_BACKENDS") is { Length: > 0 } names
                ? Array.ConvertAll(names.Split(','), n => Enum.Parse<JournalBackend>(n, ignoreCase: true))
                : new[] { JournalBackend.LiteDb, JournalBackend.Sqlite };

        /// <summary>Runs in the journal.</summary>
        [ParamsSource(nameof(RunCounts))]
        public int Runs { get; set; }

        /// <summary>
        /// 1,000,000 runs; <see cref="QuickRuns"/> in quick mode; or the counts <c>AUTOMATIONS_RUN_PAGE_RUNS</c> lists
        /// (<c>200000,1000000</c>), to measure a backend whose seeding of a million runs takes too long at a smaller size.
        /// </summary>
        public static IEnumerable<int> RunCounts
            => Program.Quick ? new[] { QuickRuns }
                : Environment.GetEnvironmentVariable("AUTOMATIONS_RUN_PAGE_RUNS") is { Length: > 0 } counts
                    ? Array.ConvertAll(counts.Split(','), c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture))
                    : new[] { 1_000_000 };

        /// <summary>Opens the seeded journal (seeding it first when there is none yet) and checks that every query finds runs.</summary>
        [GlobalSetup]
        public void Setup()
        {
            _journal = OpenSeededAsync().GetAwaiter().GetResult();
            var newest = Start.AddSeconds(Runs - 1);
            var middle = Start.AddSeconds(Runs / 2);
            _first = new RunQuery { Limit = PageSize };
            _byFlow = new RunQuery { FlowId = Flow(7), Limit = PageSize };
            _byStatus = new RunQuery { Status = FlowStatus.Failed, Limit = PageSize };
            _byFlowAndStatus = new RunQuery { FlowId = Flow(7), Status = FlowStatus.Failed, Limit = PageSize };
            _lastHour = new RunQuery { CreatedFrom = newest.AddHours(-1), Limit = PageSize };
            _olderHour = new RunQuery { CreatedFrom = middle, CreatedBefore = middle.AddHours(1), Limit = PageSize };
            _byKey = new RunQuery { IdempotencyKey = Key(Runs / 3), Limit = PageSize };
            _tenthPage = TenthPage(new RunQuery { Limit = PageSize });
            _tenthPageByStatus = TenthPage(new RunQuery { Status = FlowStatus.Failed, Limit = PageSize });

            foreach (var (query, name) in new[] { (_first, "first"), (_byFlow, "flow"), (_byStatus, "status"), (_byFlowAndStatus, "flow+status"), (_lastHour, "last hour"), (_olderHour, "older hour"), (_tenthPage, "10th page"), (_tenthPageByStatus, "10th page by status") })
            {
                var page = _journal.ListRunsAsync(query).GetAwaiter().GetResult();
                if (page.Runs.Count != PageSize)
                {
                    throw new InvalidOperationException($"The {name} page of {Backend} holds {page.Runs.Count} runs, not {PageSize}.");
                }
            }

            if (_journal.ListRunsAsync(_byKey).GetAwaiter().GetResult().Runs.Count != 1)
            {
                throw new InvalidOperationException($"The idempotency key {_byKey.IdempotencyKey} does not find its one run in {Backend}.");
            }
        }

        /// <summary>Closes the journal; its file stays for the next run.</summary>
        [GlobalCleanup]
        public void Cleanup() => _journal.DisposeAsync().AsTask().GetAwaiter().GetResult();

        /// <summary>The newest runs.</summary>
        [Benchmark(Baseline = true)]
        public Task<RunPage> FirstPage() => _journal.ListRunsAsync(_first);

        /// <summary>The newest runs of one flow (of 20).</summary>
        [Benchmark]
        public Task<RunPage> ByFlow() => _journal.ListRunsAsync(_byFlow);

        /// <summary>The newest failed runs (the dead letters).</summary>
        [Benchmark]
        public Task<RunPage> ByStatus() => _journal.ListRunsAsync(_byStatus);

        /// <summary>The newest failed runs of one flow.</summary>
        [Benchmark]
        public Task<RunPage> ByFlowAndStatus() => _journal.ListRunsAsync(_byFlowAndStatus);

        /// <summary>The runs of the last hour.</summary>
        [Benchmark]
        public Task<RunPage> ByTimeLastHour() => _journal.ListRunsAsync(_lastHour);

        /// <summary>The runs of an hour in the middle of the history (half the runs are newer).</summary>
        [Benchmark]
        public Task<RunPage> ByTimeOlderHour() => _journal.ListRunsAsync(_olderHour);

        /// <summary>The run of one idempotency key.</summary>
        [Benchmark]
        public Task<RunPage> ByIdempotencyKey() => _journal.ListRunsAsync(_byKey);

        /// <summary>The 10th page of the unfiltered listing, from the 9th page's continuation token.</summary>
        [Benchmark]
        public Task<RunPage> TenthPage() => _journal.ListRunsAsync(_tenthPage);

        /// <summary>The 10th page of the failed runs, from the 9th page's continuation token.</summary>
        [Benchmark]
        public Task<RunPage> TenthPageByStatus() => _journal.ListRunsAsync(_tenthPageByStatus);

        private static string Flow(int index) => $"flow-{index:D2}";

        private static string Key(int run) => $"order-{run}";

        /// <summary><paramref name="query"/> from the continuation token of its 9th page.</summary>
        private RunQuery TenthPage(RunQuery query)
        {
            string? token = null;
            for (var page = 1; page < 10; page++)
            {
                token = _journal.ListRunsAsync(new RunQuery { FlowId = query.FlowId, Status = query.Status, Limit = query.Limit, ContinuationToken = token }).GetAwaiter().GetResult().ContinuationToken
                    ?? throw new InvalidOperationException($"The listing of {Backend} ends before its 10th page.");
            }

            return new RunQuery { FlowId = query.FlowId, Status = query.Status, Limit = query.Limit, ContinuationToken = token };
        }

        private async Task<IRunJournal> OpenSeededAsync()
        {
            var folder = Path.Combine(Path.GetTempPath(), "automations-benchmarks", "run-pages", $"{Backend}-{Runs}-{SeedVersion}");
            var path = Path.Combine(folder, Backend == JournalBackend.LiteDb ? "journal.litedb" : "journal.db");
            var seeded = Path.Combine(folder, "seeded");
            if (!File.Exists(seeded))
            {
                // A seeding cut short leaves no marker: start again from an empty folder.
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }

                Directory.CreateDirectory(folder);
                var clock = Stopwatch.StartNew();
                await using (var journal = await OpenAsync(path).ConfigureAwait(false))
                {
                    await SeedAsync(journal).ConfigureAwait(false);
                }

                await File.WriteAllTextAsync(seeded, $"{Runs} runs seeded in {clock.Elapsed.TotalSeconds:0.0} s").ConfigureAwait(false);
                Console.WriteLine($"RunPageBenchmarks: seeded {Runs:N0} runs into {path} in {clock.Elapsed.TotalSeconds:0.0} s.");
            }

            return await OpenAsync(path).ConfigureAwait(false);
        }

        private async Task<IRunJournal> OpenAsync(string path)
            => Backend == JournalBackend.LiteDb
                ? await LiteDbRunJournal.OpenAsync(new LiteDbJournalOptions { Path = path }).ConfigureAwait(false)
                : await SqliteRunJournal.OpenAsync(new SqliteJournalOptions { Path = path }).ConfigureAwait(false);

        /// <summary>Run i: flow i mod 20, every status in turn within a flow, accepted i seconds after <see cref="Start"/>, key order-i.</summary>
        private async Task SeedAsync(IRunJournal journal)
        {
            for (var f = 0; f < Flows; f++)
            {
                await journal.RegisterFlowVersionAsync(new FlowVersionRecord(Flow(f), 1, "hash-1")).ConfigureAwait(false);
            }

            var batch = new List<SeedRun>(SeedBatch);
            for (var i = 0; i < Runs; i++)
            {
                batch.Add(new SeedRun(Flow(i % Flows), Statuses[i / Flows % Statuses.Length], Start.AddSeconds(i), Key(i)));
                if (batch.Count == SeedBatch || i == Runs - 1)
                {
                    await (journal switch
                    {
                        LiteDbRunJournal lite => lite.SeedRunsAsync(batch),
                        SqliteRunJournal sqlite => sqlite.SeedRunsAsync(batch),
                        _ => throw new InvalidOperationException("Only the embedded journals are seeded."),
                    }).ConfigureAwait(false);
                    batch = new List<SeedRun>(SeedBatch);
                    if ((i + 1) % 100_000 == 0)
                    {
                        Console.WriteLine($"RunPageBenchmarks: {i + 1:N0} runs seeded into {Backend}.");
                    }
                }
            }
        }
    }
}
