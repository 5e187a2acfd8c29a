using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Automations.Compiled.Testing;
using Microsoft.Playwright;
using Xunit;

namespace Automations.Compiled.Dashboard.Tests.Support
{
    /// <summary>
    /// Debian's chromium driven by Playwright. Never Playwright's own browser download: the browser is the machine's,
    /// at /usr/bin/chromium (or AUTOMATIONS_TEST_CHROMIUM); as root on Debian it is installed when missing, elsewhere a machine
    /// without it fails the tests saying how to install it.
    /// </summary>
    internal static class Chromium
    {
        public const string DefaultPath = "/usr/bin/chromium";

        public static string ExecutablePath => Environment.GetEnvironmentVariable("AUTOMATIONS_TEST_CHROMIUM") is { Length: > 0 } path ? path : DefaultPath;

        public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
        {
            var path = ExecutablePath;
            if (!File.Exists(path) && path == DefaultPath)
            {
                Install();
            }

            if (!File.Exists(path))
            {
                Assert.Fail($"The dashboard's browser tests need Chromium at {path}, which is missing. On Debian or Ubuntu: `apt-get install -y chromium` (as root, after `apt-get update`); elsewhere set AUTOMATIONS_TEST_CHROMIUM to a Chromium or Chrome executable. (.ci/run installs it.)");
            }

            var playwright = await Playwright.CreateAsync();
            try
            {
                var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = path,
                    Headless = true,
                    // Chromium's sandbox refuses to start as root (CI runs as root).
                    Args = IsRoot ? new[] { "--no-sandbox" } : Array.Empty<string>(),
                    Timeout = 60_000,
                });
                return (playwright, browser);
            }
            catch
            {
                playwright.Dispose();
                throw;
            }
        }

        /// <summary>
        /// On a fresh Debian machine where the tests run as root (CI), installs Debian's chromium, once for every test process
        /// (a lock file lines them up), as the PostgreSQL tests install their server, so `dotnet test` alone works there.
        /// </summary>
        private static void Install()
        {
            if (!IsRoot || !File.Exists("/usr/bin/apt-get"))
            {
                return;
            }

            using var gate = InstallLock.Take("automations-chromium-install.lock");
            if (File.Exists(DefaultPath))
            {
                return; // another test process installed it while this one waited
            }

            Run("update -qq");
            Run("install -y -qq chromium");
        }

        private static void Run(string arguments)
        {
            var start = new ProcessStartInfo("apt-get", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Assert.Fail($"`apt-get {arguments}` exited with {process.ExitCode}: {error}{output.Result}");
            }
        }

        private static bool IsRoot => Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";
    }
}
