using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using System.Xml.Linq;
using Xunit;

namespace Automations.Compiled.Cli.Tests
{
    public sealed class GraphCommandTests
    {
        private const string Flow = """
            {
              "id": "order",
              "inputs": { "skip": "bool" },
              "steps": [
                { "id": "charge", "type": "action", "action": "log", "inputs": { "message": "charge" } },
                { "id": "decide", "type": "condition", "when": "inputs.skip",
                  "endpoints": {
                    "then": { "goto": "ship" },
                    "else": [ { "id": "review", "type": "action", "action": "log", "inputs": { "message": "review" } } ]
                  } },
                { "id": "ship", "type": "action", "action": "log", "inputs": { "message": "ship" }, "endpoints": { "next": { "goto": "cleanup" } } }
              ],
              "standalone": [ { "id": "cleanup", "type": "stop", "status": "completed" } ]
            }
            """;

        /// <summary>Per format: the first line, then lines that must appear (clusters, endpoint edges, dashed gotos, dashed standalone steps).</summary>
        public static TheoryData<string, string[]> Drawings => new()
        {
            {
                "mermaid",
                new[]
                {
                    "flowchart TD",
                    "subgraph cluster_1 [\"decide: else\"]",
                    "start --> n_charge",
                    "n_charge --> n_decide",
                    "n_decide -->|else| n_review",
                    "n_decide -.->|then| n_ship",
                    "n_ship -.->|goto| n_cleanup",
                    "class n_cleanup standalone",
                }
            },
            {
                "dot",
                new[]
                {
                    "digraph \"order\" {",
                    "subgraph cluster_1 {",
                    "label=\"decide: else\";",
                    "n_decide -> n_review [label=\"else\"];",
                    "n_decide -> n_ship [label=\"then\", style=dashed];",
                    "n_ship -> n_cleanup [label=\"goto\", style=dashed];",
                    "n_cleanup [label=\"cleanup\\nstop\", shape=box, style=\"rounded,dashed\"];",
                    "n_charge [label=\"charge\\naction\", shape=box, style=rounded];",
                }
            },
        };

        [Theory]
        [MemberData(nameof(Drawings))]
        public async Task Draws_scopes_as_clusters_endpoints_as_labelled_edges_gotos_and_standalone_steps_dashed(string format, string[] expected)
        {
            var lines = await DrawAsync("--format", format);

            Assert.Equal(expected[0], lines[0]);
            foreach (var line in expected)
            {
                Assert.Contains(line, lines);
            }
        }

        /// <summary>The drawing of <see cref="Flow"/>, line by line, trimmed.</summary>
        private static async Task<List<string>> DrawAsync(params string[] options)
        {
            using var work = new Workspace();
            work.Write("order.flow.json", Flow);

            var result = await FlowTool.RunAsync(work.Path, new[] { "graph", "order.flow.json" }.Concat(options).ToArray());

            Assert.True(result.ExitCode == 0, result.ToString());
            return result.Out.Split('\n').Select(l => l.Trim()).ToList();
        }

        [Fact]
        public async Task Svg_is_well_formed_xml_with_a_group_per_step()
        {
            using var work = new Workspace();
            work.Write("order.flow.json", Flow);

            var result = await FlowTool.RunAsync(work.Path, "graph", "order.flow.json", "--format", "svg");

            Assert.True(result.ExitCode == 0, result.ToString());
            var svg = XDocument.Parse(result.Out);
            XNamespace ns = "http://www.w3.org/2000/svg";
            Assert.Equal(ns + "svg", svg.Root!.Name);
            var groups = svg.Descendants(ns + "g").Select(g => (string?)g.Attribute("id")).ToList();
            Assert.Equal(new[] { "start", "n_charge", "n_decide", "n_review", "n_ship", "n_cleanup" }.Order(), groups.Order());
            Assert.Equal(2, svg.Descendants(ns + "path").Count(p => (string?)p.Attribute("stroke-dasharray") is not null)); // the gotos on then and next
        }

        [Fact]
        public async Task Svg_marks_each_step_with_its_id_and_kind_for_styling_and_run_paths()
        {
            var svg = string.Join("\n", await DrawAsync("--format", "svg"));

            XNamespace ns = "http://www.w3.org/2000/svg";
            var groups = XDocument.Parse(svg).Descendants(ns + "g").ToDictionary(g => (string)g.Attribute("id")!);
            Assert.Equal("node start", (string?)groups["start"].Attribute("class"));
            Assert.Null(groups["start"].Attribute("data-step"));
            Assert.Equal("charge", (string?)groups["n_charge"].Attribute("data-step"));
            Assert.Equal("node condition", (string?)groups["n_decide"].Attribute("class"));
            Assert.Equal("node stop standalone", (string?)groups["n_cleanup"].Attribute("class"));
            Assert.Contains("data-from=\"ship\" data-to=\"cleanup\"", svg);
        }

        [Fact]
        public async Task Json_lists_nodes_and_edges()
        {
            using var work = new Workspace();
            work.Write("order.flow.json", Flow);

            var result = await FlowTool.RunAsync(work.Path, "graph", "order.flow.json", "--json");

            Assert.True(result.ExitCode == 0, result.ToString());
            using var document = JsonDocument.Parse(result.Out);
            var edges = document.RootElement.GetProperty("edges").EnumerateArray().Select(e => $"{e.GetProperty("from").GetString()}>{e.GetProperty("to").GetString()}:{e.GetProperty("dashed").GetBoolean()}").ToList();
            Assert.Contains("n_ship>n_cleanup:True", edges);
            Assert.StartsWith("flowchart TD", document.RootElement.GetProperty("drawing").GetString());
        }

        [Fact]
        public async Task Malformed_json_exits_1_with_the_syntax_error_at_its_position()
        {
            using var work = new Workspace();
            work.Write("bad.flow.json", "{\n  \"id\": \"bad\",\n  \"steps\": [\n}\n");

            var result = await FlowTool.RunAsync(work.Path, "graph", "bad.flow.json");

            Assert.Equal(1, result.ExitCode);
            Assert.StartsWith("bad.flow.json(4,1): error AUTO1001: ", result.Error.Trim());
            Assert.Empty(result.Out);
        }

        [Theory]
        [InlineData(new[] { "graph", "missing.flow.json" }, "The file 'missing.flow.json' does not exist.")]
        [InlineData(new[] { "graph", "order.flow.json", "--format", "png" }, "Argument 'png' not recognized. Must be one of:")]
        [InlineData(new[] { "graph", "order.flow.json", "--layout", "lr" }, "Unrecognized command or argument '--layout'")]
        public async Task Usage_mistakes_exit_2(string[] args, string message)
        {
            using var work = new Workspace();
            work.Write("order.flow.json", Flow);

            await UsageError.AssertAsync(work, args, message);
        }
    }
}
