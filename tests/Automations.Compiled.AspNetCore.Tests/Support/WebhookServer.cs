using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Security.Claims;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.AspNetCore;
using Automations.Compiled.Hosting;
using Automations.Compiled.Hosting.Tests.Host;
using Automations.Compiled.Hosting.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Automations.Compiled.AspNetCore.Tests.Support
{
    /// <summary>
    /// A real web app on Kestrel at 127.0.0.1 (a free port), with the automations host on a temp SQLite file, the
    /// webhooks mapped, and a stand-in authentication: the <c>X-Test-Roles</c> header's roles become the user's role claims.
    /// </summary>
    internal sealed class WebhookServer(WebApplication app, TempFolder folder, CapturingLoggerProvider logs) : IAsyncDisposable
    {
        public const string Secret = "hook-secret-7f3a91";

        public HttpClient Http { get; } = new() { BaseAddress = new Uri(app.Urls.First()) };

        public CapturingLoggerProvider Logs => logs;

        public IFlowClient Client => app.Services.GetRequiredService<IFlowClient>();

        public static async Task<WebhookServer> StartAsync(Effects effects, Action<AutomationsOptions> flows, Action<FlowWebhookOptions>? webhooks = null)
        {
            var folder = new TempFolder();
            var logs = new CapturingLoggerProvider();
            try
            {
                var builder = WebApplication.CreateBuilder();
                builder.WebHost.UseUrls("http://127.0.0.1:0");
                builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
                builder.Services.AddSingleton(effects);
                builder.Services.AddSingleton<ISecretResolver>(new TestSecrets(new Dictionary<string, string> { ["HOOK_SECRET"] = Secret }));
                builder.Services.AddAutomations(o =>
                {
                    o.UseSqlite(folder.File("hooks.db"));
                    o.PollInterval = TimeSpan.FromMilliseconds(50);
                    flows(o);
                });
                var app = builder.Build();
                app.Use((http, next) =>
                {
                    var roles = http.Request.Headers["X-Test-Roles"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    http.User = new ClaimsPrincipal(new ClaimsIdentity(roles.Select(r => new Claim(ClaimTypes.Role, r)), roles.Length == 0 ? null : "test"));
                    return next(http);
                });
                try
                {
                    app.MapFlowWebhooks(webhooks);
                    await app.StartAsync();
                }
                catch
                {
                    await app.DisposeAsync();
                    throw;
                }

                return new WebhookServer(app, folder, logs);
            }
            catch
            {
                folder.Dispose();
                throw;
            }
        }

        /// <summary>Every run in the journal, newest first.</summary>
        public async Task<IReadOnlyList<RunInfo>> RunsAsync() => (await Client.ListRunsAsync(new RunQuery())).Runs;

        public async Task<FlowStatus> CompletedAsync(Guid runId)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await Client.WaitForStatusAsync(runId, cancellationToken: timeout.Token);
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
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
