using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Contract;
using Automations.Compiled.Hosting.Tests.Support;
using Automations.Compiled.Testing;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Automations.Compiled.Hosting.Tests.PostgreSql
{
    /// <summary>
    /// Issue 17's scale-out test: three host processes share one PostgreSQL journal and 10,000 durable runs, each with a
    /// timer wait and (every tenth) a retried step, while an every-second schedule fires. One host is killed (SIGKILL) and
    /// started again mid-way; another is paused (SIGSTOP) for twice its lease, so the others take its runs over, and then
    /// goes on (SIGCONT) with legs it no longer holds. Every run completes; no committed step is in a history twice; no
    /// schedule occurrence ran as two runs.
    /// </summary>
    [Collection(Durable.AllocationCollection.Name)] // alone: three hosts and a server on two cores
    public sealed class MultiHostTests : IDisposable
    {
        private const int Jobs = 10_000;
        private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);
        private readonly TempFolder _folder = new();
        private readonly ITestOutputHelper _output;
        private readonly string _schema = "mh_" + Guid.NewGuid().ToString("N")[..12];
        private readonly List<Process> _hosts = [];

        public MultiHostTests(ITestOutputHelper output) => _output = output;

        public void Dispose()
        {
            foreach (var host in _hosts)
            {
                Resume(host);
                Kill(host);
                host.Dispose();
            }

            _folder.Dispose();
        }

        [Fact]
        public async Task Three_hosts_one_killed_and_one_paused_complete_every_run_once()
        {
            var effects = _folder.File("effects"); // a file per host process in it
            Directory.CreateDirectory(effects);
            var a = StartHost("host-a", effects, first: 0);
            var b = StartHost("host-b", effects, first: 1);
            var c = StartHost("host-c", effects, first: 2);
            var watch = Stopwatch.StartNew();

            await WaitForCompletedAsync(Jobs / 10, TimeSpan.FromMinutes(3));
            Kill(b);
            _output.WriteLine($"{watch.Elapsed.TotalSeconds:F1} s: host-b killed at {await CompletedAsync()} completed runs");
            await Task.Delay(TimeSpan.FromSeconds(1));
            b = StartHost("host-b", effects, first: 1); // starts its share again: every key is used already, so nothing new

            await WaitForCompletedAsync(Jobs / 3, TimeSpan.FromMinutes(3));
            Pause(c);
            _output.WriteLine($"{watch.Elapsed.TotalSeconds:F1} s: host-c paused at {await CompletedAsync()} completed runs");
            await Task.Delay(Lease * 2);
            Resume(c);
            _output.WriteLine($"{watch.Elapsed.TotalSeconds:F1} s: host-c resumed at {await CompletedAsync()} completed runs");

            await WaitForCompletedAsync(Jobs, TimeSpan.FromMinutes(6));
            _output.WriteLine($"{watch.Elapsed.TotalSeconds:F1} s: all {Jobs} runs completed");
            await Task.Delay(TimeSpan.FromSeconds(1)); // a few more schedule occurrences, with every host up
            foreach (var host in _hosts)
            {
                Kill(host);
            }

            await using var db = await PostgresBackend.OpenAsync(_schema);

            // One run per key, every one completed.
            Assert.Equal(Jobs, await ScalarAsync(db, "SELECT COUNT(*) FROM runs WHERE flow_id = 'multi-host'"));
            Assert.Equal(Jobs, await ScalarAsync(db, "SELECT COUNT(DISTINCT idempotency_key) FROM runs WHERE flow_id = 'multi-host'"));
            Assert.Equal(Jobs, await ScalarAsync(db, "SELECT COUNT(*) FROM runs WHERE flow_id = 'multi-host' AND status = 'Completed'"));

            // No committed step twice: each (run, step, try, outcome) once (a wait is in the history twice: suspended, then
            // woken), and every run's history is exactly its path.
            Assert.Equal(0L, await ScalarAsync(db, "SELECT COUNT(*) FROM (SELECT 1 FROM steps GROUP BY run_id, step_id, attempt, status HAVING COUNT(*) > 1) d"));
            var histories = await ReadAsync(db, """
                SELECT r.idempotency_key, string_agg(s.step_id || '#' || s.attempt || ':' || s.status, ' ' ORDER BY s.seq)
                FROM runs r JOIN steps s ON s.run_id = r.id WHERE r.flow_id = 'multi-host' GROUP BY r.idempotency_key
                """);
            Assert.Equal(Jobs, histories.Count);
            foreach (var (key, history) in histories)
            {
                var job = int.Parse(key["job-".Length..], System.Globalization.CultureInfo.InvariantCulture);
                var charge = job % 10 == 0 ? "charge#1:Failed charge#2:Succeeded" : "charge#1:Succeeded";
                Assert.Equal($"reserve#1:Succeeded settle#1:Suspended settle#1:Succeeded {charge} ship#1:Succeeded", history);
            }

            // The outside world: every step ran; a step ran again only for a leg cut short (the kill) or taken over (the pause).
            var lines = Directory.GetFiles(effects).SelectMany(File.ReadAllLines).ToArray();
            var runs = lines.Select(l => l.Split(':')).Where(p => !p[1].StartsWith("tick@", StringComparison.Ordinal)).ToList();
            var distinct = runs.Select(p => (p[0], p[1], p[2])).Distinct().Count();
            var repeats = runs.Count - distinct;
            _output.WriteLine($"{lines.Length} effects; {repeats} step tries ran again after one kill and one pause");
            Assert.Equal((Jobs * 3) + (Jobs / 10), distinct);
            Assert.True(repeats <= 2 * 64 * 3, $"{repeats} step tries ran twice; at most 64 legs per host were in flight at the kill and the pause");

            // Each schedule occurrence ran as one run, whichever host fired it.
            var ticks = lines.Select(l => l.Split(':')).Where(p => p[1].StartsWith("tick@", StringComparison.Ordinal))
                .GroupBy(p => p[1]).ToDictionary(g => g.Key, g => g.Select(p => p[0]).Distinct().Count());
            _output.WriteLine($"{ticks.Count} schedule occurrences fired");
            Assert.True(ticks.Count >= 5, $"only {ticks.Count} schedule occurrences fired");
            Assert.All(ticks, pair => Assert.True(pair.Value == 1, $"occurrence {pair.Key} ran as {pair.Value} runs"));
        }

        private Process StartHost(string name, string effects, int first)
        {
            var child = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Automations.Compiled.MultiHostChild", "bin", Configuration, "net10.0", "Automations.Compiled.MultiHostChild.dll");
            Assert.True(File.Exists(child), $"the multi-host child is not built at {child}");
            var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in new[] { child, name, effects, first.ToString(System.Globalization.CultureInfo.InvariantCulture), Jobs.ToString(System.Globalization.CultureInfo.InvariantCulture), "3" })
            {
                info.ArgumentList.Add(argument);
            }

            info.Environment[PostgresServer.Variable] = PostgresServer.ConnectionString;
            info.Environment["AUTOMATIONS_TEST_POSTGRES_SCHEMA"] = _schema;
            var process = Process.Start(info)!;
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            _hosts.Add(process);
            return process;
        }

        private async Task WaitForCompletedAsync(int runs, TimeSpan patience)
        {
            var watch = Stopwatch.StartNew();
            while (await CompletedAsync() < runs)
            {
                foreach (var host in _hosts.Where(h => h.HasExited && h.ExitCode != 137 && h.ExitCode != -1))
                {
                    Assert.Fail($"a host exited by itself ({host.ExitCode}): {await host.StandardError.ReadToEndAsync()}");
                }

                Assert.True(watch.Elapsed < patience, $"only {await CompletedAsync()} of {runs} runs completed within {patience.TotalMinutes} minutes");
                await Task.Delay(200);
            }
        }

        private async Task<long> CompletedAsync()
        {
            try
            {
                await using var db = await PostgresBackend.OpenAsync(_schema);
                return await ScalarAsync(db, "SELECT COUNT(*) FROM runs WHERE flow_id = 'multi-host' AND status = 'Completed'");
            }
            catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                return 0; // the first host has not created the journal yet
            }
        }

        private static async Task<long> ScalarAsync(NpgsqlConnection db, string sql)
        {
            await using var command = new NpgsqlCommand(sql, db);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        private static async Task<List<(string Key, string History)>> ReadAsync(NpgsqlConnection db, string sql)
        {
            var rows = new List<(string, string)>();
            await using var command = new NpgsqlCommand(sql, db);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetString(1)));
            }

            return rows;
        }

        private static void Kill(Process host)
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true); // SIGKILL on Linux: no shutdown, no flush
                host.WaitForExit();
            }
        }

        private static void Pause(Process host) => Signal(host, 19); // SIGSTOP

        private static void Resume(Process host) => Signal(host, 18); // SIGCONT

        private static void Signal(Process host, int signal)
        {
            if (!host.HasExited && SendSignal(host.Id, signal) != 0)
            {
                throw new InvalidOperationException($"kill({host.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int SendSignal(int pid, int signal);

        private static string Configuration => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
    }
}
