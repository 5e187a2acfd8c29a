using System;
using System.IO;
using Xunit;

namespace Automations.Compiled.Tests
{
    /// <summary>Finds the shared conformance cases: <c>shared/conformance</c> beside the repository.</summary>
    internal static class SharedConformance
    {
        /// <summary>The path of a file under <c>shared/conformance</c>, e.g. <c>("cron", "dst.jsonl")</c>; fails if missing.</summary>
        public static string PathOf(params string[] parts)
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Automations.Compiled.sln")))
            {
                directory = directory.Parent;
            }

            var path = Path.Combine(directory?.Parent?.FullName ?? "", "shared", "conformance", Path.Combine(parts));
            Assert.True(File.Exists(path), $"The conformance cases are expected at {path} (shared/ beside the repository).");
            return path;
        }
    }
}
