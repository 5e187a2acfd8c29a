using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Cli.Checking
{
    /// <summary>
    /// Which actions each JSON flow of a <c>flow check</c> binds to: the <c>--actions</c> assembly, the <c>--project</c>,
    /// else the project that owns the file (built first when its assembly is out of date), else the built-in actions
    /// only; none with <c>--no-bind</c>. Also what finding them reported: a project that did not build is an error, and
    /// the notes say which flows were not bound to a project's actions.
    /// </summary>
    internal sealed class BindingPlan
    {
        /// <summary>The note of <c>--no-bind</c>.</summary>
        internal const string SkippedActionRules = "Action bindings not checked (AUTO1101-AUTO1104): --no-bind skips them; drop it to bind each flow to its project's [FlowAction]s, or pass --actions <assembly.dll>.";

        private readonly Dictionary<string, ActionBinding> _bindings = new(StringComparer.Ordinal);
        private readonly List<CheckedDiagnostic> _diagnostics = new();
        private readonly List<string> _notes = new();

        private BindingPlan()
        {
        }

        /// <summary>Errors met while finding the actions: a project that did not build, and the AUTO diagnostics its build gave the checked flows.</summary>
        public IReadOnlyList<CheckedDiagnostic> Diagnostics => _diagnostics;

        /// <summary>One line each: flows bound to the built-in actions only, or not bound at all, and why.</summary>
        public IReadOnlyList<string> Notes => _notes;

        /// <summary>The binding of <paramref name="flow"/>, one of the files the plan was made for.</summary>
        public ActionBinding For(string flow) => _bindings[flow];

        /// <summary>Finds the actions of every flow in <paramref name="flows"/>, building projects where needed.</summary>
        /// <param name="flows">The JSON flow files to check, as named.</param>
        /// <param name="noBind"><c>--no-bind</c>: bind nothing.</param>
        /// <param name="actions">The <c>--actions</c> assembly already read, or null.</param>
        /// <param name="project">The <c>--project</c>, or null.</param>
        /// <param name="projectBuild">What the <c>--project</c> build gave (it has run), or null.</param>
        /// <param name="progress">Where a build is announced (stderr: it may take a while).</param>
        /// <param name="cancellationToken">Stops a build under way.</param>
        /// <exception cref="UsageException">A folder above a flow holds several projects.</exception>
        public static async Task<BindingPlan> CreateAsync(
            IReadOnlyList<string> flows,
            bool noBind,
            ActionBinding? actions,
            string? project,
            BuildDiagnostics.Result? projectBuild,
            TextWriter progress,
            CancellationToken cancellationToken)
        {
            var plan = new BindingPlan();
            if (flows.Count == 0)
            {
                return plan;
            }

            if (noBind || actions is not null)
            {
                plan.BindAll(flows, actions ?? ActionBinding.Loose);
                if (noBind)
                {
                    plan._notes.Add(SkippedActionRules);
                }

                return plan;
            }

            if (project is not null)
            {
                await plan.BindToGivenProjectAsync(flows, project, projectBuild!, cancellationToken).ConfigureAwait(false);
                return plan;
            }

            // Every file's owner first: a folder with two projects is a usage mistake, found before anything is built.
            var owners = flows.Select(f => (Flow: f, Project: OwningProject.Find(f))).ToList();
            var unowned = owners.Where(o => o.Project is null).Select(o => o.Flow).ToList();
            plan.BindAll(unowned, ActionBinding.BuiltIn);
            if (unowned.Count > 0)
            {
                plan._notes.Add($"Actions bound to the built-in actions only: no project owns {string.Join(", ", unowned)}; pass --actions <dll> or --project <csproj> to bind to yours.");
            }

            foreach (var owned in owners.Where(o => o.Project is not null).GroupBy(o => o.Project!, o => o.Flow, StringComparer.Ordinal))
            {
                var assembly = await ProjectAssembly.GetAsync(owned.Key, progress, cancellationToken).ConfigureAwait(false);
                plan.BindToProject(owned.ToList(), OwningProject.Display(owned.Key), assembly);
            }

            return plan;
        }

        /// <summary><c>--project</c>: its build has run; its assembly is where MSBuild wrote it.</summary>
        private async Task BindToGivenProjectAsync(IReadOnlyList<string> flows, string project, BuildDiagnostics.Result build, CancellationToken cancellationToken)
        {
            if (build.BuildFailed)
            {
                // An older assembly may not hold the actions the sources declare. The build's failure is reported with
                // the project's diagnostics; those of the flows named go with each flow.
                BindAll(flows, ActionBinding.Loose);
                AddBuildDiagnostics(flows, project, build.Diagnostics);
                _notes.Add($"Action bindings not checked (AUTO1101-AUTO1104): the build of {project} failed, so its [FlowAction]s could not be read.");
                return;
            }

            // Built just now, so up to date: this only asks MSBuild where the assembly is.
            var assembly = await ProjectAssembly.GetAsync(project, TextWriter.Null, cancellationToken).ConfigureAwait(false);
            if (assembly.Path is null)
            {
                // It built, but is not a project with an assembly (a stand-in .proj, say): there are no actions to read.
                BindAll(flows, ActionBinding.Loose);
                _notes.Add($"Action bindings not checked (AUTO1101-AUTO1104): {project} built, but {assembly.Failure}; pass --actions <assembly.dll>.");
                return;
            }

            BindToProject(flows, project, assembly);
        }

        /// <summary>
        /// Binds <paramref name="flows"/> to the actions in <paramref name="assembly"/>; when there is none, checks them
        /// loose and reports the failure as one error, with what the failed build said about these flows.
        /// </summary>
        private void BindToProject(IReadOnlyList<string> flows, string project, ProjectAssembly assembly)
        {
            if (assembly.Path is not null)
            {
                BindAll(flows, ActionBinding.FromProject(project, OwningProject.Display(assembly.Path), ActionAssemblyReader.Read(assembly.Path)));
                return;
            }

            BindAll(flows, ActionBinding.Loose);
            AddBuildDiagnostics(flows, project, assembly.BuildDiagnostics);
            _diagnostics.Add(new CheckedDiagnostic(
                project, 1, 1, "error", "BUILD",
                $"{assembly.Failure}, so the flows it owns were checked without binding their actions (AUTO1101-AUTO1104); run 'dotnet build {project}' to see why."));
        }

        /// <summary>
        /// A build fails on the analyzers' errors in the project's own flows (a misspelt action among them): those are the
        /// errors to show for the flows checked, under the names they were given.
        /// </summary>
        private void AddBuildDiagnostics(IReadOnlyList<string> flows, string project, IEnumerable<CheckedDiagnostic> diagnostics)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(project))!;
            var named = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var flow in flows)
            {
                named.TryAdd(Path.GetFullPath(flow), flow);
            }

            foreach (var diagnostic in diagnostics)
            {
                if (named.TryGetValue(Path.GetFullPath(diagnostic.File, folder), out var flow))
                {
                    _diagnostics.Add(diagnostic with { File = flow });
                }
            }
        }

        private void BindAll(IEnumerable<string> flows, ActionBinding binding)
        {
            foreach (var flow in flows)
            {
                _bindings[flow] = binding;
            }
        }
    }
}
