using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Automations.Compiled.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Automations.Compiled.AspNetCore.Tests
{
    /// <summary>Who may call what: the three policies, the flows' roles, <c>GET /me</c> and the OpenAPI document.</summary>
    public sealed class ApiAuthorizationTests : ApiTestBase
    {
        [Fact]
        public async Task Me_names_the_caller_its_roles_and_what_it_may_do()
        {
            await using var server = await StartAsync();

            var viewer = await OkAsync(await server.Viewer.GetAsync(Api("/me")));
            var op = await OkAsync(await server.Operator.GetAsync(Api("/me")));
            var admin = await OkAsync(await server.Admin.GetAsync(Api("/me")));

            Assert.Equal("vera", viewer.GetProperty("name").GetString());
            Assert.Equal(new[] { "automations-viewer" }, Strings(viewer.GetProperty("roles")));
            Assert.Equal((false, false), (viewer.GetProperty("canOperate").GetBoolean(), viewer.GetProperty("canAdminister").GetBoolean()));
            Assert.Equal((true, false), (op.GetProperty("canOperate").GetBoolean(), op.GetProperty("canAdminister").GetBoolean()));
            Assert.Equal((true, true), (admin.GetProperty("canOperate").GetBoolean(), admin.GetProperty("canAdminister").GetBoolean()));
        }

        [Theory]
        [InlineData("GET", "/me")]
        [InlineData("GET", "/flows")]
        [InlineData("GET", "/runs")]
        [InlineData("GET", "/dead-letters")]
        [InlineData("GET", "/deferred")]
        [InlineData("GET", "/schedules")]
        [InlineData("GET", "/kill-switches")]
        [InlineData("GET", "/lifecycles")]
        [InlineData("POST", "/flows/order/runs")]
        [InlineData("POST", "/runs/0198a0b2c3d4e5f60718293a4b5c6d7e/pause")]
        [InlineData("DELETE", "/runs/0198a0b2c3d4e5f60718293a4b5c6d7e")]
        [InlineData("POST", "/kill-switches")]
        public async Task Without_a_caller_every_endpoint_answers_401_with_a_problem(string method, string path)
        {
            await using var server = await StartAsync();

            var response = await server.Anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), Api(path)) { Content = method == "GET" ? null : Json("{}") });

            await ProblemAsync(response, HttpStatusCode.Unauthorized);
        }

        [Fact]
        public async Task A_caller_without_an_automations_role_is_403_even_for_reading()
        {
            await using var server = await StartAsync();

            await ProblemAsync(await server.As("zed", "sales").GetAsync(Api("/runs")), HttpStatusCode.Forbidden);
        }

        [Fact]
        public async Task A_viewer_cannot_press_the_operators_buttons_nor_an_operator_the_admins()
        {
            await using var server = await StartAsync();
            var runId = await StartRunAsync(server, "order", """{"input": {"orderId": "A-1", "amount": 3}}""");
            Assert.Equal(FlowStatus.Completed, await server.WaitAsync(runId));

            await ProblemAsync(await server.Viewer.PostAsync(Api("/flows/order/runs"), Json("""{"input": {"orderId": "A-2", "amount": 3}}""")), HttpStatusCode.Forbidden);
            foreach (var verb in new[] { "pause", "resume", "cancel", "retry", "approve", "reject" })
            {
                await ProblemAsync(await server.Viewer.PostAsync(Api($"/runs/{N(runId)}/{verb}"), Json("{}")), HttpStatusCode.Forbidden);
            }

            await ProblemAsync(await server.Viewer.PostAsync(Api("/deferred/1/retry"), null), HttpStatusCode.Forbidden);
            await ProblemAsync(await server.Operator.DeleteAsync(Api($"/runs/{N(runId)}")), HttpStatusCode.Forbidden);
            await ProblemAsync(await server.Operator.PostAsync(Api("/kill-switches"), Json("""{"scope": "*", "mode": "pause", "reason": "x"}""")), HttpStatusCode.Forbidden);
            await ProblemAsync(await server.Operator.DeleteAsync(Api("/kill-switches/*")), HttpStatusCode.Forbidden);
            Assert.Single((await server.Flows.ListRunsAsync(new RunQuery())).Runs); // nothing else started
            Assert.Empty(await server.Flows.ListKillSwitchesAsync());
        }

        [Fact]
        public async Task An_operator_without_the_flows_role_cannot_start_it_and_one_with_it_can()
        {
            await using var server = await StartAsync();

            var refused = await ProblemAsync(await server.Operator.PostAsync(Api("/flows/payout/runs"), Json("{}")), HttpStatusCode.Forbidden);
            Assert.Contains("'finance'", refused.GetProperty("detail").GetString());
            Assert.Empty((await server.Flows.ListRunsAsync(new RunQuery())).Runs);

            var runId = await StartRunAsync(server, "payout", client: server.As("fiona", "automations-operator", "finance"));
            Assert.Equal(FlowStatus.Completed, await server.WaitAsync(runId));
        }

        [Fact]
        public async Task An_operator_without_the_approval_steps_role_cannot_decide_it()
        {
            await using var server = await StartAsync();
            var runId = await StartRunAsync(server, "expense");
            Assert.Equal(FlowStatus.Waiting, await server.WaitAsync(runId, s => s == FlowStatus.Waiting));

            var view = await OkAsync(await server.Operator.GetAsync(Api($"/runs/{N(runId)}")));
            Assert.DoesNotContain("approve", Strings(view.GetProperty("actions")));
            var refused = await ProblemAsync(await server.Operator.PostAsync(Api($"/runs/{N(runId)}/approve"), Json("{}")), HttpStatusCode.Forbidden);
            Assert.Contains("'manager'", refused.GetProperty("detail").GetString());
            await ProblemAsync(await server.Admin.PostAsync(Api($"/runs/{N(runId)}/reject"), Json("{}")), HttpStatusCode.Forbidden);

            Assert.Equal(FlowStatus.Waiting, (await server.Flows.GetRunAsync(runId))!.Run.Status);
            Assert.Empty(Seen.Entries);
        }

        [Fact]
        public async Task A_policy_the_app_defines_under_a_policy_name_is_kept()
        {
            await using var server = await Support.ApiServer.StartAsync(Seen, o => o.AddFlow<OrderFlow>(), services =>
                services.AddAuthorization(o => o.AddPolicy("Automations.Viewer", p => p.RequireAuthenticatedUser().RequireRole("auditor"))));

            await ProblemAsync(await server.Viewer.GetAsync(Api("/flows")), HttpStatusCode.Forbidden);
            await OkAsync(await server.As("al", "auditor").GetAsync(Api("/flows")));
        }

        [Fact]
        public async Task The_options_name_the_roles_and_page_size_and_the_group_takes_conventions()
        {
            await using var server = await Support.ApiServer.StartAsync(
                Seen,
                o => o.AddFlow<OrderFlow>(),
                api: o =>
                {
                    o.OperatorRoles = new[] { "ops" };
                    o.DefaultPageSize = 1;
                },
                map: app => app.MapAutomationsApi("/ops-api/").AddEndpointFilter(async (context, next) =>
                {
                    context.HttpContext.Response.Headers["X-Convention"] = "applied";
                    return await next(context);
                }));
            var ops = server.As("oona", "automations-viewer", "ops");

            for (var i = 0; i < 2; i++)
            {
                var started = await ops.PostAsync("/ops-api/flows/order/runs", Json("{\"input\": {\"orderId\": \"A-" + i + "\", \"amount\": 1}}"));
                var runId = Guid.Parse((await OkAsync(started, HttpStatusCode.Created)).GetProperty("runId").GetString()!);
                Assert.Equal(FlowStatus.Completed, await server.WaitAsync(runId));
            }

            var page = await ops.GetAsync("/ops-api/runs");
            Assert.Equal(1, (await OkAsync(page)).GetProperty("items").GetArrayLength());
            Assert.Equal("applied", Assert.Single(page.Headers.GetValues("X-Convention")));
            await ProblemAsync(await server.Operator.PostAsync("/ops-api/flows/order/runs", Json("{}")), HttpStatusCode.Forbidden);
            Assert.Equal(HttpStatusCode.NotFound, (await server.Viewer.GetAsync(Api("/runs"))).StatusCode);
        }

        [Fact]
        public async Task The_openapi_document_is_anonymous_and_lists_the_endpoints()
        {
            await using var server = await StartAsync();

            var document = await OkAsync(await server.Anonymous.GetAsync(Api("/openapi.json")));

            Assert.StartsWith("3.1", document.GetProperty("openapi").GetString());
            var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
            foreach (var path in new[]
            {
                "/me", "/flows", "/flows/{flowId}", "/flows/{flowId}/versions/{version}/graph.svg", "/flows/{flowId}/versions/{version}/graph.mmd",
                "/flows/{flowId}/runs", "/runs", "/runs/{runId}", "/runs/{runId}/pause", "/runs/{runId}/resume", "/runs/{runId}/cancel",
                "/runs/{runId}/retry", "/runs/{runId}/approve", "/runs/{runId}/reject", "/dead-letters", "/deferred", "/deferred/{itemId}/retry",
                "/schedules", "/kill-switches", "/kill-switches/{scope}", "/lifecycles", "/lifecycles/{template}/entities",
                "/lifecycles/{template}/entities/{entityId}",
            })
            {
                Assert.Contains(Support.ApiServer.Prefix + path, paths);
            }

            Assert.DoesNotContain(Support.ApiServer.Prefix + "/openapi.json", paths);
            var runView = document.GetProperty("components").GetProperty("schemas").GetProperty("RunView").GetProperty("properties");
            Assert.True(runView.TryGetProperty("actions", out _) && runView.TryGetProperty("audit", out _) && runView.TryGetProperty("waiting", out _));
            Assert.True(document.GetProperty("paths").GetProperty(Support.ApiServer.Prefix + "/flows/{flowId}/runs").GetProperty("post").GetProperty("responses").TryGetProperty("422", out _));
            Assert.True(document.GetProperty("paths").GetProperty(Support.ApiServer.Prefix + "/runs/{runId}").TryGetProperty("delete", out _));
            Assert.True(document.GetProperty("paths").GetProperty(Support.ApiServer.Prefix + "/runs").GetProperty("get").GetProperty("parameters").EnumerateArray()
                .Select(p => p.GetProperty("name").GetString()).ToHashSet().IsSupersetOf(new[] { "flow", "status", "from", "to", "idempotencyKey", "limit", "continuation" }));
        }
    }
}
