using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Automations.Compiled.AspNetCore.Tests
{
    /// <summary>
    /// <c>/flows/{flowId}/versions/{version}/graph.svg</c> and <c>.mmd</c>: what is refused. Drawing a graph (200, its content
    /// type, <c>data-step</c> on each node) is tested once the graph renderer is merged.
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
