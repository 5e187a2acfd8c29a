using System;
using System.CommandLine;
using System.Linq;
using Automations.Compiled.Cli.Checking;
using Automations.Compiled.Cli.Graphs;
using Automations.Compiled.Emit;
using Automations.Compiled.Graphs;

namespace Automations.Compiled.Cli.Commands
{
    /// <summary><c>flow graph &lt;file&gt; [--format mermaid|dot|svg]</c>: the flow, or the lifecycle template's state diagram, as a picture on stdout.</summary>
    internal static class GraphCommand
    {
        private static readonly string[] Formats = { "mermaid", "dot", "svg" };

        public static Command Create()
        {
            var file = new Argument<string>("file") { Description = "A *.flow.json or *.lifecycle.json file." };
            var format = new Option<string>("--format", "-f") { Description = "mermaid (default), dot (Graphviz) or svg.", DefaultValueFactory = _ => "mermaid" };
            format.AcceptOnlyFromAmong(Formats);
            var command = new Command("graph", "Draw a flow (scopes as clusters, endpoints as labelled arrows, gotos dashed) or a lifecycle template (states, and actions as labelled arrows).") { file, format };
            command.SetAction(result =>
            {
                var path = result.GetValue(file)!;
                if (LifecycleFile.Is(path))
                {
                    return DrawLifecycle(result, path, result.GetValue(format)!);
                }

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

                var picture = FlowPictureBuilder.Of(flow.Model);
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
                    nodes = picture.Nodes.Select(n => new { key = n.Key, id = n.Label, kind = n.Kind ?? "start", standalone = n.Standalone }),
                    edges = picture.Edges.Select(e => new { from = e.From, to = e.To, label = e.Label, dashed = e.Dashed }),
                    drawing,
                });
                return FlowCli.Ok;
            });
            return command;
        }

        /// <summary>
        /// A template with an error is not drawn (an unknown state would be an arrow to nowhere): its diagnostics go to
        /// stderr as <c>flow check</c> prints them, and the exit code is 1. Warnings go to stderr, and it is drawn.
        /// </summary>
        private static int DrawLifecycle(ParseResult result, string path, string kind)
        {
            var template = LifecycleFile.Load(path, System.Threading.CancellationToken.None);
            foreach (var diagnostic in template.Diagnostics)
            {
                Console.Error.WriteLine(CheckedDiagnostic.From(diagnostic, path));
            }

            if (template.HasErrors)
            {
                return FlowCli.FlowErrors;
            }

            var picture = StatePicture.Of(template.Model);
            var drawing = kind switch
            {
                "dot" => DotStateWriter.Write(picture),
                "svg" => SvgStateWriter.Write(picture),
                _ => MermaidStateWriter.Write(picture),
            };
            Output.Result(result, drawing.TrimEnd('\n'), new
            {
                file = path,
                lifecycle = picture.Title,
                format = kind,
                nodes = picture.Nodes.Select(n => new { key = n.Key, state = n.Kind is StateNodeKind.Start or StateNodeKind.End ? null : n.Label, kind = Lower(n.Kind) }),
                edges = picture.Edges.Select(e => new { from = e.From, to = e.To, label = e.Label, kind = Lower(e.Kind) }),
                drawing,
            });
            return FlowCli.Ok;
        }

        private static string Lower<T>(T value)
            where T : struct, Enum
            => value.ToString().ToLowerInvariant();
    }
}
