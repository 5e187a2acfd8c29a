using System;
using System.CommandLine;
using System.Linq;
using Automations.Compiled.Cli.Checking;
using Automations.Compiled.Cli.Graphs;

namespace Automations.Compiled.Cli.Commands
{
    /// <summary><c>flow graph &lt;file&gt; [--format mermaid|dot|svg]</c>: the flow as a picture, on stdout.</summary>
    internal static class GraphCommand
    {
        private static readonly string[] Formats = { "mermaid", "dot", "svg" };

        public static Command Create()
        {
            var file = new Argument<string>("file") { Description = "A *.flow.json file." };
            var format = new Option<string>("--format", "-f") { Description = "mermaid (default), dot (Graphviz) or svg.", DefaultValueFactory = _ => "mermaid" };
            format.AcceptOnlyFromAmong(Formats);
            var command = new Command("graph", "Draw a flow: scopes as clusters, endpoints as labelled arrows, gotos dashed.") { file, format };
            command.SetAction(result =>
            {
                var path = result.GetValue(file)!;
                var flow = FlowFile.Load(path, ActionBinding.Loose, System.Threading.CancellationToken.None);
                if (flow.Unreadable)
                {
                    // Nothing to draw: say why as check would, and fail like a flow with errors.
                    foreach (var diagnostic in flow.Diagnostics)
                    {
                        Console.Error.WriteLine(CheckedDiagnostic.From(diagnostic, path));
                    }

                    return FlowCli.FlowErrors;
                }

                var picture = FlowPicture.Of(flow.Model);
                var kind = result.GetValue(format)!;
                var drawing = kind switch
                {
                    "dot" => DotWriter.Write(picture),
                    "svg" => SvgWriter.Write(picture),
                    _ => MermaidWriter.Write(picture),
                };
                Output.Result(result, drawing.TrimEnd('\n'), new
                {
                    file = path,
                    flow = picture.Title,
                    format = kind,
                    nodes = picture.Nodes.Select(n => new { key = n.Key, id = n.Label, kind = n.Kind is { } k ? GraphText.Kind(k) : "start", standalone = n.Standalone }),
                    edges = picture.Edges.Select(e => new { from = e.From, to = e.To, label = e.Label, dashed = e.Dashed }),
                    drawing,
                });
                return FlowCli.Ok;
            });
            return command;
        }
    }
}
