using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Xunit;

namespace Automations.Compiled.Dashboard.Tests.Support
{
    /// <summary>
    /// Debian's chromium driven by Playwright. Never Playwright's own browser download: the browser is the machine's,
    /// at /usr/bin/chromium (or AUTOMATIONS_TEST_CHROMIUM), and a machine without it fails the tests saying how to install it.
    /// </summary>
    internal static class Chromium
    {
        public const string DefaultPath = "/usr/bin/chromium";

        public static string ExecutablePath => Environment.GetEnvironmentVariable("AUTOMATIONS_TEST_CHROMIUM") is { Length: > 0 } path ? path : DefaultPath;

        public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
        {
            var path = ExecutablePath;
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

        private static bool IsRoot => Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";
    }
}
