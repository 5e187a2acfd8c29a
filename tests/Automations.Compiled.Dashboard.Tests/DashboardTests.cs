using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using Automations.Compiled.Dashboard.Tests.Support;
using Automations.Compiled.Hosting;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Automations.Compiled.Dashboard.Tests
{
    /// <summary>
    /// The dashboard in a real browser (Debian's chromium, headless) against a real server: an operator retries a dead
    /// letter and approves a waiting run and sees them complete; a viewer sees no buttons and the API refuses its POSTs;
    /// the run page draws the run's path on the flow's graph.
    /// </summary>
    public sealed class DashboardTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>, IAsyncLifetime
    {
        // Long enough for the auto-refresh (every 4 s) to pick up a run that ends after the click.
        private static readonly LocatorAssertionsToBeVisibleOptions Soon = new() { Timeout = 20_000 };
        private readonly List<string> _pageErrors = new();
        private readonly List<IBrowserContext> _contexts = new();

        private DashboardServer Server => fixture.Server;

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            foreach (var context in _contexts)
            {
                await context.DisposeAsync();
            }
        }

        [Fact]
        public async Task An_operator_retries_a_failed_run_from_the_Failed_page_and_sees_it_complete()
        {
            var runId = await FailedRunAsync("F-100");
            var page = await OpenAsync("operator", "#/failed");

            var row = page.Locator($"[data-testid=runs-table] tr[data-run-id='{runId:N}']");
            await Expect(row).ToBeVisibleAsync(Soon);
            await Expect(row.Locator("[data-status=failed]")).ToBeVisibleAsync();
            await Expect(row).ToContainTextAsync("the card service is down");

            fixture.Effects.Failing.TryRemove("charge:F-100", out _);
            await row.Locator("[data-testid=action-retry]").ClickAsync();

            // The retried run leaves the dead letters and stays in view, with its live status, until it ends.
            var acted = page.Locator($"[data-testid=acted] tr[data-run-id='{runId:N}']");
            await Expect(acted.Locator("[data-status=completed]")).ToBeVisibleAsync(Soon);
            await Expect(row).ToHaveCountAsync(0, new() { Timeout = 20_000 });
            Assert.Equal(FlowStatus.Completed, (await Server.Client.GetRunAsync(runId))!.Run.Status);
            Assert.Contains("receipt:F-100", fixture.Effects.Entries);
            AssertNoPageErrors();
        }

        [Fact]
        public async Task An_operator_approves_a_waiting_run_and_sees_it_complete()
        {
            var run = await Server.Client.StartAsync<NeedsApproval>(new Charge("W-200", 2400));
            Assert.Equal(FlowStatus.Waiting, await Server.UntilAsync(run.RunId, FlowStatus.Waiting));
            var page = await OpenAsync("operator", "#/waiting");

            var row = page.Locator($"[data-testid=runs-table] tr[data-run-id='{run.RunId:N}']");
            await Expect(row).ToBeVisibleAsync(Soon);
            await row.Locator("[data-testid=run-link]").ClickAsync();

            await Expect(page.Locator("[data-testid=run-status] [data-status=waiting]")).ToBeVisibleAsync(Soon);
            await page.Locator("[data-testid=comment]").FillAsync("looks fine");
            await page.Locator("[data-testid=action-approve]").ClickAsync();

            await Expect(page.Locator("[data-testid=run-status] [data-status=completed]")).ToBeVisibleAsync(Soon);
            await Expect(page.Locator("[data-testid=audit-row]").Filter(new() { HasText = "approve" })).ToContainTextAsync("operator@test");
            await Expect(page.Locator("[data-testid=run-actions]")).ToHaveCountAsync(0);
            Assert.Contains("approved:W-200", fixture.Effects.Entries);
            AssertNoPageErrors();
        }

        [Fact]
        public async Task A_viewer_sees_no_operator_buttons_and_the_API_refuses_its_actions()
        {
            var failed = await FailedRunAsync("V-300");
            var waiting = await Server.Client.StartAsync<NeedsApproval>(new Charge("V-301", 5000));
            Assert.Equal(FlowStatus.Waiting, await Server.UntilAsync(waiting.RunId, FlowStatus.Waiting));

            var page = await OpenAsync("viewer", "#/failed");
            await Expect(page.Locator("[data-testid=me]")).ToHaveAttributeAsync("data-role", "viewer");
            var row = page.Locator($"[data-testid=runs-table] tr[data-run-id='{failed:N}']");
            await Expect(row).ToBeVisibleAsync(Soon);
            await Expect(page.Locator("[data-testid^=action-]")).ToHaveCountAsync(0);

            await page.GotoAsync(Server.Dashboard + $"#/runs/{waiting.RunId:N}");
            await Expect(page.Locator("[data-testid=run-status] [data-status=waiting]")).ToBeVisibleAsync(Soon);
            await Expect(page.Locator("[data-testid=run-actions]")).ToHaveCountAsync(0);
            await Expect(page.Locator("[data-testid^=action-]")).ToHaveCountAsync(0);

            // The API enforces it whatever a page shows.
            using var viewer = Server.Http("viewer");
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/automations/api/runs/{failed:N}/retry", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/automations/api/runs/{waiting.RunId:N}/approve", Json("{}"))).StatusCode);
            Assert.Equal(FlowStatus.Failed, (await Server.Client.GetRunAsync(failed))!.Run.Status);
            Assert.Equal(FlowStatus.Waiting, (await Server.Client.GetRunAsync(waiting.RunId))!.Run.Status);
            AssertNoPageErrors();
        }

        [Fact]
        public async Task The_run_page_draws_the_runs_path_on_the_graph_with_the_failed_step_marked()
        {
            var runId = await FailedRunAsync("G-400");
            var page = await OpenAsync("viewer", $"#/runs/{runId:N}");

            // The graph, or the page's word on why there is none (the API's problem detail).
            var graph = page.Locator("[data-testid=run-graph] svg");
            await page.Locator("[data-testid=run-graph] svg, [data-testid=run-graph] p:has-text('No graph')").First.WaitForAsync(new() { Timeout = 20_000 });
            Assert.True(await graph.CountAsync() == 1, await page.Locator("[data-testid=run-graph]").InnerTextAsync());
            await Expect(graph.Locator("[data-step='validate']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bon-path\b"));
            await Expect(graph.Locator("[data-step='charge-card']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bfailed-step\b"));
            Assert.Equal(2, await graph.Locator("[data-step].on-path").CountAsync());
            await Expect(graph.Locator("[data-from='validate'][data-to='charge-card']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bon-path\b"));
            Assert.Equal(0, await graph.Locator("[data-from='charge-card'][data-to='send-receipt'].on-path").CountAsync());
            Assert.DoesNotContain("on-path", await graph.Locator("[data-step='send-receipt']").GetAttributeAsync("class") ?? "", StringComparison.Ordinal);

            // The step timeline: each try, the failed one with its error.
            await Expect(page.Locator("[data-testid=step][data-step='charge-card'][data-step-status=failed]")).ToContainTextAsync("the card service is down");
            AssertNoPageErrors();
        }

        /// <summary>A run of the flaky flow that failed at its charge (the test keeps the card service down until it says otherwise).</summary>
        private async Task<Guid> FailedRunAsync(string orderId)
        {
            fixture.Effects.Failing["charge:" + orderId] = true;
            var run = await Server.Client.StartAsync<FlakyCharge>(new Charge(orderId, 42));
            Assert.Equal(FlowStatus.Failed, await Server.UntilAsync(run.RunId, FlowStatus.Failed));
            return run.RunId;
        }

        /// <summary>A page of the dashboard in a fresh browser context signed in as <paramref name="role"/>.</summary>
        private async Task<IPage> OpenAsync(string role, string hash)
        {
            var context = await fixture.Browser.NewContextAsync();
            _contexts.Add(context);
            await context.AddCookiesAsync(new[] { new Microsoft.Playwright.Cookie { Name = TestRoles.Cookie, Value = role, Url = Server.Address.ToString() } });
            var page = await context.NewPageAsync();
            page.PageError += (_, error) => _pageErrors.Add(error);
            page.Console += (_, message) =>
            {
                // The page's own errors; an answer that was not a success is the test's to check where it matters.
                if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                {
                    _pageErrors.Add(message.Text);
                }
            };
            await page.GotoAsync(Server.Dashboard + hash);
            return page;
        }

        private void AssertNoPageErrors() => Assert.True(_pageErrors.Count == 0, "the page reported errors:\n" + string.Join("\n", _pageErrors));

        private static StringContent Json(string text) => new(text, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
    }
}
