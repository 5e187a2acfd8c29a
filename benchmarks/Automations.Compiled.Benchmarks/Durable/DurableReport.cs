using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using BenchmarkDotNet.Environments;

namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>
    /// <c>--durable-report</c>: the hosted figures measured outside BenchmarkDotNet, one fresh host per case. For each
    /// journal mode and concurrency: a warm-up, then a fixed number of runs timed as a whole (runs/s), with journal
    /// commits and writes per run, p50/p99 start-to-completion latency, process CPU time and allocation per run. Then
    /// journal calls per run by operation (through a counting proxy, in a separate pass), and the waiting runs.
    /// Prints the tables and writes them to <c>BenchmarkDotNet.Artifacts/durable/report.md</c>.
    /// </summary>
    internal static class DurableReport
    {
        private static readonly JournalMode[] Modes = { JournalMode.Durable, JournalMode.Checkpoint, JournalMode.None };
        private static readonly int[] Concurrencies = { 1, 16, 256 };

        public static async Task<int> RunAsync(string[] args, string artifacts)
        {
            var waiting = Option(args, "--waiting", Program.Quick ? WaitingRunBenchmarks.QuickRuns : 100_000);
            var scale = Option(args, "--scale", Program.Quick ? 1 : 10);

            // --cases Durable@256,Checkpoint@256: only those rows of the first table, and nothing else (for profiling).
            var cases = Cases(args);
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
            Line($"Three synchronous steps per run, SQLite synchronous=FULL; runs per case: {RunsFor(JournalMode.Durable, 1, scale)} at concurrency 1 ({RunsFor(JournalMode.None, 1, scale)} in memory), {RunsFor(JournalMode.Durable, 16, scale)} above ({RunsFor(JournalMode.None, 16, scale)} in memory), after a warm-up.");
            Line();
            Line("| Journal | Concurrency | Runs/s | Commits/run | Writes/commit | p50 ms | p99 ms | CPU µs/run | Allocated/run | Stalled |");
            Line("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
            foreach (var mode in Modes)
            {
                foreach (var concurrency in Concurrencies)
                {
                    if (cases is null || cases.Contains((mode, concurrency)))
                    {
                        Line(await MeasureAsync(mode, concurrency, RunsFor(mode, concurrency, scale)).ConfigureAwait(false));
                    }
                }
            }

            if (cases is not null)
            {
                return 0;
            }

            Line();
            Line("Journal calls per run by operation (a separate pass through a counting proxy):");
            Line();
            var diagnostics = new List<(string Case, IReadOnlyDictionary<string, double> Calls)>();
            foreach (var mode in new[] { JournalMode.Durable, JournalMode.Checkpoint })
            {
                foreach (var concurrency in new[] { 1, 256 })
                {
                    diagnostics.Add(($"{mode} @{concurrency}", await CountCallsAsync(mode, concurrency, concurrency == 1 ? 100 * scale / 10 + 20 : 1000 * scale / 10 + 256).ConfigureAwait(false)));
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
                (waiting, WaitingRuns.Concurrency, WaitingRuns.PollInterval, $"{WaitingRuns.Concurrency} slots, poll {WaitingRuns.PollInterval.TotalMilliseconds:0} ms"),
                (Math.Min(waiting, 1_000), 64, null, "defaults: 64 slots, poll 1 s"),
            };
            foreach (var (runs, concurrency, poll, what) in settings)
            {
                using var counters = new HostCounters();
                await using var host = await BenchHost.StartAsync(concurrency, pollInterval: poll).ConfigureAwait(false);
                var batch = new WaitingRuns(host, counters, runs);
                await batch.StartAllWaitingAsync().ConfigureAwait(false);
                await batch.ResumeAllAsync().ConfigureAwait(false);
                Line($"Host with {what}:");
                Line();
                Line(batch.Header);
                Line(batch.Row);
                Line();
                Line(string.Create(CultureInfo.InvariantCulture, $"Journal {batch.JournalBytesBefore:N0} bytes empty, {batch.JournalBytesWaiting:N0} with the runs waiting; managed heap {batch.ManagedBefore:N0} bytes before, {batch.ManagedWaiting:N0} with the runs waiting."));
                Line();
            }

            var folder = Path.Combine(artifacts, "durable");
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, "report.md");
            File.WriteAllText(path, report.ToString());
            Console.WriteLine($"Written to {path}");
            return 0;
        }

        private static int RunsFor(JournalMode mode, int concurrency, int scale)
            => (mode, concurrency) switch
            {
                (JournalMode.None, 1) => 2_000 * scale,
                (JournalMode.None, _) => 5_000 * scale,
                (_, 1) => 30 * scale,
                _ => 400 * scale,
            };

        private static async Task<string> MeasureAsync(JournalMode mode, int concurrency, int runs)
        {
            using var counters = new HostCounters();
            await using var host = await BenchHost.StartAsync(concurrency).ConfigureAwait(false);
            var driver = new DurableRunDriver(host.Client, DurableRunDriver.FlowFor(mode), runs);
            await driver.RunAsync(Math.Max(concurrency * 2, Math.Min(runs / 5, 200)), concurrency).ConfigureAwait(false);
            driver.Reset();
            var stalledInWarmUp = driver.Stalled;

            var commits = counters.JournalCommits;
            var writes = counters.JournalWrites;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var begun = Stopwatch.GetTimestamp();
            await driver.RunAsync(runs, concurrency).ConfigureAwait(false);
            var seconds = Stopwatch.GetElapsedTime(begun).TotalSeconds;
            var allocatedPerRun = (double)(GC.GetTotalAllocatedBytes(precise: true) - allocated) / runs;
            var cpuPerRun = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / runs;
            commits = counters.JournalCommits - commits;
            writes = counters.JournalWrites - writes;
            return string.Create(
                CultureInfo.InvariantCulture,
                $"| {mode} | {concurrency} | {runs / seconds:N0} | {(double)commits / runs:0.00} | {(commits == 0 ? 0 : (double)writes / commits):0.0} | {driver.PercentileMs(0.50):0.00} | {driver.PercentileMs(0.99):0.00} | {cpuPerRun:N0} | {allocatedPerRun / 1024:N1} KB | {driver.Stalled - stalledInWarmUp} |");
        }

        private static async Task<IReadOnlyDictionary<string, double>> CountCallsAsync(JournalMode mode, int concurrency, int runs)
        {
            await using var host = await BenchHost.StartAsync(concurrency, countCalls: true).ConfigureAwait(false);
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
