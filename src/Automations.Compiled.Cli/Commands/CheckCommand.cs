using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Cli.Checking;
using Automations.Compiled.Validation;

namespace Automations.Compiled.Cli.Commands
{
    /// <summary>
    /// <c>flow check &lt;files|folders&gt;</c>: the analyzers' diagnostics for JSON flows and lifecycle templates, without
    /// a build; <c>--project</c> builds a project and reprints its AUTO diagnostics (C# flows and templates). Exit 1 when
    /// there is an error.
    /// </summary>
    internal static class CheckCommand
    {
        internal const string SkippedActionRules = "Action bindings not checked (AUTO1101-AUTO1104): the C# [FlowAction]s are not visible; pass --actions <assembly.dll> to check them.";

        public static Command Create()
        {
            var paths = new Argument<string[]>("paths") { Description = "Flow and lifecycle files, or folders to search for *.flow.json and *.lifecycle.json.", Arity = ArgumentArity.ZeroOrMore };
            var actions = new Option<string?>("--actions") { Description = "A built assembly whose [FlowAction]s JSON flows bind to; without it, action names and inputs are not checked." };
            var project = new Option<string?>("--project") { Description = "Build this project and report the AUTO diagnostics of its flows (C# and JSON)." };
            var command = new Command("check", "Check flows and lifecycle templates with the same validators as a build.") { paths, actions, project };
            command.SetAction((result, cancellationToken) => RunAsync(result, result.GetValue(paths) ?? Array.Empty<string>(), result.GetValue(actions), result.GetValue(project), cancellationToken));
            return command;
        }

        private static async Task<int> RunAsync(ParseResult result, string[] paths, string? actionsPath, string? project, CancellationToken cancellationToken)
        {
            if (paths.Length == 0 && project is null)
            {
                throw new UsageException("Give flow files or folders to check, or --project <csproj>.");
            }

            var binding = actionsPath is null ? ActionBinding.Loose : ActionBinding.From(actionsPath, ActionAssemblyReader.Read(actionsPath));
            var files = FlowFile.Expand(paths);
            var diagnostics = new List<CheckedDiagnostic>();
            var flows = files.Where(f => !LifecycleFile.Is(f)).Select(f => FlowFile.Load(f, binding, cancellationToken)).ToList();
            var lifecycles = files.Where(LifecycleFile.Is).Select(f => LifecycleFile.Load(f, cancellationToken)).ToList();
            foreach (var file in files)
            {
                // In the order the files were named, each file's diagnostics in position order.
                var flow = flows.Find(f => f.Path == file);
                var found = flow is not null ? flow.Diagnostics : lifecycles.Find(l => l.Path == file)!.Diagnostics;
                diagnostics.AddRange(found.Select(d => CheckedDiagnostic.From(d, file)));
            }

            diagnostics.AddRange(Duplicates(flows));
            diagnostics.AddRange(Duplicates(lifecycles));

            var notes = new List<string>();
            if (flows.Count > 0 && !binding.ChecksActions)
            {
                notes.Add(SkippedActionRules);
            }

            if (lifecycles.Count > 0 && project is null)
            {
                notes.Add(LifecycleFile.SkippedProjectRules);
            }

            if (project is not null)
            {
                var build = await BuildDiagnostics.RunAsync(project, cancellationToken).ConfigureAwait(false);
                diagnostics.AddRange(build.Diagnostics);
                if (build.BuildFailed && !build.Diagnostics.Any(d => d.IsError))
                {
                    notes.Add($"The build of {project} failed for reasons other than flows; run 'dotnet build {project}' to see why.");
                    diagnostics.Add(new CheckedDiagnostic(project, 1, 1, "error", "BUILD", "dotnet build failed"));
                }
            }

            var errors = diagnostics.Count(d => d.IsError);
            var warnings = diagnostics.Count(d => d.Severity == "warning");
            var what = project is null ? Count(files.Count, "file") : files.Count == 0 ? project : $"{Count(files.Count, "file")} and {project}";
            var summary = $"{what} checked: {Count(errors, "error")}, {Count(warnings, "warning")}.";
            Output.Result(result, Text(diagnostics, notes, summary), new
            {
                files,
                project,
                actionsChecked = binding.ChecksActions,
                actions = binding.Source,
                errors,
                warnings,
                diagnostics = diagnostics.Select(d => new { d.File, d.Line, d.Column, d.Severity, d.Id, d.Message, d.HelpLink }),
                notes,
            });
            return errors > 0 ? FlowCli.FlowErrors : FlowCli.Ok;
        }

        /// <summary>Two files declaring one (id, version): every one after the first is reported, as the analyzer does.</summary>
        private static IEnumerable<CheckedDiagnostic> Duplicates(IEnumerable<FlowFile> flows)
            => flows
                .Where(f => !f.Unreadable && f.Model.Id.Length > 0)
                .GroupBy(f => (f.Model.Id, f.Model.Version))
                .SelectMany(g => g.Skip(1))
                .Select(f => CheckedDiagnostic.From(DiagnosticCatalog.Create(DiagnosticCatalog.DuplicateFlow, f.Model.Location, f.Model.Id, f.Model.Version), f.Path));

        /// <summary>Two templates with one id (a host finds templates by id): every one after the first is reported.</summary>
        private static IEnumerable<CheckedDiagnostic> Duplicates(IEnumerable<LifecycleFile> lifecycles)
            => lifecycles
                .Where(l => !l.Unreadable && l.Model.Id.Length > 0)
                .GroupBy(l => l.Model.Id, StringComparer.Ordinal)
                .SelectMany(g => g.Skip(1).Select(l => (First: g.First(), Again: l)))
                .Select(d => CheckedDiagnostic.From(DiagnosticCatalog.Create(DiagnosticCatalog.DuplicateLifecycle, d.Again.Model.Location, d.Again.Model.Id, d.First.Path, d.Again.Path), d.Again.Path));

        private static string Text(IEnumerable<CheckedDiagnostic> diagnostics, IEnumerable<string> notes, string summary)
        {
            var text = new StringBuilder();
            foreach (var diagnostic in diagnostics)
            {
                var severity = diagnostic.IsError ? Output.Red(diagnostic.Severity) : diagnostic.Severity == "warning" ? Output.Yellow(diagnostic.Severity) : diagnostic.Severity;
                text.AppendLine($"{diagnostic.File}({diagnostic.Line},{diagnostic.Column}): {severity} {diagnostic.Id}: {diagnostic.Message}");
            }

            foreach (var note in notes)
            {
                text.AppendLine(Output.Dim(note));
            }

            return text.Append(summary).ToString();
        }

        private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
    }
}
