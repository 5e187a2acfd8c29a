using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Automations.Compiled.AspNetCore.Tests
{
    /// <summary>
    /// <c>/flows/{flowId}/versions/{version}/graph.svg</c> and <c>.mmd</c>. The two drawing tests need the generator to embed
    /// <see cref="FlowInfo.Graph"/> and <c>FlowGraphs</c> to draw it (the graph branch, and the MERGE line of
    /// <c>FlowEndpoints.RenderGraph</c> switched): they fail until then. The refusals pass either way.
    /// </summary>
    public sealed partial class ApiGraphTests : ApiTestBase
    {
        /// <summary>A flow written by hand, as one compiled before graphs were kept: its <see cref="FlowInfo.Graph"/> is null.</summary>
        private sealed class NoGraphFlow : IFlowDefinition
        {
            public FlowInfo Info { get; } = new("no-graph", 2, "built without its graph", null, JournalMode.Durable, Array.Empty<string>(), new[] { "only" });

            public ValueTask<FlowResult> RunAsync(object? input, FlowRunOptions? options = null, CancellationToken cancellationToken = default)
                => throw new NotSupportedException("not run by these tests");

            public ValueTask<FlowResult> ResumeAsync(FlowSnapshot snapshot, ResumeSignal signal, FlowRunOptions? options = null, CancellationToken cancellationToken = default)
                => throw new NotSupportedException("not run by these tests");
        }

        [Fact]
        public async Task A_flows_graph_is_drawn_as_svg_with_each_steps_node_marked()
        {
            await using var server = await StartAsync();

            var response = await server.Viewer.GetAsync(Api("/flows/order/versions/1/graph.svg"));
            var svg = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {svg}");
            Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
            var document = System.Xml.Linq.XDocument.Parse(svg);
            var steps = document.Descendants().Select(e => (string?)e.Attribute("data-step")).Where(s => s is not null).Distinct().ToArray();
            Assert.Equal(new[] { "authorize", "take" }, steps.Order(StringComparer.Ordinal).ToArray());
        }

        [Fact]
        public async Task A_flows_graph_is_drawn_as_a_mermaid_flowchart()
        {
            await using var server = await StartAsync();

            var response = await server.Viewer.GetAsync(Api("/flows/expense/versions/1/graph.mmd"));
            var mermaid = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {mermaid}");
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("flowchart", mermaid);
            Assert.Contains("decide", mermaid);
            Assert.Contains("approved", mermaid);
        }

        [Theory]
        [InlineData("graph.svg")]
        [InlineData("graph.mmd")]
        public async Task A_graph_of_a_flow_or_version_this_host_does_not_have_is_404(string file)
        {
            await using var server = await Support.ApiServer.StartAsync(Seen, o => o.AddFlow<OrderFlow>().AddFlow<NoGraphFlow>());

            await ProblemAsync(await server.Viewer.GetAsync(Api($"/flows/no-such-flow/versions/1/{file}")), HttpStatusCode.NotFound);
            await ProblemAsync(await server.Viewer.GetAsync(Api($"/flows/order/versions/2/{file}")), HttpStatusCode.NotFound);
            await ProblemAsync(await server.Viewer.GetAsync(Api($"/flows/order/versions/latest/{file}")), HttpStatusCode.NotFound);
            await ProblemAsync(await server.Anonymous.GetAsync(Api($"/flows/order/versions/1/{file}")), HttpStatusCode.Unauthorized);
        }

        [Theory]
        [InlineData("graph.svg")]
        [InlineData("graph.mmd")]
        public async Task A_flow_built_without_its_graph_is_404_saying_so(string file)
        {
            await using var server = await Support.ApiServer.StartAsync(Seen, o => o.AddFlow<OrderFlow>().AddFlow<NoGraphFlow>());

            var problem = await ProblemAsync(await server.Viewer.GetAsync(Api($"/flows/no-graph/versions/2/{file}")), HttpStatusCode.NotFound);

            Assert.Contains("built without its graph", problem.GetProperty("detail").GetString());
        }
    }
}
