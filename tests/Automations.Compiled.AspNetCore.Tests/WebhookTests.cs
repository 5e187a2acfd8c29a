using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Automations.Compiled.AspNetCore.Tests.Support;
using Automations.Compiled.Hosting.Tests.Host;
using Xunit;

namespace Automations.Compiled.AspNetCore.Tests
{
    /// <summary>Webhook calls through a real Kestrel server to a real host on SQLite: the test flows, and what every test needs.</summary>
    public sealed partial class WebhookTests
    {
        private readonly Effects _seen = new();

        public sealed record Order(string OrderId, double Amount);

        [Flow("order-hook")]
        [WebhookTrigger("/hooks/orders")]
        private sealed partial class OrderHook(Effects seen) : IFlow<Order>
        {
            [Action(1)]
            private void Take(Order order, FlowTrigger trigger)
                => seen.Add($"order:{order.OrderId}:{order.Amount}:{trigger.Kind}:{((JsonElement)trigger.Payload!).GetProperty("orderId").GetString()}");
        }

        [Flow("ping-hook")]
        [WebhookTrigger("/hooks/ping", Method = "GET")]
        private sealed partial class PingHook(Effects seen)
        {
            [Action(1)]
            private void Take(FlowTrigger trigger) => seen.Add("ping:" + ((JsonElement)trigger.Payload!).GetRawText());
        }

        /// <summary>No input: the body is only the trigger's payload.</summary>
        [Flow("any-hook")]
        [WebhookTrigger("/hooks/any")]
        private sealed partial class AnyHook(Effects seen)
        {
            [Action(1)]
            private void Take(FlowTrigger trigger) => seen.Add("any:" + (trigger.Payload is JsonElement payload ? payload.GetRawText().Length : -1));
        }

        [Flow("admin-hook", Roles = new[] { "admin", "ops" })]
        [WebhookTrigger("/hooks/admin")]
        private sealed partial class AdminHook(Effects seen)
        {
            [Action(1)]
            private void Take() => seen.Add("admin");
        }

        [Flow("signed-hook")]
        [WebhookTrigger("hooks/signed", Method = "post")]
        private sealed partial class SignedHook(Effects seen)
        {
            [Action(1)]
            private void Take() => seen.Add("signed");
        }

        private Task<WebhookServer> StartAsync(Action<FlowWebhookOptions>? webhooks = null)
            => WebhookServer.StartAsync(_seen, o => o.AddFlow<OrderHook>().AddFlow<PingHook>().AddFlow<AnyHook>().AddFlow<AdminHook>().AddFlow<SignedHook>(), webhooks);

        private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

        private static HttpRequestMessage Post(string path, string body, params (string Name, string Value)[] headers)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            return request;
        }

        /// <summary>The 202's run id and created flag, checked against the X-Run-Id header.</summary>
        private static async Task<(Guid RunId, bool Created)> AcceptedAsync(HttpResponseMessage response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {text}");
            using var body = JsonDocument.Parse(text);
            var runId = body.RootElement.GetProperty("runId").GetGuid();
            Assert.Equal(runId.ToString(), Assert.Single(response.Headers.GetValues("X-Run-Id")));
            return (runId, body.RootElement.GetProperty("created").GetBoolean());
        }

        /// <summary>A refusal: its status, a problem+json body, and the reason (<c>detail</c>).</summary>
        private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.False(response.Headers.Contains("X-Run-Id"));
            using var body = JsonDocument.Parse(text);
            return body.RootElement.Clone();
        }

        private static async Task NothingStartedAsync(WebhookServer server) => Assert.Empty(await server.RunsAsync());
    }
}
