using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace Automations.Compiled.AspNetCore.Tests
{
    public sealed partial class WebhookTests
    {
        [Fact]
        public async Task A_body_that_is_not_json_is_a_400_that_says_where()
        {
            await using var server = await StartAsync();
            var problem = await ProblemAsync(await server.Http.PostAsync("/hooks/orders", Json("{\n  \"orderId\": \"A-1\",\n  amount: 5\n}")), HttpStatusCode.BadRequest);

            Assert.StartsWith("The body is not JSON at line 3, position 3: ", problem.GetProperty("detail").GetString());
            Assert.Equal(3, problem.GetProperty("line").GetInt32());
            Assert.Equal(3, problem.GetProperty("position").GetInt32());
            await NothingStartedAsync(server);
        }

        [Theory]
        [InlineData("""{"orderId": "A-1", "amount": "five"}""", "Input 'Amount' of flow 'order-hook' is a number, not a string.")]
        [InlineData("""{"orderId": "A-1"}""", "Flow 'order-hook' needs input 'Amount' (number).")]
        [InlineData("""{"orderId": "A-1", "amount": 5, "coupon": "X"}""", "Flow 'order-hook' has no input 'coupon'; its inputs are OrderId, Amount.")]
        [InlineData("", "Flow 'order-hook' takes an object of inputs, not null.")]
        public async Task A_payload_that_does_not_fit_the_inputs_is_a_400_naming_the_input(string body, string reason)
        {
            await using var server = await StartAsync();
            var problem = await ProblemAsync(await server.Http.PostAsync("/hooks/orders", Json(body)), HttpStatusCode.BadRequest);

            Assert.Equal(reason, problem.GetProperty("detail").GetString());
            await NothingStartedAsync(server);
        }

        [Fact]
        public async Task A_body_over_the_limit_is_a_413_whether_or_not_it_says_its_length()
        {
            await using var server = await StartAsync(o => o.MaxBodyBytes = 1024);
            var over = Padded(1025);

            var declared = await ProblemAsync(await server.Http.PostAsync("/hooks/any", Json(over)), HttpStatusCode.RequestEntityTooLarge);
            Assert.Equal("The body is larger than 1024 bytes.", declared.GetProperty("detail").GetString());
            // Chunked, no Content-Length: the limit is counted while the body is read.
            await ProblemAsync(await server.Http.PostAsync("/hooks/any", new Chunked(over)), HttpStatusCode.RequestEntityTooLarge);
            await NothingStartedAsync(server);

            var (runId, _) = await AcceptedAsync(await server.Http.PostAsync("/hooks/any", new Chunked(Padded(1024))));
            Assert.Equal(FlowStatus.Completed, await server.CompletedAsync(runId));
            Assert.Equal(new[] { "any:1024" }, _seen.Entries);
        }

        [Fact]
        public async Task A_flow_restricted_to_roles_refuses_a_caller_with_none_of_them()
        {
            await using var server = await StartAsync();

            var anonymous = await ProblemAsync(await server.Http.PostAsync("/hooks/admin", Json("{}")), HttpStatusCode.Forbidden);
            Assert.Equal("The caller has none of the roles that may start flow 'admin-hook'.", anonymous.GetProperty("detail").GetString());
            await ProblemAsync(await server.Http.SendAsync(Post("/hooks/admin", "{}", ("X-Test-Roles", "support, Admin"))), HttpStatusCode.Forbidden);
            await NothingStartedAsync(server);

            var (runId, _) = await AcceptedAsync(await server.Http.SendAsync(Post("/hooks/admin", "{}", ("X-Test-Roles", "support, ops"))));
            Assert.Equal(FlowStatus.Completed, await server.CompletedAsync(runId));
            Assert.Equal(new[] { "admin" }, _seen.Entries);
        }

        /// <summary>A JSON object of exactly <paramref name="bytes"/> bytes.</summary>
        private static string Padded(int bytes) => "{\"pad\":\"" + new string('x', bytes - 10) + "\"}";

        /// <summary>A body sent chunked: it does not say its length.</summary>
        private sealed class Chunked(string text) : HttpContent
        {
            protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
                => stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text)).AsTask();

            protected override bool TryComputeLength(out long length)
            {
                length = 0;
                return false;
            }
        }
    }
}
