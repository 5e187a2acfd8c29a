using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Automations.Compiled.Dashboard.Tests.Support;
using Automations.Compiled.Hosting.Tests.Host;
using Xunit;

namespace Automations.Compiled.Dashboard.Tests
{
    /// <summary>How the dashboard's files are served, without a browser: behind the viewer policy, with content types and ETags.</summary>
    public sealed class DashboardServingTests : IAsyncLifetime
    {
        private DashboardServer? _server;

        public async Task InitializeAsync() => _server = await DashboardServer.StartAsync(new Effects(), o => o.AddFlow<FlakyCharge>());

        public async Task DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }

        [Fact]
        public async Task The_pages_need_a_signed_in_viewer_and_are_served_with_ETags()
        {
            using var nobody = new HttpClient { BaseAddress = _server!.Address };
            Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.GetAsync("/automations/")).StatusCode);

            using var viewer = _server!.Http("viewer");
            var index = await viewer.GetAsync("/automations/");
            Assert.Equal(HttpStatusCode.OK, index.StatusCode);
            Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
            Assert.Contains("content=\"/automations/api\"", await index.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            var script = await viewer.GetAsync("/automations/app.js");
            Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
            var again = new HttpRequestMessage(HttpMethod.Get, "/automations/app.js");
            again.Headers.IfNoneMatch.Add(script.Headers.ETag!);
            Assert.Equal(HttpStatusCode.NotModified, (await viewer.SendAsync(again)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/automations/missing.js")).StatusCode);
        }

        [Fact]
        public async Task The_prefix_without_its_slash_redirects_to_the_page()
        {
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _server!.Address };
            http.DefaultRequestHeaders.Add(TestRoles.Header, "viewer");
            var answer = await http.GetAsync("/automations?x=1");
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
            Assert.Equal("/automations/?x=1", answer.Headers.Location?.OriginalString);
        }
    }
}
