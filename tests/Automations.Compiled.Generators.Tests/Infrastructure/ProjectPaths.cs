using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace Automations.Compiled.Generators.Tests.Infrastructure
{
    /// <summary>Where the test project's sources and the repository live on disk.</summary>
    internal static class ProjectPaths
    {
        private const string ProjectFile = "Automations.Compiled.Generators.Tests.csproj";

        /// <summary>The directory of this test project's sources (found from the compiler's caller path).</summary>
        public static string ProjectDirectory => Find(ThisFile());

        /// <summary>The repository root (two levels above the test project).</summary>
        public static string RepositoryRoot => Path.GetFullPath(Path.Combine(ProjectDirectory, "..", ".."));

        public static string Baseline(string name) => Path.Combine(ProjectDirectory, "Baselines", name);

        private static string ThisFile([CallerFilePath] string path = "") => path;

        private static string Find(string callerFile)
        {
            // CallerFilePath is the build-time path; a path-mapped (deterministic CI) build falls back to the test output folder.
            var fromCaller = Path.GetDirectoryName(Path.GetDirectoryName(callerFile));
            if (fromCaller is not null && File.Exists(Path.Combine(fromCaller, ProjectFile)))
            {
                return fromCaller;
            }

            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, ProjectFile)))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException($"Cannot find {ProjectFile} from '{callerFile}' or '{AppContext.BaseDirectory}'.");
        }
    }
}
