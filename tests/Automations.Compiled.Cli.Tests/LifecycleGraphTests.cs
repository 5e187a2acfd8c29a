using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using System.Xml.Linq;
using Xunit;

namespace Automations.Compiled.Cli.Tests
{
    /// <summary><c>flow graph</c> of a <c>*.lifecycle.json</c> template: a state diagram in every format.</summary>
    public sealed class LifecycleGraphTests
    {
        /// <summary>
        /// A create action with a flow and no error state (a failed install leaves no door), a flow action with an error
        /// state, two actions sharing a transit state, access levels, a final state and a destroy action.
        /// </summary>
        internal const string Door = """
            {
              "lifecycle": "door",
              "entity": "Home.Door",
              "states": ["Closing", "Closed", "Opening", "Open", "Jammed", "Removing", { "name": "Removed", "final": true }],
              "actions": [
                { "name": "Install", "transit": "Closing", "to": "Closed", "flow": "install-door" },
                { "name": "Open", "from": "Closed", "transit": "Opening", "to": "Open", "error": "Jammed", "flow": "open-door" },
                { "name": "Close", "from": "Open", "transit": "Closing", "to": "Closed", "access": "Manager" },
                { "name": "Remove", "from": "Closed", "transit": "Removing", "to": "Removed", "access": "Root", "priority": 5 },
                { "name": "Scrap", "from": "Jammed", "transit": "Removing" }
              ]
            }
            """;

        [Fact]
        public async Task Mermaid_is_a_state_diagram_with_actions_outcomes_markers_and_classes()
        {
            var result = await DrawAsync();

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(
                """
                stateDiagram-v2
                  state "Closing" as s_Closing
                  state "Closed" as s_Closed
                  state "Opening" as s_Opening
                  state "Open" as s_Open
                  state "Jammed" as s_Jammed
                  state "Removing" as s_Removing
                  state "Removed" as s_Removed
                  [*] --> s_Closing : Install / install-door
                  s_Closed --> s_Opening : Open / open-door
                  s_Open --> s_Closing : Close [Manager]
                  s_Closed --> s_Removing : Remove [Root]
                  s_Jammed --> s_Removing : Scrap
                  s_Closing --> s_Closed : Install, Close
                  s_Closing --> [*] : Install failed
                  s_Opening --> s_Open : Open
                  s_Opening --> s_Jammed : Open failed
                  s_Removing --> s_Removed : Remove
                  s_Removing --> [*] : Scrap
                  classDef transit stroke-dasharray: 5 5
                  classDef final stroke-width: 3px
                  class s_Closing, s_Opening, s_Removing transit
                  class s_Removed final
                """,
                result.Out.Trim().Replace("\r\n", "\n"));
            Assert.Empty(result.Error);
        }

        [Fact]
        public async Task Dot_marks_start_end_transit_and_final_nodes_and_dashes_failures()
        {
            var result = await DrawAsync("--format", "dot");

            Assert.True(result.ExitCode == 0, result.ToString());
            var lines = result.Out.Split('\n').Select(l => l.Trim()).ToList();
            Assert.Equal("digraph \"door\" {", lines[0]);
            foreach (var line in new[]
            {
                "start [label=\"\", shape=circle, style=filled, fillcolor=black, width=0.25];",
                "end [label=\"\", shape=doublecircle, style=filled, fillcolor=black, width=0.15];",
                "s_Closing [label=\"Closing\\ntransit\", style=\"rounded,dashed\"];",
                "s_Closed [label=\"Closed\"];",
                "s_Removed [label=\"Removed\\nfinal\", peripheries=2];",
                "start -> s_Closing [label=\"Install / install-door\"];",
                "s_Open -> s_Closing [label=\"Close [Manager]\"];",
                "s_Closing -> s_Closed [label=\"Install, Close\", color=gray30];",
                "s_Opening -> s_Jammed [label=\"Open failed\", style=dashed, color=firebrick, fontcolor=firebrick];",
                "s_Closing -> end [label=\"Install failed\", style=dashed, color=firebrick, fontcolor=firebrick];",
                "s_Removing -> end [label=\"Scrap\", color=gray30];",
            })
            {
                Assert.Contains(line, lines);
            }
        }

