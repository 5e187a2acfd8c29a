using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.LiteDb;
using BenchmarkDotNet.Environments;

namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>
    /// <c>--durable-report</c>: the hosted figures measured outside BenchmarkDotNet, one fresh host per case. For each
    /// backend, journal mode and concurrency: a warm-up, then a fixed number of runs timed as a whole (runs/s), with
    /// journal commits and writes per run, p50/p99 start-to-completion latency, process CPU time and allocation per run.
    /// Then the floor (<see cref="JournalFloor"/>: each backend writing the same runs' documents or rows without the host),
    /// journal calls per run by operation (through a counting proxy, in a separate pass), and the waiting runs per
    /// backend. Prints the tables and writes them to <c>BenchmarkDotNet.Artifacts/durable/report.md</c>.
    /// </summary>
    internal static class DurableReport
    {
        private static readonly JournalMode[] Modes = { JournalMode.Durable, JournalMode.Checkpoint, JournalMode.None };
        private static readonly int[] Concurrencies = { 1, 16, 256 };
        private static readonly JournalBackend[] AllBackends = { JournalBackend.LiteDb, JournalBackend.Sqlite };

        public static async Task<int> RunAsync(string[] args, string artifacts)
        {
            var waiting = Option(args, "--waiting", Program.Quick ? WaitingRunBenchmarks.QuickRuns : 100_000);
            var scale = Option(args, "--scale", Program.Quick ? 1 : 10);

            // --cases Durable@256,Checkpoint@256: only those rows of the first table, and nothing else (for profiling).
            // --backend LiteDb: one backend only. --floor: the floor table alone.
            var cases = Cases(args);
            var backends = Array.IndexOf(args, "--backend") is var b and >= 0 && b + 1 < args.Length
                ? new[] { Enum.Parse<JournalBackend>(args[b + 1], ignoreCase: true) }
                : AllBackends;
            var floorOnly = args.Contains("--floor", StringComparer.Ordinal);
            using var sampler = args.Contains("--allocations", StringComparer.Ordinal) ? new AllocationSampler() : null;
            var report = new StringBuilder();
            void Line(string text = "")
            {
                Console.WriteLine(text);
                report.AppendLine(text);
            }

            Line("```");
            Line(HostEnvironmentInfo.GetCurrent().ToFormattedString().Aggregate(new StringBuilder(), (b, l) => b.AppendLine(l)).ToString().TrimEnd());
            Line("```");
            Line();
            var hosted = new Dictionary<(JournalBackend, JournalMode, int), double>();
            if (!floorOnly)
            {
                Line($"Three synchronous steps per run; LiteDB with every commit fsynced, SQLite WAL with synchronous=FULL; runs per case: {RunsFor(JournalMode.Durable, 1, scale)} at concurrency 1 ({RunsFor(JournalMode.None, 1, scale)} in memory), {RunsFor(JournalMode.Durable, 16, scale)} above ({RunsFor(JournalMode.None, 16, scale)} in memory), after a warm-up.");
                Line();
                Line("| Backend | Journal | Concurrency | Runs/s | Commits/run | Writes/commit | p50 ms | p99 ms | CPU µs/run | Allocated/run | Stalled |");
                Line("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
                foreach (var backend in backends)
                {
                    foreach (var mode in Modes)
                    {
                        foreach (var concurrency in Concurrencies)
                        {
                            if (cases is null || cases.Contains((mode, concurrency)))
                            {
                                var (row, runsPerSecond) = await MeasureAsync(backend, mode, concurrency, RunsFor(mode, concurrency, scale), sampler).ConfigureAwait(false);
                                hosted[(backend, mode, concurrency)] = runsPerSecond;
                                Line(row);
                                if (sampler is not null)
                                {
                                    foreach (var (type, share) in sampler.Top(25))
                                    {
                                        Line(string.Create(CultureInfo.InvariantCulture, $"|   | {type} | {share:P1} |"));
                                    }
                                }
                            }
                        }
                    }
                }

                if (cases is not null)
                {
                    return 0;
                }

                Line();
            }

            await FloorAsync(Line, backends, scale, hosted).ConfigureAwait(false);
            if (floorOnly)
            {
                return Save(artifacts, report);
            }

            Line();
            Line("Journal calls per run by operation (a separate pass through a counting proxy):");
            Line();
            var diagnostics = new List<(string Case, IReadOnlyDictionary<string, double> Calls)>();
            foreach (var backend in backends)
            {
                foreach (var mode in new[] { JournalMode.Durable, JournalMode.Checkpoint })
                {
                    foreach (var concurrency in new[] { 1, 256 })
                    {
                        diagnostics.Add(($"{backend} {mode} @{concurrency}", await CountCallsAsync(backend, mode, concurrency, concurrency == 1 ? 100 * scale / 10 + 20 : 1000 * scale / 10 + 256).ConfigureAwait(false)));
                    }
                }
            }

            var operations = diagnostics.SelectMany(d => d.Calls.Keys).Distinct(StringComparer.Ordinal).OrderBy(o => o, StringComparer.Ordinal).ToList();
            Line("| Operation | " + string.Join(" | ", diagnostics.Select(d => d.Case)) + " |");
            Line("|---|" + string.Concat(diagnostics.Select(_ => "--:|")));
            foreach (var operation in operations)
            {
                Line($"| {operation} | " + string.Join(" | ", diagnostics.Select(d => d.Calls.TryGetValue(operation, out var n) ? n.ToString("0.00", CultureInfo.InvariantCulture) : "")) + " |");
            }

            Line();
            var settings = new (int Runs, int Concurrency, TimeSpan? Poll, string What)[]
            {
                (waiting, WaitingRuns.Concurrency, WaitingRuns.PollInterval, WaitingRuns.MeasuredSettings),
                (Math.Min(waiting, 1_000), 64, null, "defaults: 64 slots, poll 1 s"),
            };
            Line("Waiting runs (LiteDB's journal bytes are its data file and its log as they are: its files are locked while the host runs, and the writer moves the log into the data file only once it passes 8 MiB; SQLite's are after wal_checkpoint(TRUNCATE)):");
            Line();
            Line(WaitingRuns.Header);
            var notes = new List<string>();
            foreach (var backend in backends)
            {
                foreach (var (runs, concurrency, poll, what) in settings)
                {
                    using var counters = new HostCounters();
                    await using var host = await BenchHost.StartAsync(backend, concurrency, pollInterval: poll).ConfigureAwait(false);
                    var batch = new WaitingRuns(host, counters, runs, what);
                    await batch.StartAllWaitingAsync().ConfigureAwait(false);
                    await batch.ResumeAllAsync().ConfigureAwait(false);
                    Line(batch.Row);
                    notes.Add(string.Create(CultureInfo.InvariantCulture, $"{backend}, {what}, {runs:N0} runs: journal {batch.JournalBytesBefore:N0} bytes empty, {batch.JournalBytesWaiting:N0} with the runs waiting (log {batch.JournalLogBytesWaiting:N0}); managed heap {batch.ManagedBefore:N0} bytes before, {batch.ManagedWaiting:N0} with the runs waiting."));
                }
            }

            Line();
            foreach (var note in notes)
            {
                Line(note);
            }

            Line();

            return Save(artifacts, report);
        }

        private static int Save(string artifacts, StringBuilder report)
        {
            var folder = Path.Combine(artifacts, "durable");
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, "report.md");
            File.WriteAllText(path, report.ToString());
            Console.WriteLine($"Written to {path}");
            return 0;
        }

        /// <summary>
        /// The floor table: what each backend costs writing the same runs' documents or rows without the host and the
        /// journal's writer (<see cref="JournalFloor"/>), in four batchings; then the two ratios of the bars.
        /// </summary>
        private static async Task FloorAsync(Action<string> line, JournalBackend[] backends, int scale, Dictionary<(JournalBackend, JournalMode, int), double> hosted)
        {
            var sample = await RunSample.TakeAsync().ConfigureAwait(false);
            var perStage = new LiteDbJournalOptions().MaxBatchSize / sample.Writes;
            var floor = new FloorShape("256 whole runs per commit", FloorBatching.WholeRuns, 256);
            var shapes = new[]
            {
                (Shape: new FloorShape("1 write per commit", FloorBatching.OneWrite, 1), Runs: RunsFor(JournalMode.Durable, 1, scale)),
                (Shape: floor, Runs: 256 * Math.Max(8, 2 * scale)),
                (Shape: new FloorShape($"{perStage} runs per stage, pipelined", FloorBatching.Pipelined, perStage), Runs: 256 * Math.Max(8, 2 * scale)),
                (Shape: new FloorShape($"{perStage} runs per stage, pipelined, with the reads", FloorBatching.Pipelined, perStage, Reads: true), Runs: 256 * Math.Max(8, 2 * scale)),
            };
            line(string.Create(CultureInfo.InvariantCulture, $"Floor: the journal's documents (LiteDB) or statements (SQLite) for durable 3-step runs ({sample.Writes} writes per run: the start, {sample.Checkpoints.Count} checkpoints, the end; the contents of a real run), written straight on the database opened as the journal opens it, one transaction per commit and one fsync per commit; no host, no journal writer. \"1 write per commit\" is concurrency 1; \"256 whole runs per commit\" is the floor of the bar; \"pipelined\" commits {perStage * sample.Writes} writes (the LiteDB writer's largest batch), one of each stage for {perStage} runs per stage; \"with the reads\" adds the look-ups the journal makes inside its writes."));
            line("");
            line(FloorResult.Header);
            var floors = new Dictionary<JournalBackend, FloorResult>();
            var breakdowns = new List<FloorResult>();
            foreach (var backend in backends)
            {
                foreach (var (shape, runs) in shapes)
                {
                    var result = JournalFloor.Measure(backend, sample, shape, runs);
                    if (shape == floor)
                    {
                        floors[backend] = result;
                    }

                    if (result.Operations.Count > 0)
                    {
                        breakdowns.Add(result);
                    }

                    line(result.Row);
                }
            }

            foreach (var result in breakdowns)
            {
                if (result.Shape == floor || result.Shape.Reads)
                {
                    line("");
                    line($"Where the {result.Backend} floor's time goes ({result.Shape.Name}; stopwatch and this thread's allocation around each call):");
                    line("");
                    foreach (var row in result.Breakdown())
                    {
                        line(row);
                    }
                }
            }

            line("");
            const JournalMode mode = JournalMode.Durable;
            if (hosted.TryGetValue((JournalBackend.LiteDb, mode, 256), out var lite) && hosted.TryGetValue((JournalBackend.Sqlite, mode, 256), out var sqlite))
            {
                line(string.Create(CultureInfo.InvariantCulture, $"Durable @256, LiteDB / SQLite runs/s: {lite:N0} / {sqlite:N0} = {lite / sqlite:0.00} (bar: at least 0.50)."));
            }

            foreach (var backend in backends)
            {
                if (hosted.TryGetValue((backend, mode, 256), out var host) && floors.TryGetValue(backend, out var result))
                {
                    var bare = result.RunsPerSecond;
                    line(string.Create(CultureInfo.InvariantCulture, $"Durable @256, {backend} floor / host runs/s: {bare:N0} / {host:N0} = {bare / host:0.00}{(backend == JournalBackend.LiteDb ? " (bar: at most 1.50)" : "")}."));
                }
            }

            line("");
        }

        private static int RunsFor(JournalMode mode, int concurrency, int scale)
            => (mode, concurrency) switch
            {
                (JournalMode.None, 1) => 2_000 * scale,
                (JournalMode.None, _) => 5_000 * scale,
                (_, 1) => 30 * scale,
                _ => 400 * scale,
            };

        private static async Task<(string Row, double RunsPerSecond)> MeasureAsync(JournalBackend backend, JournalMode mode, int concurrency, int runs, AllocationSampler? sampler = null)
        {
            using var counters = new HostCounters();
            await using var host = await BenchHost.StartAsync(backend, concurrency).ConfigureAwait(false);
            var driver = new DurableRunDriver(host.Client, DurableRunDriver.FlowFor(mode), runs);
            await driver.RunAsync(Math.Max(concurrency * 2, Math.Min(runs / 5, 200)), concurrency).ConfigureAwait(false);
            driver.Reset();
            var stalledInWarmUp = driver.Stalled;

            var commits = counters.JournalCommits;
            var writes = counters.JournalWrites;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var begun = Stopwatch.GetTimestamp();
            sampler?.Start();
            await driver.RunAsync(runs, concurrency).ConfigureAwait(false);
            sampler?.Stop();
            var seconds = Stopwatch.GetElapsedTime(begun).TotalSeconds;
            var allocatedPerRun = (double)(GC.GetTotalAllocatedBytes(precise: true) - allocated) / runs;
            var cpuPerRun = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / runs;
            commits = counters.JournalCommits - commits;
            writes = counters.JournalWrites - writes;
            return (string.Create(
                CultureInfo.InvariantCulture,
                $"| {backend} | {mode} | {concurrency} | {runs / seconds:N0} | {(double)commits / runs:0.00} | {(commits == 0 ? 0 : (double)writes / commits):0.0} | {driver.PercentileMs(0.50):0.00} | {driver.PercentileMs(0.99):0.00} | {cpuPerRun:N0} | {allocatedPerRun / 1024:N1} KB | {driver.Stalled - stalledInWarmUp} |"), runs / seconds);
        }

        private static async Task<IReadOnlyDictionary<string, double>> CountCallsAsync(JournalBackend backend, JournalMode mode, int concurrency, int runs)
        {
            await using var host = await BenchHost.StartAsync(backend, concurrency, countCalls: true).ConfigureAwait(false);
            var driver = new DurableRunDriver(host.Client, DurableRunDriver.FlowFor(mode), runs);
            await driver.RunAsync(concurrency, concurrency).ConfigureAwait(false);
            var before = host.Calls!.Snapshot();
            await driver.RunAsync(runs, concurrency).ConfigureAwait(false);
            return host.Calls.Snapshot().ToDictionary(
                c => c.Key,
                c => (double)(c.Value - (before.TryGetValue(c.Key, out var b) ? b : 0)) / runs,
                StringComparer.Ordinal);
        }

        private static HashSet<(JournalMode Mode, int Concurrency)>? Cases(string[] args)
        {
            var at = Array.IndexOf(args, "--cases");
            if (at < 0 || at + 1 >= args.Length)
            {
                return null;
            }

            return args[at + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(c => c.Split('@'))
                .Select(p => (Enum.Parse<JournalMode>(p[0], ignoreCase: true), int.Parse(p[1], CultureInfo.InvariantCulture)))
                .ToHashSet();
        }

        private static int Option(string[] args, string name, int fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
        }
    }
}
