using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Cli.Checking
{
    /// <summary>
    /// A project's built assembly, where MSBuild writes it: its <c>TargetPath</c> in the configuration a plain
    /// <c>dotnet build</c> uses. It is built first when it is missing or older than the project's C# sources, so the
    /// <c>[FlowAction]</c>s read from it are the ones the sources declare.
    /// </summary>
    /// <param name="Project">The project file.</param>
    /// <param name="Path">The assembly, or null when it could not be built.</param>
    /// <param name="Failure">Why there is no assembly ("dotnet build failed"), or null.</param>
    /// <param name="BuildDiagnostics">The AUTO diagnostics of a failed build (the analyzers' reasons for the failure).</param>
    internal sealed record ProjectAssembly(string Project, string? Path, string? Failure, IReadOnlyList<CheckedDiagnostic> BuildDiagnostics)
    {
        /// <summary>The configuration the tool asks for and builds: the one <c>dotnet build</c> builds by default.</summary>
        public const string Configuration = "Debug";

        /// <summary>The assembly of <paramref name="project"/>, built when it is not up to date; <paramref name="progress"/> hears of a build.</summary>
        public static async Task<ProjectAssembly> GetAsync(string project, TextWriter progress, CancellationToken cancellationToken)
        {
            var (target, framework, failure) = await LocateAsync(project, cancellationToken).ConfigureAwait(false);
            if (target is null)
            {
                return Failed(project, failure!);
            }

            if (IsUpToDate(target, project))
            {
                return new ProjectAssembly(project, target, null, Array.Empty<CheckedDiagnostic>());
            }

            progress.WriteLine($"Building {OwningProject.Display(project)} to read its [FlowAction]s...");
            var arguments = new List<string> { "build", project, "-c", Configuration, "-nologo", "-v:q", "-clp:NoSummary" };
            if (framework is not null)
            {
                arguments.AddRange(new[] { "-f", framework });
            }

            var build = await DotnetCommand.RunAsync(arguments, cancellationToken).ConfigureAwait(false);
            if (build.ExitCode != 0)
            {
                return Failed(project, "dotnet build failed") with { BuildDiagnostics = Checking.BuildDiagnostics.Parse(build.Output) };
            }

            return File.Exists(target) ? new ProjectAssembly(project, target, null, Array.Empty<CheckedDiagnostic>()) : Failed(project, $"dotnet build wrote no '{target}'");
        }

        /// <summary>
        /// True when <paramref name="assembly"/> exists and is newer than the project file and every <c>*.cs</c> in the
        /// project's folder and below it (bin/ and obj/ left out): what a build would compile into it has not changed.
        /// </summary>
        public static bool IsUpToDate(string assembly, string project)
        {
            if (!File.Exists(assembly))
            {
                return false;
            }

            var built = File.GetLastWriteTimeUtc(assembly);
            return Sources(project).All(source => File.GetLastWriteTimeUtc(source) <= built);
        }

        /// <summary>
        /// The assembly path MSBuild gives the project and the target framework asked for when the project has several;
        /// or why there is none.
        /// </summary>
        private static async Task<(string? Target, string? Framework, string? Failure)> LocateAsync(string project, CancellationToken cancellationToken)
        {
            const string Unreadable = "MSBuild could not read the project";
            var target = await PropertyAsync(project, "TargetPath", null, cancellationToken).ConfigureAwait(false);
            if (target is null)
            {
                return (null, null, Unreadable);
            }

            if (target.Length > 0)
            {
                return (target, null, null);
            }

            // A project with several target frameworks has a TargetPath per framework only: take the first, as an IDE does.
            var frameworks = await PropertyAsync(project, "TargetFrameworks", null, cancellationToken).ConfigureAwait(false);
            var first = frameworks?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            target = first is null ? "" : await PropertyAsync(project, "TargetPath", first, cancellationToken).ConfigureAwait(false);
            return target is null ? (null, null, Unreadable)
                : target.Length == 0 ? (null, null, "MSBuild names no assembly for the project (its TargetPath is empty)")
                : (target, first, null);
        }

        /// <summary>One property of the evaluated project (<c>dotnet msbuild -getProperty</c>): "" when it is not set, null when MSBuild cannot read the project.</summary>
        private static async Task<string?> PropertyAsync(string project, string name, string? framework, CancellationToken cancellationToken)
        {
            var arguments = new List<string> { "msbuild", project, "-nologo", "-getProperty:" + name, "-p:Configuration=" + Configuration };
            if (framework is not null)
            {
                arguments.Add("-p:TargetFramework=" + framework);
            }

            var query = await DotnetCommand.RunAsync(arguments, cancellationToken).ConfigureAwait(false);
            return query.ExitCode != 0 ? null : query.StandardOutput.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? "";
        }

        /// <summary>The project file and its C# sources: the files whose change makes the assembly out of date.</summary>
        private static IEnumerable<string> Sources(string project)
        {
            yield return project;
            var pending = new Stack<DirectoryInfo>();
            pending.Push(new DirectoryInfo(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(project))!));
            while (pending.Count > 0)
            {
                var folder = pending.Pop();
                FileSystemInfo[] entries;
                try
                {
                    entries = folder.GetFileSystemInfos();
                }
                catch (Exception error) when (error is IOException or UnauthorizedAccessException)
                {
                    continue;
                }

                foreach (var entry in entries)
                {
                    if (entry is DirectoryInfo nested)
                    {
                        // Build output is not source, and a linked folder could lead back up the tree.
                        if (!nested.Attributes.HasFlag(FileAttributes.ReparsePoint)
                            && !nested.Name.Equals("bin", StringComparison.OrdinalIgnoreCase)
                            && !nested.Name.Equals("obj", StringComparison.OrdinalIgnoreCase))
                        {
                            pending.Push(nested);
                        }
                    }
                    else if (entry.Extension.Equals(".cs", StringComparison.OrdinalIgnoreCase))
                    {
                        yield return entry.FullName;
                    }
                }
            }
        }

        private static ProjectAssembly Failed(string project, string failure) => new(project, null, failure, Array.Empty<CheckedDiagnostic>());
    }
}
