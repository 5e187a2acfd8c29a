using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;

namespace Automations.Compiled.AspNetCore.Tests
{
    public sealed partial class WebhookTests
    {
        [Fact]
        public async Task A_tenant_over_its_budget_gets_429_with_Retry_After_others_do_not_and_a_refill_lets_it_through()
        {
            var clock = ManualClock.AtNoon();
            await using var server = await StartAsync(o =>
            {
                o.TenantCapacity = 2;
                o.TenantRefillPerSecond = 0.25;
                o.TimeProvider = clock;
            });
            HttpRequestMessage From(string tenant) => Post("/hooks/any", "{}", ("X-Tenant", tenant));

            await AcceptedAsync(await server.Http.SendAsync(From("acme")));
            await AcceptedAsync(await server.Http.SendAsync(From("acme")));
            var refused = await server.Http.SendAsync(From("acme"));
            await ProblemAsync(refused, HttpStatusCode.TooManyRequests);
            Assert.Equal(TimeSpan.FromSeconds(4), refused.Headers.RetryAfter?.Delta);
            await AcceptedAsync(await server.Http.SendAsync(From("globex")));
            Assert.Equal(3, (await server.RunsAsync()).Count);

            clock.Advance(TimeSpan.FromSeconds(3));
            var stillEarly = await server.Http.SendAsync(From("acme"));
            await ProblemAsync(stillEarly, HttpStatusCode.TooManyRequests);
            Assert.Equal(TimeSpan.FromSeconds(1), stillEarly.Headers.RetryAfter?.Delta);
            clock.Advance(TimeSpan.FromSeconds(1));
            await AcceptedAsync(await server.Http.SendAsync(From("acme")));
            Assert.Equal(4, (await server.RunsAsync()).Count);
        }

        [Fact]
        public async Task Without_a_tenant_header_the_remote_address_is_the_tenant()
        {
            await using var server = await StartAsync(o =>
            {
                o.TenantCapacity = 1;
                o.TenantRefillPerSecond = 0.001;
                o.TimeProvider = ManualClock.AtNoon();
            });

            await AcceptedAsync(await server.Http.PostAsync("/hooks/any", Json("{}")));
            await ProblemAsync(await server.Http.PostAsync("/hooks/any", Json("{}")), HttpStatusCode.TooManyRequests);
            await AcceptedAsync(await server.Http.SendAsync(Post("/hooks/any", "{}", ("X-Tenant", "127.0.0.2"))));
            await ProblemAsync(await server.Http.SendAsync(Post("/hooks/any", "{}", ("X-Tenant", "127.0.0.1"))), HttpStatusCode.TooManyRequests);
        }

        [Fact]
        public async Task Concurrent_calls_of_one_tenant_get_exactly_its_budget()
        {
            await using var server = await StartAsync(o =>
            {
                o.TenantCapacity = 10;
                o.TimeProvider = ManualClock.AtNoon();
            });

            var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => server.Http.SendAsync(Post("/hooks/any", "{}", ("X-Tenant", "acme")))));

            Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.Accepted));
            Assert.Equal(30, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
            Assert.Equal(10, (await server.RunsAsync()).Count);
        }
    }
}
