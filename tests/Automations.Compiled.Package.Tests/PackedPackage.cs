using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security;
using System.Xml.Linq;
using Xunit;

namespace Automations.Compiled.Package.Tests
{
    /// <summary>
    /// Packs the runtime library once for every test of the <see cref="PackageCollection"/>:
    /// <c>dotnet pack src/Automations.Compiled -c Release -o &lt;temp&gt;</c>, run in a copy of the repository's sources
    /// (no bin/ or obj/), so the package is built as on a clean clone and the pack cannot collide with builds running
    /// in the working tree at the same time. The pack folder is the projects' only package source, and they share one
    /// packages folder, so the package is extracted once and every restore after the first is offline and quick.
    /// </summary>
    public sealed class PackedPackage : IDisposable
    {
        /// <summary>The package id.</summary>
        public const string PackageId = "Automations.Compiled";

        private static readonly string[] SkippedFolders = { "bin", "obj", ".git", ".vs", "TestResults", "BenchmarkDotNet.Artifacts", "artifacts", "node_modules" };

        /// <summary>Packs the library.</summary>
        public PackedPackage()
        {
            RepoRoot = FindRepoRoot();
            WorkRoot = Path.Combine(Path.GetTempPath(), "ac-package-tests-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            SourceCopy = Path.Combine(WorkRoot, "repo");
            PackDirectory = Path.Combine(WorkRoot, "pack");
            PackagesFolder = Path.Combine(WorkRoot, "packages");
            Directory.CreateDirectory(PackDirectory);
            CopySources(RepoRoot, SourceCopy);

            Pack = Dotnet.Run(
                SourceCopy,
                TimeSpan.FromMinutes(10),
                "pack", "src/Automations.Compiled", "-c", "Release", "-o", PackDirectory);

            Packages = Directory.GetFiles(PackDirectory, "*.nupkg").Select(Path.GetFileName).Select(name => name!).OrderBy(name => name, StringComparer.Ordinal).ToArray();
            if (Packages.Length == 1)
            {
                NupkgPath = Path.Combine(PackDirectory, Packages[0]);
                Version = ReadNuspecVersion(NupkgPath);
            }
        }

        /// <summary>The working tree the tests run from: the folder holding Automations.Compiled.sln.</summary>
        public string RepoRoot { get; }

        /// <summary>The temporary folder everything of these tests lives in.</summary>
        public string WorkRoot { get; }

        /// <summary>The copy of the repository's sources that was packed.</summary>
        public string SourceCopy { get; }

        /// <summary>The folder <c>dotnet pack</c> wrote to, used as the consumer's package source.</summary>
        public string PackDirectory { get; }

        /// <summary>
        /// The global packages folder of the projects built against the package (their <c>RestorePackagesPath</c>), so no
        /// cached copy of the same version from the machine's own folder is used.
        /// </summary>
        public string PackagesFolder { get; }

        /// <summary>The pack command and what it printed.</summary>
        public CommandResult Pack { get; }

        /// <summary>The file names of the .nupkg files in <see cref="PackDirectory"/>.</summary>
        public string[] Packages { get; }

        /// <summary>The one package, when exactly one was made.</summary>
        public string? NupkgPath { get; }

        /// <summary>The version in the package's nuspec.</summary>
        public string? Version { get; }

        /// <summary>Fails the calling test unless the pack made exactly one package with a version.</summary>
        public void AssertPacked()
        {
            Assert.True(Pack.Succeeded, "dotnet pack failed:" + Environment.NewLine + Pack.Describe());
            Assert.True(
                Packages.Length == 1,
                $"expected one .nupkg in {PackDirectory}, found: [{string.Join(", ", Packages)}]" + Environment.NewLine + Pack.Describe());
            Assert.False(string.IsNullOrEmpty(Version), "the package has no nuspec version" + Environment.NewLine + Pack.Describe());
        }

        /// <summary>Every entry of the package, with forward slashes.</summary>
        public string[] Entries()
        {
            using var zip = ZipFile.OpenRead(NupkgPath ?? throw new InvalidOperationException("no package"));
            return zip.Entries.Select(e => e.FullName.Replace('\\', '/')).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        }

        /// <summary>
        /// Writes a nuget.config into <paramref name="folder"/> whose only package source is <see cref="PackDirectory"/>:
        /// a restore against it never goes to the network.
        /// </summary>
        public void WriteLocalNuGetConfig(string folder)
            => File.WriteAllText(Path.Combine(folder, "nuget.config"), $@"<?xml version=""1.0"" encoding=""utf-8""?>
<configuration>
  <packageSources>
    <clear />
    <add key=""automations-local"" value=""{SecurityElement.Escape(PackDirectory)}"" />
  </packageSources>
</configuration>
");

        /// <summary>Reads <c>Version</c> from the repository's Directory.Build.targets.</summary>
        public string? RepositoryVersion()
        {
            var file = Path.Combine(RepoRoot, "Directory.Build.targets");
            return File.Exists(file)
                ? XDocument.Load(file).Descendants().FirstOrDefault(e => e.Name.LocalName == "Version" && e.Parent?.Name.LocalName == "PropertyGroup")?.Value.Trim()
                : null;
        }

        /// <inheritdoc />
        public void Dispose()
        {
            try
            {
                Directory.Delete(WorkRoot, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        /// <summary>Walks up from the test assembly's folder to the one that holds Automations.Compiled.sln.</summary>
        public static string FindRepoRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Automations.Compiled.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("No folder holding Automations.Compiled.sln above " + AppContext.BaseDirectory);
        }

        /// <summary>Copies the folder <paramref name="from"/> to <paramref name="to"/>, without build output (bin/, obj/, ...).</summary>
        public static void CopySources(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (var file in Directory.GetFiles(from))
            {
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
            }

            foreach (var dir in Directory.GetDirectories(from))
            {
                var name = Path.GetFileName(dir);
                if (!SkippedFolders.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    CopySources(dir, Path.Combine(to, name));
                }
            }
        }

        private static string? ReadNuspecVersion(string nupkg)
        {
            using var zip = ZipFile.OpenRead(nupkg);
            var nuspec = zip.Entries.FirstOrDefault(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
            if (nuspec is null)
            {
                return null;
            }

            using var stream = nuspec.Open();
            return XDocument.Load(stream).Descendants().FirstOrDefault(e => e.Name.LocalName == "version")?.Value.Trim();
        }
    }
}
