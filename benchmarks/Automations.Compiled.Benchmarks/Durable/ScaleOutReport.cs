using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Automations.Compiled.Hosting;
using Automations.Compiled.Hosting.PostgreSql;
using Automations.Compiled.Testing;
using BenchmarkDotNet.Environments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>
    /// <c>--scale-out-report</c>: durable 3-step runs on one PostgreSQL journal shared by 1, 2 and 4 host processes (this
    /// program again, in <c>--scale-out-host</c> mode), the same total client concurrency split between them, beside one
    /// in-process host on each embedded journal. Per row: runs/s from the first host's go to the last host's end, commits
    /// per run, the hosts' own CPU per run, and the whole machine's CPU per run (hosts, PostgreSQL's server processes and
    /// everything else: <c>/proc/stat</c>), so scaling on this 2-core machine can be judged by the work each run costs, not
    /// only by the rate. PostgreSQL is the server <c>AUTOMATIONS_TEST_POSTGRES</c> names, or a throw-away cluster.
    /// </summary>
    internal static class ScaleOutReport
    {
        public const string HostFlag = "--scale-out-host";

        public static async Task<int> RunAsync(string[] args, string artifacts)
        {
            var hostCounts = (Value(args, "--hosts") ?? "1,2,4").Split(',').Select(h => int.Parse(h, CultureInfo.InvariantCulture)).ToArray();
            var concurrency = int.Parse(Value(args, "--concurrency") ?? "256", CultureInfo.InvariantCulture);
            var runs = int.Parse(Value(args, "--runs") ?? (Program.Quick ? "400" : "8000"), CultureInfo.InvariantCulture);
            var connection = PostgresServer.ConnectionString;
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
            Line($"Durable three synchronous steps per run, {runs} runs per row after a warm-up, {concurrency} client loops in all (split evenly between the hosts); PostgreSQL 15 with its default synchronous_commit=on and fsync on.");
            Line();
            Line("| Journal | Hosts | Runs/s | Commits/run | Hosts' CPU µs/run | Machine CPU µs/run | p50 ms | p99 ms |");
            Line("|---|--:|--:|--:|--:|--:|--:|--:|");
            foreach (var hosts in hostCounts)
            {
                Line(await MeasureAsync(connection, hosts, concurrency, runs).ConfigureAwait(false));
            }

            foreach (var backend in new[] { JournalBackend.Sqlite, JournalBackend.LiteDb })
            {
                Line(await MeasureEmbeddedAsync(backend, concurrency, runs).ConfigureAwait(false));
            }

            var folder = Path.Combine(artifacts, "durable");
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, "scale-out.md"), report.ToString()).ConfigureAwait(false);
            Console.WriteLine($"Written to {Path.Combine(folder, "scale-out.md")}");
            return 0;
        }

        /// <summary>
        /// One host process of a row: starts a host on the schema, warms up, says "ready", waits for "go" on stdin, runs its
        /// share, says "done runs cpuMs commits p50 p99", and exits when stdin closes.
        /// </summary>
        public static async Task<int> HostAsync(string[] args)
        {
            var at = Array.IndexOf(args, HostFlag);
            var (schema, loops, runs) = (args[at + 1], int.Parse(args[at + 2], CultureInfo.InvariantCulture), int.Parse(args[at + 3], CultureInfo.InvariantCulture));
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Logging.ClearProviders();
            builder.Services.AddAutomations(o =>
            {
                o.UsePostgres(PostgresServer.ConnectionString, j => j.Schema = schema);
                o.Concurrency = loops;
                o.AddFlow<DurableThreeStepFlow>();
            });
            using var host = builder.Build();
            await host.StartAsync().ConfigureAwait(false);
            using var counters = new HostCounters();
            var driver = new DurableRunDriver(host.Services.GetRequiredService<IFlowClient>(), DurableThreeStepFlow.Id, runs);
            await driver.RunAsync(loops * 4, loops).ConfigureAwait(false);
            driver.Reset();
            Console.WriteLine("ready");
            if (Console.ReadLine() != "go")
            {
                return 1;
            }

            var commits = counters.JournalCommits;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            await driver.RunAsync(runs, loops).ConfigureAwait(false);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"done {runs} {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:F1} {counters.JournalCommits - commits} {driver.PercentileMs(0.50):F2} {driver.PercentileMs(0.99):F2} {driver.Stalled}"));
            await Console.In.ReadToEndAsync().ConfigureAwait(false);
            await host.StopAsync().ConfigureAwait(false);
            return 0;
        }

        private static async Task<string> MeasureAsync(string connection, int hosts, int concurrency, int runs)
        {
            var schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
            var children = new List<Process>();
            try
            {
                for (var i = 0; i < hosts; i++)
                {
                    var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
                    foreach (var argument in new[] { typeof(ScaleOutReport).Assembly.Location, HostFlag, schema, (concurrency / hosts).ToString(CultureInfo.InvariantCulture), (runs / hosts).ToString(CultureInfo.InvariantCulture) })
                    {
                        info.ArgumentList.Add(argument);
                    }

                    info.Environment[PostgresServer.Variable] = connection;
                    children.Add(Process.Start(info)!);
                }

                foreach (var child in children)
                {
                    await Expect(child, "ready").ConfigureAwait(false);
                }

                var busy = MachineBusy();
                var begun = Stopwatch.GetTimestamp();
                foreach (var child in children)
                {
                    await child.StandardInput.WriteLineAsync("go").ConfigureAwait(false);
                    await child.StandardInput.FlushAsync().ConfigureAwait(false);
                }

                var done = new List<string[]>();
                foreach (var child in children)
                {
                    done.Add((await Expect(child, "done").ConfigureAwait(false)).Split(' '));
                }

                var seconds = Stopwatch.GetElapsedTime(begun).TotalSeconds;
                var machine = MachineBusy() - busy;
                var total = done.Sum(d => int.Parse(d[1], CultureInfo.InvariantCulture));
                double Sum(int column) => done.Sum(d => double.Parse(d[column], CultureInfo.InvariantCulture));
                var stalled = Sum(6);
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"| PostgreSQL | {hosts} | {total / seconds:N0} | {Sum(3) / total:0.00} | {Sum(2) * 1000 / total:N0} | {machine.TotalMicroseconds / total:N0} | {done.Average(d => double.Parse(d[4], CultureInfo.InvariantCulture)):0.00} | {done.Max(d => double.Parse(d[5], CultureInfo.InvariantCulture)):0.00} |{(stalled > 0 ? $" {stalled} stalled" : "")}");
            }
            finally
            {
                foreach (var child in children)
                {
                    child.StandardInput.Close();
                    if (!child.WaitForExit(30_000))
                    {
                        child.Kill(entireProcessTree: true);
                    }

                    child.Dispose();
                }
            }
        }

        private static async Task<string> MeasureEmbeddedAsync(JournalBackend backend, int concurrency, int runs)
        {
            await using var host = await BenchHost.StartAsync(backend, concurrency).ConfigureAwait(false);
            using var counters = new HostCounters();
            var driver = new DurableRunDriver(host.Client, DurableThreeStepFlow.Id, runs);
            await driver.RunAsync(concurrency * 4, concurrency).ConfigureAwait(false);
            driver.Reset();
            var commits = counters.JournalCommits;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var busy = MachineBusy();
            var begun = Stopwatch.GetTimestamp();
            await driver.RunAsync(runs, concurrency).ConfigureAwait(false);
            var seconds = Stopwatch.GetElapsedTime(begun).TotalSeconds;
            var machine = MachineBusy() - busy;
            return string.Create(
                CultureInfo.InvariantCulture,
                $"| {backend} (embedded) | 1 | {runs / seconds:N0} | {(double)(counters.JournalCommits - commits) / runs:0.00} | {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / runs:N0} | {machine.TotalMicroseconds / runs:N0} | {driver.PercentileMs(0.50):0.00} | {driver.PercentileMs(0.99):0.00} |");
        }

        /// <summary>The whole machine's busy CPU time so far (every core, every process): user, nice, system, irq, softirq, steal.</summary>
        private static TimeSpan MachineBusy()
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long Jiffies(int field) => long.Parse(fields[field], CultureInfo.InvariantCulture);
            var busy = Jiffies(1) + Jiffies(2) + Jiffies(3) + Jiffies(6) + Jiffies(7) + Jiffies(8);
            return TimeSpan.FromMilliseconds(busy * 1000.0 / 100); // USER_HZ is 100 on Linux
        }

        private static async Task<string> Expect(Process child, string word)
        {
            while (await child.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith(word, StringComparison.Ordinal))
                {
                    return line;
                }
            }

            throw new InvalidOperationException($"A scale-out host ended before it said '{word}' (exit {(child.WaitForExit(5000) ? child.ExitCode : -1)}).");
        }

        private static string? Value(string[] args, string name)
            => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
