using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting;
using Automations.Compiled.Hosting.Tests.Host;
using Automations.Compiled.Hosting.Tests.Support;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Automations.Compiled.Dashboard.Tests.Support
{
    /// <summary>
    /// A real web app on Kestrel at 127.0.0.1 (a free port): the automations host on a temp SQLite file, the HTTP API at
    /// /automations/api, the dashboard at /automations/, and <see cref="TestRoles"/> as its sign-in.
    /// </summary>
    internal sealed class DashboardServer(WebApplication app, TempFolder folder) : IAsyncDisposable
    {
        public Uri Address { get; } = new(app.Urls.First());

        /// <summary>The dashboard's page.</summary>
        public string Dashboard => new Uri(Address, "/automations/").ToString();

        public IFlowClient Client => app.Services.GetRequiredService<IFlowClient>();

        public static async Task<DashboardServer> StartAsync(Effects effects, Action<AutomationsOptions> flows)
        {
            var folder = new TempFolder();
            try
            {
                var builder = WebApplication.CreateBuilder();
                builder.WebHost.UseUrls("http://127.0.0.1:0");
                builder.Logging.ClearProviders();
                builder.Services.AddSingleton(effects);
                builder.Services.AddAutomations(o =>
                {
                    o.UseSqlite(folder.File("dashboard.db"));
                    o.PollInterval = TimeSpan.FromMilliseconds(50);
                    flows(o);
                });
                builder.Services.AddAuthentication(TestRoles.SchemeName).AddScheme<AuthenticationSchemeOptions, TestRoles>(TestRoles.SchemeName, null);
                builder.Services.AddAutomationsApi();
                var app = builder.Build();
                app.UseAuthentication();
                app.UseAuthorization();
                app.MapAutomationsApi("/automations/api");
                app.MapAutomationsDashboard("/automations");
                try
                {
                    await app.StartAsync();
                }
                catch
                {
                    await app.DisposeAsync();
                    throw;
                }

                return new DashboardServer(app, folder);
            }
            catch
            {
                folder.Dispose();
                throw;
            }
        }

        /// <summary>An HTTP client signed in as <paramref name="role"/> (viewer, operator or admin).</summary>
        public HttpClient Http(string role)
        {
            var http = new HttpClient { BaseAddress = Address };
            http.DefaultRequestHeaders.Add(TestRoles.Header, role);
            return http;
        }

        /// <summary>Waits until the run has <paramref name="status"/> or ended.</summary>
        public async Task<FlowStatus> UntilAsync(Guid runId, FlowStatus status)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await Client.WaitForStatusAsync(runId, s => s == status || RunStatusRules.IsFinal(s), timeout.Token);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
            finally
            {
                folder.Dispose();
            }
        }
    }
}
