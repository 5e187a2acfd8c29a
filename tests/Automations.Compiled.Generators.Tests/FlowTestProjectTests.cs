using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>The project the testing packages compile references this machine's framework and never goes to NuGet.</summary>
    public sealed class FlowTestProjectTests
    {
        [Fact]
        public async Task The_reference_assemblies_are_the_framework_the_tests_run_on()
        {
            var packages = FlowTestProject.ReferenceAssemblies;

            // Nothing to download: no reference pack, no package, and so nothing resolved from NuGet.
            Assert.Null(packages.ReferenceAssemblyPackage);
            Assert.Empty(packages.Packages);
            Assert.Empty(await packages.ResolveAsync(LanguageNames.CSharp, CancellationToken.None));

            var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            var files = TestCompilation.References.OfType<PortableExecutableReference>().Select(r => r.FilePath!).ToList();
            Assert.Contains(files, f => Path.GetFileName(f) == "System.Runtime.dll" && Path.GetDirectoryName(f) == framework);
            Assert.Contains(files, f => Path.GetFileName(f) == "Automations.Compiled.dll");
        }
    }
}
