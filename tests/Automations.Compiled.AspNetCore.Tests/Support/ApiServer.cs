using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting;
using Automations.Compiled.Hosting.Tests.Host;
using Automations.Compiled.Hosting.Tests.Support;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Automations.Compiled.AspNetCore.Tests.Support
{
    /// <summary>
    /// A web app on the test server with the automations host on a temp SQLite file, the HTTP API at
    /// <c>/automations/api</c>, and a test authentication scheme: <c>X-Test-User</c> signs a caller in, with the roles of
    /// <c>X-Test-Roles</c>; a request without it has no caller.
    /// </summary>
    internal sealed class ApiServer(WebApplication app, TempFolder folder, CapturingLoggerProvider logs) : IAsyncDisposable
    {
        public const string Prefix = "/automations/api";

        public const string Secret = "sk-live-5e1f0a77c2";

        public CapturingLoggerProvider Logs => logs;

        /// <summary>The journal's file, for a second server on the same journal (another host).</summary>
        public string JournalFile { get; private init; } = "";

        public IFlowClient Flows => app.Services.GetRequiredService<IFlowClient>();

        public IServiceProvider Services => app.Services;

        /// <summary>
        /// Starts the server; <paramref name="api"/> configures the API, <paramref name="map"/> maps it (default: at
        /// <see cref="Prefix"/>), and <paramref name="journalFile"/> shares another server's journal.
        /// </summary>
        public static async Task<ApiServer> StartAsync(
            Effects effects,
            Action<AutomationsOptions> flows,
            Action<IServiceCollection>? services = null,
            Action<AutomationsApiOptions>? api = null,
            Action<WebApplication>? map = null,
            string? journalFile = null)
        {
            var folder = new TempFolder();
            var logs = new CapturingLoggerProvider();
            try
            {
                var builder = WebApplication.CreateBuilder();
                builder.WebHost.UseTestServer();
                builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
                builder.Services.AddSingleton(effects);
                builder.Services.AddSingleton<ISecretResolver>(new TestSecrets(new Dictionary<string, string> { ["PAYMENTS_API_KEY"] = Secret }));
                builder.Services.AddAutomations(o =>
                {
                    o.UseSqlite(journalFile ?? folder.File("api.db"));
                    o.PollInterval = TimeSpan.FromMilliseconds(50);
                    flows(o);
                });
                builder.Services.AddAuthentication(TestAuthentication.Name).AddScheme<AuthenticationSchemeOptions, TestAuthentication>(TestAuthentication.Name, null);
                builder.Services.AddAutomationsApi(api);
                services?.Invoke(builder.Services);
                var app = builder.Build();
                app.UseAuthentication();
                app.UseAuthorization();
                if (map is null)
                {
                    app.MapAutomationsApi();
                }
                else
                {
                    map(app);
                }

                try
                {
                    await app.StartAsync();
                }
                catch
                {
                    await app.DisposeAsync();
                    throw;
                }

                return new ApiServer(app, folder, logs) { JournalFile = journalFile ?? folder.File("api.db") };
            }
            catch
            {
                folder.Dispose();
                throw;
            }
        }

        /// <summary>A client signed in as <paramref name="user"/> with <paramref name="roles"/>; null for no caller at all.</summary>
        public HttpClient As(string? user, params string[] roles)
        {
            var client = app.GetTestClient();
            if (user is not null)
            {
                client.DefaultRequestHeaders.Add("X-Test-User", user);
                client.DefaultRequestHeaders.Add("X-Test-Roles", string.Join(",", roles));
            }

            return client;
        }

        public HttpClient Anonymous => As(null);

        public HttpClient Viewer => As("vera", "automations-viewer");

        public HttpClient Operator => As("olga", "automations-operator");

        public HttpClient Admin => As("adam", "automations-admin");

        public async Task<FlowStatus> WaitAsync(Guid runId, Func<FlowStatus, bool>? until = null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await Flows.WaitForStatusAsync(runId, until, timeout.Token);
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

        /// <summary>Signs in the caller the test headers name; no header, no caller (a 401 where a policy needs one).</summary>
        private sealed class TestAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
            : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
        {
            public const string Name = "Test";

            protected override Task<AuthenticateResult> HandleAuthenticateAsync()
            {
                var user = Request.Headers["X-Test-User"].ToString();
                if (user.Length == 0)
                {
                    return Task.FromResult(AuthenticateResult.NoResult());
                }

                var roles = Request.Headers["X-Test-Roles"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var claims = new[] { new Claim(ClaimTypes.Name, user) }.Concat(roles.Select(r => new Claim(ClaimTypes.Role, r)));
                var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Name));
                return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Name)));
            }
        }
    }
}
