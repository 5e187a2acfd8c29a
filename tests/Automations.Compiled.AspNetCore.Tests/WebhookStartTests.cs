using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace Automations.Compiled.AspNetCore.Tests
{
    public sealed partial class WebhookTests
    {
        [Fact]
        public async Task A_post_starts_a_run_whose_step_sees_the_payload_as_input_and_trigger()
        {
            await using var server = await StartAsync();
            var response = await server.Http.PostAsync("/hooks/orders", Json("""{"orderId": "A-1", "amount": 12.5}"""));

            var (runId, created) = await AcceptedAsync(response);
            Assert.True(created);
            Assert.Null(response.Headers.Location);
            Assert.Equal(FlowStatus.Completed, await server.CompletedAsync(runId));
            Assert.Equal(new[] { "order:A-1:12.5:webhook:A-1" }, _seen.Entries);
            var run = Assert.Single(await server.RunsAsync());
            Assert.Equal((runId, "order-hook", "webhook"), (run.RunId, run.FlowId, run.TriggerKind));
        }

        [Fact]
        public async Task The_idempotency_header_makes_a_repeat_return_the_first_run()
        {
            await using var server = await StartAsync(o => o.RunLocation = run => "/runs/" + run.RunId);
            var first = await server.Http.SendAsync(Post("/hooks/orders", """{"orderId": "A-1", "amount": 1}""", ("Idempotency-Key", "delivery-1")));
            var again = await server.Http.SendAsync(Post("/hooks/orders", """{"orderId": "A-1", "amount": 1}""", ("Idempotency-Key", "delivery-1")));
            var other = await server.Http.SendAsync(Post("/hooks/orders", """{"orderId": "A-1", "amount": 1}""", ("Idempotency-Key", "delivery-2")));

            var (firstId, firstCreated) = await AcceptedAsync(first);
            Assert.Equal((firstId, false), await AcceptedAsync(again));
            var (otherId, otherCreated) = await AcceptedAsync(other);
            Assert.True(firstCreated && otherCreated);
            Assert.NotEqual(firstId, otherId);
            Assert.Equal("/runs/" + firstId, again.Headers.Location?.OriginalString);
            Assert.Equal(2, (await server.RunsAsync()).Count);
        }

        [Fact]
        public async Task A_get_passes_its_query_string_as_an_object_of_strings()
        {
            await using var server = await StartAsync();
            var (runId, _) = await AcceptedAsync(await server.Http.GetAsync("/hooks/ping?a=1&b=x&b=y%20z"));

            Assert.Equal(FlowStatus.Completed, await server.CompletedAsync(runId));
            Assert.Equal(new[] { """ping:{"a":"1","b":["x","y z"]}""" }, _seen.Entries);
        }

        [Fact]
        public async Task Only_the_mapped_paths_and_methods_answer()
        {
            await using var server = await StartAsync();

            Assert.Equal(HttpStatusCode.NotFound, (await server.Http.PostAsync("/hooks/nothing-here", Json("{}"))).StatusCode);
            Assert.Equal(HttpStatusCode.MethodNotAllowed, (await server.Http.PostAsync("/hooks/ping", Json("{}"))).StatusCode);
            Assert.Equal(HttpStatusCode.MethodNotAllowed, (await server.Http.GetAsync("/hooks/orders")).StatusCode);
            // "hooks/signed" with method "post" is mapped as POST /hooks/signed.
            Assert.Equal(HttpStatusCode.Accepted, (await server.Http.PostAsync("/hooks/signed", Json("{}"))).StatusCode);
            Assert.Single(await server.RunsAsync());
        }

        [Fact]
        public async Task Two_flows_on_one_path_and_method_are_refused_when_mapping()
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Support.WebhookServer.StartAsync(_seen, o => o.AddFlow<OrderHook>().AddFlow<OrderHookCopy>()));

            Assert.Equal("Flows 'order-hook' and 'order-hook-copy' both listen for POST /hooks/orders; give one of them another path.", error.Message);
        }

        [Flow("order-hook-copy")]
        [WebhookTrigger("/hooks/orders")]
        private sealed partial class OrderHookCopy
        {
            [Action(1)]
            private void Take()
            {
            }
        }
    }
}
