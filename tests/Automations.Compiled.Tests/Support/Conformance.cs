using System;
using System.IO;
using Xunit;

namespace Automations.Compiled.Tests
{
    /// <summary>Finds the conformance cases kept in the repository: <c>tests/conformance</c> (sources and licences in its README).</summary>
    internal static class Conformance
    {
        /// <summary>The path of a file under <c>tests/conformance</c>, e.g. <c>("cron", "dst.jsonl")</c>; fails if missing.</summary>
        public static string PathOf(params string[] parts)
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Automations.Compiled.sln")))
            {
                directory = directory.Parent;
            }

            var path = Path.Combine(directory?.FullName ?? "", "tests", "conformance", Path.Combine(parts));
            Assert.True(File.Exists(path), $"The conformance cases are expected at {path} (tests/conformance in the repository).");
            return path;
        }
    }
}
