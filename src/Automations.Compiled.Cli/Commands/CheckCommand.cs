using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Cli.Checking;
using Automations.Compiled.Validation;

namespace Automations.Compiled.Cli.Commands
{
    /// <summary>
    /// <c>flow check &lt;files|folders&gt;</c>: the analyzers' diagnostics for JSON flows and lifecycle templates. JSON
    /// flows are bound to the <c>[FlowAction]</c>s of the project that owns them (built first when out of date) plus the
    /// built-in actions, as <c>flow run</c> binds them; <c>--no-bind</c> skips that for a check without a build.
    /// <c>--project</c> builds a project and reprints its AUTO diagnostics (C# flows and templates). Exit 1 when there is
    /// an error.
    /// </summary>
    internal static class CheckCommand
    {
        public static Command Create()
        {
            var paths = new Argument<string[]>("paths") { Description = "Flow and lifecycle files, or folders to search for *.flow.json and *.lifecycle.json.", Arity = ArgumentArity.ZeroOrMore };
            var actions = new Option<string?>("--actions") { Description = "A built assembly whose [FlowAction]s JSON flows bind to, instead of the project that owns each file." };
            var project = new Option<string?>("--project") { Description = "Build this project, report the AUTO diagnostics of its flows (C# and JSON), and bind the JSON flows named to its [FlowAction]s." };
            var noBind = new Option<bool>("--no-bind") { Description = "Do not bind actions (AUTO1101-AUTO1104 are skipped): no project is searched for or built." };
            var command = new Command("check", "Check flows and lifecycle templates with the same validators as a build.") { paths, actions, project, noBind };
            command.SetAction((result, cancellationToken) => RunAsync(result, result.GetValue(paths) ?? Array.Empty<string>(), result.GetValue(actions), result.GetValue(project), result.GetValue(noBind), cancellationToken));
            return command;
        }

        private static async Task<int> RunAsync(ParseResult result, string[] paths, string? actionsPath, string? project, bool noBind, CancellationToken cancellationToken)
        {
            if (paths.Length == 0 && project is null)
            {
                throw new UsageException("Give flow files or folders to check, or --project <csproj>.");
            }

            if (noBind && actionsPath is not null)
            {
                throw new UsageException("--no-bind and --actions contradict each other: give --actions to bind to an assembly's actions, --no-bind to bind to none.");
            }

            var given = actionsPath is null ? null : ActionBinding.FromAssembly(actionsPath, ActionAssemblyReader.Read(actionsPath));
            var files = FlowFile.Expand(paths);
            var flowFiles = files.Where(f => !LifecycleFile.Is(f)).ToList();

            // The project's build first: it is also the assembly --project binds JSON flows to.
            var build = project is null ? null : await BuildDiagnostics.RunAsync(project, cancellationToken).ConfigureAwait(false);
            var plan = await BindingPlan.CreateAsync(flowFiles, noBind, given, project, build, Console.Error, cancellationToken).ConfigureAwait(false);

            var diagnostics = new List<CheckedDiagnostic>();
            var flows = flowFiles.Select(f => FlowFile.Load(f, plan.For(f), cancellationToken)).ToList();
            var lifecycles = files.Where(LifecycleFile.Is).Select(f => LifecycleFile.Load(f, cancellationToken)).ToList();
            foreach (var file in files)
            {
                // In the order the files were named, each file's diagnostics in position order.
                var flow = flows.Find(f => f.Path == file);
                var found = (flow is not null ? flow.Diagnostics : lifecycles.Find(l => l.Path == file)!.Diagnostics).Select(d => CheckedDiagnostic.From(d, file)).ToList();
                diagnostics.AddRange(WithBuildDiagnostics(found, plan.Diagnostics.Where(d => d.File == file).ToList()));
            }

            diagnostics.AddRange(Duplicates(flows));
            diagnostics.AddRange(Duplicates(lifecycles));
            diagnostics.AddRange(plan.Diagnostics.Where(d => !files.Contains(d.File)));

            var notes = new List<string>(plan.Notes);
            if (lifecycles.Count > 0 && project is null)
            {
                notes.Add(LifecycleFile.SkippedProjectRules);
            }

            if (build is not null)
            {
                // A flow named and built is reported once, as the check found it.
                var folder = Path.GetDirectoryName(Path.GetFullPath(project!))!;
                var reported = diagnostics.Select(d => (Path.GetFullPath(d.File), d.Line, d.Column, d.Id)).ToHashSet();
                diagnostics.AddRange(build.Diagnostics.Where(d => !reported.Contains((Path.GetFullPath(d.File, folder), d.Line, d.Column, d.Id))));
                if (build.BuildFailed && !build.Diagnostics.Any(d => d.IsError))
                {
                    notes.Add($"The build of {project} failed for reasons other than flows; run 'dotnet build {project}' to see why.");
                    diagnostics.Add(new CheckedDiagnostic(project!, 1, 1, "error", "BUILD", "dotnet build failed"));
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
                actionsChecked = flows.All(f => plan.For(f.Path).ChecksActions),
                actions = actionsPath,
                bindings = flows.Select(f => Describe(f.Path, plan.For(f.Path))),
                errors,
                warnings,
                diagnostics = diagnostics.Select(d => new { d.File, d.Line, d.Column, d.Severity, d.Id, d.Message, d.HelpLink }),
                notes,
            });
            return errors > 0 ? FlowCli.FlowErrors : FlowCli.Ok;
        }

        /// <summary>One entry of <c>bindings</c> in <c>--json</c>: what <paramref name="file"/> was bound to.</summary>
        private static object Describe(string file, ActionBinding binding)
            => new { file, boundTo = binding.BoundTo, project = binding.Project, assembly = binding.Assembly };

        /// <summary>
        /// A file's diagnostics with those a failed build gave it (the build binds actions, the check of a project that did
        /// not build cannot): where both report one rule at one place, the build's, as a build would print it.
        /// </summary>
        private static IEnumerable<CheckedDiagnostic> WithBuildDiagnostics(IReadOnlyList<CheckedDiagnostic> found, IReadOnlyList<CheckedDiagnostic> fromBuild)
        {
            if (fromBuild.Count == 0)
            {
                return found;
            }

            var built = fromBuild.Select(d => (d.Line, d.Column, d.Id)).ToHashSet();
            return fromBuild.Concat(found.Where(d => !built.Contains((d.Line, d.Column, d.Id))))
                .OrderBy(d => d.Line)
                .ThenBy(d => d.Column)
                .ThenBy(d => d.Id, StringComparer.Ordinal);
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
