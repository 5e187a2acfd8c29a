using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Automations.Compiled.AspNetCore.Tests.Support;
using Automations.Compiled.Hosting;
using Automations.Compiled.Hosting.Tests.Host;
using Xunit;

namespace Automations.Compiled.AspNetCore.Tests
{
    /// <summary>The door of the API's lifecycle tests: no flows, so every action moves it at once.</summary>
    public sealed record Door(string Name);

    [Lifecycle("door", typeof(Door))]
    [LifecycleState("Closed")]
    [LifecycleState("Installing")]
    [LifecycleState("Opening")]
    [LifecycleState("Open")]
    [LifecycleState("Locking")]
    [LifecycleState("Removing")]
    [LifecycleAction("Install", Transit = "Installing", To = "Closed")]
    [LifecycleAction("Open", From = "Closed", Transit = "Opening", To = "Open", Priority = 1)]
    [LifecycleAction("Lock", From = "Closed", Transit = "Locking", To = "Closed", Access = AccessLevel.Manager, Priority = 2)]
    [LifecycleAction("Remove", From = "Closed", Transit = "Removing", Access = AccessLevel.Root, Priority = 3)]
    public partial class DoorLifecycle
    {
    }

    /// <summary>The HTTP API through the test server to a real host on SQLite: the test flows, and what every test needs.</summary>
    public abstract partial class ApiTestBase
    {
        protected Effects Seen { get; } = new();

        public sealed record Order(string OrderId, double Amount, string? Password = null);

        /// <summary>A manual flow with typed inputs; its second step's output holds a resolved secret (redacted in the journal).</summary>
        [Flow("order", Description = "Takes an order")]
        internal sealed partial class OrderFlow(Effects seen) : IFlow<Order>
        {
            [Action(1)]
            private string Take(Order order)
            {
                seen.Add("take:" + order.OrderId);
                return "took " + order.OrderId;
            }

            [Action(2)]
            private string Authorize([Secret("PAYMENTS_API_KEY")] string key) => "Bearer " + key;
        }

        /// <summary>Only the finance role may start it.</summary>
        [Flow("payout", Roles = new[] { "finance" })]
        internal sealed partial class PayoutFlow(Effects seen)
        {
            [Action(1)]
            private void Pay() => seen.Add("pay");
        }

        /// <summary>Holds its run Running at its first step until the test opens the gate.</summary>
        [Flow("gated")]
        internal sealed partial class GatedFlow(Effects seen)
        {
            [Action(1)]
            private async ValueTask Hold()
            {
                seen.Add("hold");
                await seen.Gate("gated");
            }
        }

        /// <summary>Waits for event <c>go</c>: a Waiting run to pause, resume and cancel.</summary>
        [Flow("waits")]
        internal sealed partial class WaitsFlow(Effects seen)
        {
            [Wait(1, Event = "go")]
            partial void AwaitGo();

            [Action(2)]
            private void After() => seen.Add("after-go");
        }

        /// <summary>An approval for managers.</summary>
        [Flow("expense")]
        internal sealed partial class ExpenseFlow(Effects seen)
        {
            [Approval(1, Roles = new[] { "manager" })]
            partial void Decide();

            [Action(1, Parent = nameof(Decide), On = Endpoints.Approved)]
            private void Approved([FromStep(nameof(Decide))] ApprovalDecision decision) => seen.Add($"approved:{decision.By}:{decision.Comment}");

            [Action(1, Parent = nameof(Decide), On = Endpoints.Rejected)]
            private void Rejected([FromStep(nameof(Decide))] ApprovalDecision decision) => seen.Add($"rejected:{decision.By}");
        }

        /// <summary>Fails while <c>charge</c> is failing: a dead letter to retry.</summary>
        [Flow("charge")]
        internal sealed partial class ChargeFlow(Effects seen)
        {
            [Action(1)]
            private void Charge()
            {
                if (seen.Failing.ContainsKey("charge"))
                {
                    throw new InvalidOperationException("card declined");
                }

                seen.Add("charged");
            }
        }

        [Flow("hourly")]
        [ScheduleTrigger("0 * * * *", TimeZone = "Europe/Paris")]
        internal sealed partial class HourlyFlow(Effects seen)
        {
            [Action(1)]
            private void Tick() => seen.Add("tick");
        }

        private protected Task<ApiServer> StartAsync()
            => ApiServer.StartAsync(Seen, o => o
                .AddFlow<OrderFlow>().AddFlow<PayoutFlow>().AddFlow<GatedFlow>().AddFlow<WaitsFlow>().AddFlow<ExpenseFlow>().AddFlow<ChargeFlow>().AddFlow<HourlyFlow>()
                .AddLifecycle<DoorLifecycle>());

        protected static string Api(string path) => ApiServer.Prefix + path;

        protected static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

        protected static async Task<JsonElement> OkAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            using var body = JsonDocument.Parse(text);
            return body.RootElement.Clone();
        }

        /// <summary>A refusal: its status and a problem+json body (returned, to check its detail and errors).</summary>
        protected static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var body = JsonDocument.Parse(text);
            Assert.Equal((int)status, body.RootElement.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("detail").GetString()));
            return body.RootElement.Clone();
        }

        /// <summary>Starts a run through the API as the operator; its id.</summary>
        private protected static async Task<Guid> StartRunAsync(ApiServer server, string flowId, string body = "{}", HttpClient? client = null)
        {
            var answer = await OkAsync(await (client ?? server.Operator).PostAsync(Api($"/flows/{flowId}/runs"), Json(body)), HttpStatusCode.Created);
            return Guid.Parse(answer.GetProperty("runId").GetString()!);
        }

        protected static string N(Guid runId) => runId.ToString("N");

        protected static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
    }
}
