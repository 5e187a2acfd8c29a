using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>
    /// SPEC §5 "a crash at any point loses nothing": a child host runs 1,000 durable 3-step runs and is killed (SIGKILL)
    /// at random moments, again and again; after the last restart every accepted run has completed, each committed step
    /// is in its history exactly once, no run is lost or duplicated, and only steps whose commit a kill prevented ran twice.
    /// </summary>
    public abstract class CrashContract<TBackend> : IDisposable
        where TBackend : IJournalBackend, new()
    {
        private const int Runs = 1000;
        private const int Kills = 20;
        private readonly TBackend _backend = new();
        private readonly TempFolder _folder = new();
        private readonly ITestOutputHelper _output;

        protected CrashContract(ITestOutputHelper output) => _output = output;

        public void Dispose() => _folder.Dispose();

        [Fact]
        public async Task Killing_the_host_at_random_moments_loses_and_duplicates_nothing()
        {
            var db = _folder.File(_backend.FileName);
            var effects = _folder.File("effects.log");
            var accepted = _folder.File("accepted.log");
            var seed = Environment.TickCount;
            var random = new Random(seed);
            _output.WriteLine($"seed {seed}");

            var killed = 0;
            while (killed < Kills)
            {
                using var child = StartChild(db, effects, accepted);
                var delay = random.Next(300, 1500);
                var exited = child.WaitForExit(delay);
                Assert.False(exited, $"the child ended by itself after {killed} kills (exit {(exited ? child.ExitCode : 0)}): not enough work left to kill it {Kills} times; stderr: {(exited ? child.StandardError.ReadToEnd() : "")}");
                child.Kill(entireProcessTree: true); // SIGKILL on Linux: no shutdown, no flush
                child.WaitForExit();
                killed++;
                _output.WriteLine($"kill {killed} after {delay} ms");
            }

            using (var last = StartChild(db, effects, accepted))
            {
                Assert.True(last.WaitForExit(TimeSpan.FromMinutes(3)), "the last run of the child did not finish within 3 minutes");
                Assert.True(last.ExitCode == 0, $"the child exited {last.ExitCode}: {last.StandardError.ReadToEnd()}");
            }

            // Every accepted run: one run per key, whatever the launch that accepted it.
            var acceptedRuns = File.ReadAllLines(accepted).Select(l => l.Split(' ')).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Select(p => Guid.ParseExact(p[1], "N")).Distinct().ToList());
            Assert.Equal(Runs, acceptedRuns.Count);
            Assert.All(acceptedRuns, pair => Assert.Single(pair.Value));

            await using var journal = await _backend.OpenAsync(db, TimeProvider.System);
            var all = new List<RunInfo>();
            string? token = null;
            do
            {
                var page = await journal.ListRunsAsync(new RunQuery { FlowId = "crash-three", Limit = 1000, ContinuationToken = token });
                all.AddRange(page.Runs);
                token = page.ContinuationToken;
            }
            while (token is not null);
            Assert.Equal(Runs, all.Count);
            Assert.All(all, run => Assert.Equal(FlowStatus.Completed, run.Status));
            Assert.Equal(acceptedRuns.Values.Select(v => v[0]).OrderBy(g => g), all.Select(r => r.RunId).OrderBy(g => g));

            foreach (var run in all)
            {
                var details = (await journal.GetRunAsync(run.RunId))!;
                Assert.Equal(new[] { "reserve", "charge", "ship" }, details.Steps.Select(s => s.StepId));
                Assert.All(details.Steps, s => Assert.Equal(StepStatus.Succeeded, s.Status));
            }

            // The outside world saw every step at least once; a step ran twice only when a kill came between its
            // effect and its commit, at most once per run in flight (4) per kill.
            var lines = File.ReadAllLines(effects);
            var distinct = lines.Distinct().ToList();
            Assert.Equal(Runs * 3, distinct.Count);
            var repeats = lines.Length - distinct.Count;
            _output.WriteLine($"{lines.Length} effects, {repeats} repeated steps after {killed} kills");
            Assert.True(repeats <= killed * 4, $"{repeats} steps ran again after {killed} kills; at most {killed * 4} could have been in flight");
            var byRun = all.ToDictionary(r => r.RunId.ToString("N"));
            Assert.All(distinct.Where(l => l.Contains(":ship:", StringComparison.Ordinal)), l => Assert.True(byRun.ContainsKey(l.Split(':')[0])));
            Assert.Equal(Runs, distinct.Count(l => l.Contains(":ship:", StringComparison.Ordinal)));
        }

        private Process StartChild(string db, string effects, string accepted)
        {
            var child = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Automations.Compiled.CrashChild", "bin", Configuration, "net10.0", "Automations.Compiled.CrashChild.dll");
            Assert.True(File.Exists(child), $"the crash child is not built at {child}");
            var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in new[] { child, _backend.Name, db, effects, accepted, Runs.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            {
                info.ArgumentList.Add(argument);
            }

            if (_backend is PostgresBackend)
            {
                // A database, not a file: the child reaches the tests' server, in the schema the path names.
                info.Environment[Automations.Compiled.Testing.PostgresServer.Variable] = Automations.Compiled.Testing.PostgresServer.ConnectionString;
                info.Environment["AUTOMATIONS_TEST_POSTGRES_SCHEMA"] = PostgresBackend.SchemaFor(db);
            }

            return Process.Start(info)!;
        }

        private static string Configuration => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
    }
}
