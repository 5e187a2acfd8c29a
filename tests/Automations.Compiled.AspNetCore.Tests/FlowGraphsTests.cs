using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace Automations.Compiled.AspNetCore.Tests
{
    /// <summary>
    /// <see cref="FlowGraphs"/> on a flow compiled by the generator in this project: the graph it embedded in
    /// <see cref="FlowInfo.Graph"/> drawn as SVG (a group per step with <c>data-step</c>) and as Mermaid.
    /// </summary>
    public sealed partial class FlowGraphsTests
    {
        [Flow("graphed-order")]
        private sealed partial class GraphedOrder
        {
            [Action(1)]
            private static void Validate()
            {
            }

            [Action(2)]
            [Goto(Endpoints.Error, nameof(Refund))]
            private static void ChargeCard()
            {
            }

            [Action(3)]
            private static void Ship()
            {
            }

            [Action(1, Standalone = "refund-and-notify")]
            private static void Refund()
            {
            }

            [Stop(2, Standalone = "refund-and-notify", Status = FlowStatus.Failed, Message = "Declined.")]
            partial void Declined();
        }

        private static FlowInfo Info => new GraphedOrder().Info;

        [Fact]
        public void The_generator_embeds_the_graph()
            => Assert.StartsWith("flowgraph 1 graphed-order\n", Info.Graph);

        [Fact]
        public void Svg_has_a_node_with_data_step_for_every_step_id()
        {
            var info = Info;

            var svg = XDocument.Parse(FlowGraphs.Svg(info)!);

            XNamespace ns = "http://www.w3.org/2000/svg";
            var steps = svg.Descendants(ns + "g")
                .Where(g => ((string?)g.Attribute("class"))?.Split(' ').Contains("node") == true)
                .Select(g => (string?)g.Attribute("data-step"))
                .Where(s => s is not null)
                .ToList();
            Assert.Equal(info.StepIds.OrderBy(s => s, System.StringComparer.Ordinal), steps.OrderBy(s => s, System.StringComparer.Ordinal));
            Assert.Contains(svg.Descendants(ns + "path"), p => (string?)p.Attribute("data-from") == "charge-card" && (string?)p.Attribute("data-to") == "refund");
        }

        [Fact]
        public void Mermaid_is_a_flowchart_with_the_goto_dashed()
        {
            var mermaid = FlowGraphs.Mermaid(Info)!;

            Assert.StartsWith("flowchart", mermaid);
            Assert.Contains("n_charge_card -.->|error| n_refund", mermaid);
        }

        [Fact]
        public void Drawings_are_made_once_per_flow_info()
        {
            var info = Info;

            Assert.Same(FlowGraphs.Svg(info), FlowGraphs.Svg(info));
            Assert.Same(FlowGraphs.Mermaid(info), FlowGraphs.Mermaid(info));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("not a graph")]
        [InlineData("flowgraph 99 later-format\n")]
        [InlineData("flowgraph 1 cut\nc cluster_1 open\nn n_a action - a\n")]
        [InlineData("flowgraph 1 bad\nn start - - - start\ne start n_nowhere -\n")]
        public void A_flow_without_a_graph_or_with_an_unreadable_one_has_no_drawing(string? graph)
        {
            var info = new FlowInfo("plain", 1, null, null, JournalMode.None, [], ["a"]) { Graph = graph };

            Assert.Null(FlowGraphs.Svg(info));
            Assert.Null(FlowGraphs.Mermaid(info));
        }
    }
}
