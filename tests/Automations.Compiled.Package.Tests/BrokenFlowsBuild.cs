using System;
using System.IO;
using System.Runtime.ExceptionServices;

namespace Automations.Compiled.Package.Tests
{
    /// <summary>
    /// tests/BrokenFlows built once, as a user builds a project: copied to a temp folder (outside the repository, so no
    /// Directory.Build.* or nuget.config of ours applies), given a nuget.config whose only source is the packed package,
    /// restored against it, then built with <c>--no-restore</c>. The build is expected to fail.
    /// </summary>
    public sealed class BrokenFlowsBuild
    {
        /// <summary>The project's folder in the repository.</summary>
        public const string SourceFolder = "tests/BrokenFlows";

        /// <summary>The MSBuild property the project's PackageReference takes its version from.</summary>
        public const string VersionProperty = "AutomationsCompiledVersion";

        private readonly object _gate = new();
        private bool _ran;
        private ExceptionDispatchInfo? _failure;

        /// <summary>The temp copy that was built.</summary>
        public string ProjectDirectory { get; private set; } = "";

        /// <summary><c>dotnet restore</c> and what it printed.</summary>
        public CommandResult? Restore { get; private set; }

        /// <summary><c>dotnet build</c> and what it printed; null when the restore failed.</summary>
        public CommandResult? Build { get; private set; }

        /// <summary>The diagnostics the build printed.</summary>
        public BuildLog? Log { get; private set; }

        /// <summary>
        /// Copies, restores and builds the project the first time it is called; later calls return the same result, or
        /// throw what the first one threw.
        /// </summary>
        public BrokenFlowsBuild RunOnce(PackedPackage package)
        {
            lock (_gate)
            {
                if (!_ran)
                {
                    _ran = true;
                    try
                    {
                        Run(package);
                    }
                    catch (Exception error)
                    {
                        _failure = ExceptionDispatchInfo.Capture(error);
                    }
                }

                _failure?.Throw();
                return this;
            }
        }

        private void Run(PackedPackage package)
        {
            ProjectDirectory = Path.Combine(package.WorkRoot, "broken-flows");
            PackedPackage.CopySources(Path.Combine(package.RepoRoot, SourceFolder), ProjectDirectory);
            package.WriteLocalNuGetConfig(ProjectDirectory);

            var version = "-p:" + VersionProperty + "=" + package.Version;
            Restore = Dotnet.Run(ProjectDirectory, TimeSpan.FromMinutes(3), "restore", "-p:RestorePackagesPath=" + package.PackagesFolder, version);
            if (!Restore.Succeeded)
            {
                return;
            }

            // -tl:off: the classic console logger, whose "path(line,col): error ID: message" lines CI logs and IDEs read.
            Build = Dotnet.Run(ProjectDirectory, TimeSpan.FromMinutes(5), "build", "-c", "Release", "--no-restore", "-tl:off", version);
            Log = BuildLog.Parse(Build.StandardOutput + Build.StandardError, ProjectDirectory);
        }
    }
}