        [Fact]
        public async Task Svg_is_well_formed_with_a_group_per_node_and_an_arrow_per_action_and_outcome()
        {
            var result = await DrawAsync("--format", "svg");

            Assert.True(result.ExitCode == 0, result.ToString());
            var svg = XDocument.Parse(result.Out);
            XNamespace ns = "http://www.w3.org/2000/svg";
            Assert.Equal(ns + "svg", svg.Root!.Name);
            var groups = svg.Descendants(ns + "g").Select(g => (string?)g.Attribute("id")).ToList();
            Assert.Equal(new[] { "start", "s_Closing", "s_Closed", "s_Opening", "s_Open", "s_Jammed", "s_Removing", "s_Removed", "end" }, groups);
            var arrows = svg.Root.Elements(ns + "path").ToList();
            Assert.Equal(5, arrows.Count(p => (string?)p.Attribute("class") == "action"));
            Assert.Equal(4, arrows.Count(p => (string?)p.Attribute("class") == "success"));
            var failures = arrows.Where(p => (string?)p.Attribute("class") == "failure").ToList();
            Assert.Equal(2, failures.Count);
            Assert.All(failures, p => Assert.NotNull(p.Attribute("stroke-dasharray")));
            var labels = svg.Root.Elements(ns + "text").Select(t => t.Value).ToList();
            Assert.Contains("Remove [Root]", labels);
            Assert.Contains("Open failed", labels);
            var transit = svg.Descendants(ns + "g").Single(g => (string?)g.Attribute("id") == "s_Opening");
            Assert.NotNull(transit.Element(ns + "rect")!.Attribute("stroke-dasharray"));
            Assert.Equal(2, svg.Descendants(ns + "g").Single(g => (string?)g.Attribute("id") == "s_Removed").Elements(ns + "rect").Count());
        }

        [Fact]
        public async Task Json_lists_the_nodes_with_their_kinds_and_the_edges_with_theirs()
        {
            var result = await DrawAsync("--json");

            Assert.True(result.ExitCode == 0, result.ToString());
            using var document = JsonDocument.Parse(result.Out);
            var root = document.RootElement;
            Assert.Equal("door", root.GetProperty("lifecycle").GetString());
            var nodes = root.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("key").GetString() + ":" + n.GetProperty("kind").GetString()).ToList();
            Assert.Equal(new[] { "start:start", "s_Closing:transit", "s_Closed:state", "s_Opening:transit", "s_Open:state", "s_Jammed:state", "s_Removing:transit", "s_Removed:final", "end:end" }, nodes);
            var edges = root.GetProperty("edges").EnumerateArray().Select(e => $"{e.GetProperty("from").GetString()}>{e.GetProperty("to").GetString()}:{e.GetProperty("kind").GetString()}").ToList();
            Assert.Contains("s_Opening>s_Jammed:failure", edges);
            Assert.Contains("start>s_Closing:action", edges);
            Assert.StartsWith("stateDiagram-v2", root.GetProperty("drawing").GetString());
        }

        [Fact]
        public async Task A_template_with_errors_is_not_drawn_its_diagnostics_go_to_stderr_and_it_exits_1()
        {
            using var work = new Workspace();
            work.Write("door.lifecycle.json", Door.Replace("\"to\": \"Open\"", "\"to\": \"Opn\""));

            var result = await FlowTool.RunAsync(work.Path, "graph", "door.lifecycle.json");

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Empty(result.Out);
            var lines = result.Error.Trim().Split('\n').Select(l => l.TrimEnd()).ToList();
            Assert.Contains("door.lifecycle.json(7,69): error AUTO6003: Action 'Open' names to state 'Opn', which lifecycle 'door' does not declare; did you mean 'Open'?", lines);
            Assert.Contains(lines, l => l.StartsWith("door.lifecycle.json(4,46): warning AUTO6006: State 'Open' cannot be reached", System.StringComparison.Ordinal));
        }

        [Fact]
        public async Task Warnings_go_to_stderr_and_the_template_is_still_drawn()
        {
            using var work = new Workspace();
            work.Write("door.lifecycle.json", Door.Replace("\"Removing\", {", "\"Removing\", \"Painting\", {"));

            var result = await FlowTool.RunAsync(work.Path, "graph", "door.lifecycle.json");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.StartsWith("door.lifecycle.json(4,76): warning AUTO6006: State 'Painting' cannot be reached", result.Error.Trim());
            Assert.Contains("state \"Painting\" as s_Painting", result.Out);
        }

        [Fact]
        public async Task Malformed_json_exits_1_with_the_syntax_error_at_its_position()
        {
            using var work = new Workspace();
            work.Write("bad.lifecycle.json", "{\n  \"lifecycle\": \"bad\",\n  \"states\": [\n}\n");

            var result = await FlowTool.RunAsync(work.Path, "graph", "bad.lifecycle.json");

            Assert.Equal(1, result.ExitCode);
            Assert.StartsWith("bad.lifecycle.json(4,1): error AUTO1001: ", result.Error.Trim());
            Assert.Empty(result.Out);
        }

        private static async Task<ToolResult> DrawAsync(params string[] options)
        {
            using var work = new Workspace();
            work.Write("door.lifecycle.json", Door);
            return await FlowTool.RunAsync(work.Path, new[] { "graph", "door.lifecycle.json" }.Concat(options).ToArray());
        }
    }
}
