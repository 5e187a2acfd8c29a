using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Host;
using Microsoft.Playwright;
using Xunit;

namespace Automations.Compiled.Dashboard.Tests.Support
{
    /// <summary>One server and one browser for the dashboard's tests (each test opens its own browser context).</summary>
    public sealed class DashboardFixture : IAsyncLifetime
    {
        private IPlaywright? _playwright;

        public Effects Effects { get; } = new();

        internal DashboardServer Server { get; private set; } = null!;

        public IBrowser Browser { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Server = await DashboardServer.StartAsync(Effects, o => o.AddFlow<FlakyCharge>().AddFlow<NeedsApproval>());
            (_playwright, Browser) = await Chromium.LaunchAsync();
        }

        public async Task DisposeAsync()
        {
            if (Browser is not null)
            {
                await Browser.DisposeAsync();
            }

            _playwright?.Dispose();
            if (Server is not null)
            {
                await Server.DisposeAsync();
            }
        }
    }
}
