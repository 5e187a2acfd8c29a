using System;
using System.IO;

namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>Prints a line of figures and appends it to a markdown table under the artifacts folder.</summary>
    internal static class DurableFigures
    {
        /// <summary>Set by <see cref="Program"/>; child processes of BenchmarkDotNet inherit it.</summary>
        public const string ArtifactsVariable = "AUTOMATIONS_BENCH_ARTIFACTS";

        /// <summary>Appends <paramref name="row"/> to <c>durable/&lt;file&gt;</c>, writing <paramref name="header"/> first when the file is new.</summary>
        public static string Append(string file, string header, string row)
        {
            var root = Environment.GetEnvironmentVariable(ArtifactsVariable) is { Length: > 0 } set
                ? set
                : Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts");
            var folder = Path.Combine(root, "durable");
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, file);
            if (!File.Exists(path))
            {
                File.WriteAllText(path, header + Environment.NewLine);
            }

            File.AppendAllText(path, row + Environment.NewLine);
            Console.WriteLine(header);
            Console.WriteLine(row);
            Console.WriteLine($"(appended to {path})");
            return path;
        }
    }
}
