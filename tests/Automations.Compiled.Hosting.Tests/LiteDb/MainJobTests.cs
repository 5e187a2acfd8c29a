using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.LiteDb
{
    /// <summary>
    /// The README's main job (src/Samples/OrderProcessing) as a user runs it: on a LiteDB journal by default, to the end;
    /// killed (SIGKILL) in the middle and run again, it resumes from the journal and ends every order and run; with --serve
    /// it serves the dashboard and the API, to local requests only.
    /// </summary>
    public sealed class MainJobTests : IDisposable
    {
        private const string AllEnded = "All 2 runs and 3 orders have ended.";
        private readonly TempFolder _folder = new();

        public void Dispose() => _folder.Dispose();

        [Fact]
        public async Task The_main_job_runs_to_the_end_on_a_LiteDB_journal_and_a_second_run_repeats_nothing()
        {
            var journal = _folder.File("orders.litedb");
            var first = await RunAsync(journal);
            Assert.True(first.Code == 0, first.Output);
            Assert.Contains(AllEnded, first.Output, StringComparison.Ordinal);
            Assert.Contains("(LiteDB;", first.Output, StringComparison.Ordinal);
            Assert.Matches(@"Dashboard: http://127\.0\.0\.1:\d+/automations", first.Output);
            Assert.Equal("** This is a LiteDB file **", Encoding.ASCII.GetString(File.ReadAllBytes(journal), 32, 27));

            // Everything ended: a second run finds it all in the journal and charges nobody again.
            var second = await RunAsync(journal);
            Assert.True(second.Code == 0, second.Output);
            Assert.Contains(AllEnded, second.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("charged", second.Output, StringComparison.Ordinal);
            Assert.Contains("already started earlier", second.Output, StringComparison.Ordinal);
        }

        [Fact]
        public async Task The_main_job_killed_in_the_middle_resumes_from_the_journal_and_ends_everything()
        {
            var journal = _folder.File("orders.litedb");
            using (var job = Start(journal))
            {
                // Kill it once orders are in flight: the lifecycle moves and the approval runs are in the journal.
                var seen = new StringBuilder();
                while (await job.StandardOutput.ReadLineAsync() is { } line)
                {
                    seen.AppendLine(line);
                    if (line.Contains("Paying", StringComparison.Ordinal))
                    {
                        break;
                    }
                }

                Assert.False(job.HasExited, "the main job ended before it could be killed: " + seen);
                job.Kill(entireProcessTree: true);
                await job.WaitForExitAsync();
            }

            var resumed = await RunAsync(journal);
            Assert.True(resumed.Code == 0, resumed.Output);
            Assert.Contains(AllEnded, resumed.Output, StringComparison.Ordinal);
            foreach (var order in new[] { "A-1001", "A-1002", "A-1003" })
            {
                Assert.Contains(resumed.Output.Split('\n'), l => l.StartsWith(order + " history: (new) → Placing → Placed → Paying → ", StringComparison.Ordinal));
            }
        }

        [Fact]
        public async Task With_serve_the_main_job_serves_the_dashboard_and_the_API_to_local_requests_only()
        {
            var journal = _folder.File("orders.litedb");
            using var job = Start(journal, "--serve");
            try
            {
                // "Dashboard: http://127.0.0.1:{port}/automations (API: ...)"
                string? dashboard = null;
                var seen = new StringBuilder();
                while (dashboard is null && await job.StandardOutput.ReadLineAsync() is { } line)
                {
                    seen.AppendLine(line);
                    if (line.StartsWith("Dashboard: ", StringComparison.Ordinal))
                    {
                        dashboard = line.Substring("Dashboard: ".Length).Split(' ')[0];
                    }
                }

                Assert.True(dashboard is not null, "no dashboard address: " + seen);
                using var http = new HttpClient();
                var page = await http.GetAsync(dashboard + "/");
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                Assert.Contains("automations-api", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                var me = await http.GetStringAsync(dashboard + "/api/me");
                Assert.Contains("\"canAdminister\":true", me, StringComparison.Ordinal);

                // Not the local user: another host name (DNS rebinding) or another site's page.
                var rebound = new HttpRequestMessage(HttpMethod.Get, dashboard + "/api/me");
                rebound.Headers.Host = "evil.example";
                Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(rebound)).StatusCode);
                var crossSite = new HttpRequestMessage(HttpMethod.Post, dashboard + "/api/kill-switches") { Content = new StringContent("{\"scope\":\"*\",\"mode\":\"pause\",\"reason\":\"x\"}", Encoding.UTF8, "application/json") };
                crossSite.Headers.Add("Origin", "https://evil.example");
                Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(crossSite)).StatusCode);
                Assert.False(job.HasExited, "the main job ended although --serve was given: " + seen);
            }
            finally
            {
                job.Kill(entireProcessTree: true);
                await job.WaitForExitAsync();
            }
        }

        private static Process Start(string journal, params string[] extra)
        {
            var sample = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Samples", "OrderProcessing", "bin", Configuration, "net10.0", "OrderProcessing.dll");
            Assert.True(File.Exists(sample), $"the main job is not built at {sample}");
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(journal)! };
            info.ArgumentList.Add(sample);
            info.ArgumentList.Add("--journal=" + journal);
            // The dashboard on a port of its own choosing: 5080 may be taken on this machine.
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add("http://127.0.0.1:0");
            foreach (var argument in extra)
            {
                info.ArgumentList.Add(argument);
            }
            return Process.Start(info)!;
        }

        private static async Task<(int Code, string Output)> RunAsync(string journal)
        {
            using var job = Start(journal);
            var output = job.StandardOutput.ReadToEndAsync();
            var error = job.StandardError.ReadToEndAsync();
            var exited = job.WaitForExitAsync();
            if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromMinutes(2))) != exited)
            {
                job.Kill(entireProcessTree: true);
                Assert.Fail("the main job did not end within 2 minutes: " + await output);
            }

            return (job.ExitCode, await output + await error);
        }

        private static string Configuration => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
    }
}
