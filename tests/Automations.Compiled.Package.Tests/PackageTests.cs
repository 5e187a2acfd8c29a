using System;
using System.IO;
using System.Linq;
using Xunit;

namespace Automations.Compiled.Package.Tests
{
    /// <summary>
    /// The NuGet package as a user gets it: what is inside, and a fresh console app outside the repository
    /// that references it by version from a local folder, builds a [Flow] class with the packaged generator,
    /// and runs it.
    /// </summary>
    [Trait("Category", "Package")]
    [Collection(PackageCollection.Name)]
    public sealed class PackageTests
    {
        private static readonly string[] RoslynComponents =
        {
            "analyzers/dotnet/cs/Automations.Compiled.Analyzers.dll",
            "analyzers/dotnet/cs/Automations.Compiled.CodeFixes.dll",
            "analyzers/dotnet/cs/Automations.Compiled.Generators.dll",
        };

        private readonly PackedPackage _package;

        /// <summary>Creates the tests over the packed package.</summary>
        public PackageTests(PackedPackage package) => _package = package;

        [Fact]
        public void Pack_MakesOnePackage_WithTheRuntimeLibraryAndTheRoslynComponentsOnly()
        {
            _package.AssertPacked();
            Assert.Equal($"{PackedPackage.PackageId}.{_package.Version}.nupkg", _package.Packages[0]);

            var entries = _package.Entries();
            var listing = "package entries:" + Environment.NewLine + string.Join(Environment.NewLine, entries);
            Assert.True(entries.Contains("lib/net10.0/Automations.Compiled.dll"), "lib/net10.0/Automations.Compiled.dll is missing; " + listing);
            foreach (var component in RoslynComponents)
            {
                Assert.True(entries.Contains(component), component + " is missing; " + listing);
            }

            var analyzerDlls = entries
                .Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal) && e.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                .ToArray();
            Assert.True(
                analyzerDlls.SequenceEqual(RoslynComponents),
                "the analyzers/ folder must hold exactly the generator, the analyzers and the code fixes; " + listing);
        }

        [Fact]
        public void Pack_UsesTheRepositoryVersion()
        {
            _package.AssertPacked();
            var expected = _package.RepositoryVersion();
            Assert.False(string.IsNullOrEmpty(expected), "Directory.Build.targets defines no Version");
            Assert.Equal(expected, _package.Version);
        }

        [Fact]
        public void ConsoleApp_ReferencingThePackage_BuildsAFlowAndRunsIt()
        {
            _package.AssertPacked();
            var version = _package.Version!;
            var app = Path.Combine(_package.WorkRoot, "consumer");
            var packagesFolder = _package.PackagesFolder;
            ConsumerApp.Write(app, _package.PackDirectory, packagesFolder, version);

            var build = Dotnet.Run(app, TimeSpan.FromMinutes(10), "build", "-c", "Release");
            Assert.True(build.Succeeded, "the consumer app did not build:" + Environment.NewLine + build.Describe());

            // The package came from the folder we packed into, into the app's own packages folder.
            var restored = Path.Combine(packagesFolder, PackedPackage.PackageId.ToLowerInvariant(), version.ToLowerInvariant());
            Assert.True(Directory.Exists(restored), "the package was not restored into " + restored + Environment.NewLine + build.Describe());

            // The packaged generator wrote the state machine.
            var generated = Path.Combine(app, "obj", "generated");
            var generatedFiles = Directory.Exists(generated) ? Directory.GetFiles(generated, "*.g.cs", SearchOption.AllDirectories) : Array.Empty<string>();
            Assert.True(
                generatedFiles.Any(f => f.Contains("Automations.Compiled.Generators", StringComparison.Ordinal)),
                "the package's generator produced no source under " + generated + Environment.NewLine + build.Describe());

            var run = Dotnet.Run(app, TimeSpan.FromMinutes(2), "run", "-c", "Release", "--no-build");
            Assert.True(run.Succeeded, "the consumer app failed:" + Environment.NewLine + run.Describe());

            var lines = run.StandardOutput.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
            Assert.True(
                lines.SequenceEqual(ConsumerApp.ExpectedOutput),
                "unexpected output; expected:" + Environment.NewLine + string.Join(Environment.NewLine, ConsumerApp.ExpectedOutput)
                + Environment.NewLine + run.Describe());
        }
    }
}
