using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Automations.Compiled.Benchmarks
{
    /// <summary>
    /// Entry point. <c>--quick</c> runs every benchmark (or those matched by --filter) once, in process, with a
    /// one-iteration job: a smoke test that the benchmarks build, set up and run, asserting nothing about
    /// timings. <c>--durable-report</c> measures the hosted figures (runs/s, commits per run, latency, waiting runs)
    /// outside BenchmarkDotNet and writes them to <c>BenchmarkDotNet.Artifacts/durable/report.md</c>;
    /// <c>--scale-out-report</c> measures 1, 2 and 4 host processes on one PostgreSQL journal. Anything else goes
    /// to BenchmarkSwitcher as usual (e.g. <c>--filter '*HotPath*'</c>).
    /// </summary>
    public static class Program
    {
        /// <summary>
        /// True in <c>--quick</c> mode, for benchmarks whose parameters would make a smoke run slow (read by
        /// <c>[ParamsSource]</c> members, which BenchmarkDotNet evaluates in this process).
        /// </summary>
        public static bool Quick { get; private set; }

        /// <summary>Runs the benchmarks; returns non-zero when one failed.</summary>
        public static int Main(string[] args)
        {
            var quick = args.Contains("--quick", StringComparer.Ordinal);
            Quick = quick;
            var rest = args.Where(a => !string.Equals(a, "--quick", StringComparison.Ordinal)).ToArray();

            // The hosted benchmarks write their extra figures there, also from BenchmarkDotNet's child processes.
            Environment.SetEnvironmentVariable(Durable.DurableFigures.ArtifactsVariable, ArtifactsPath());
            if (rest.Contains("--durable-report", StringComparer.Ordinal))
            {
                return Durable.DurableReport.RunAsync(rest, ArtifactsPath()).GetAwaiter().GetResult();
            }

            if (rest.Contains(Durable.ScaleOutReport.HostFlag, StringComparer.Ordinal))
            {
                return Durable.ScaleOutReport.HostAsync(rest).GetAwaiter().GetResult();
            }

            if (rest.Contains("--scale-out-report", StringComparer.Ordinal))
            {
                return Durable.ScaleOutReport.RunAsync(rest, ArtifactsPath()).GetAwaiter().GetResult();
            }

            var switcher = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly);

            if (!quick)
            {
                return Failed(switcher.Run(rest, DefaultConfig.Instance.WithArtifactsPath(ArtifactsPath())).ToList()) ? 1 : 0;
            }

            var clock = Stopwatch.StartNew();
            var job = Job.Dry
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithId("Quick");
            var config = ManualConfig.CreateMinimumViable()
                .AddJob(job)
                .WithArtifactsPath(ArtifactsPath())
                // Quick mode is a smoke test: it may run from a Debug build, and checks no numbers.
                .WithOptions(ConfigOptions.DisableOptimizationsValidator);
            if (!rest.Any(a => a.StartsWith("--filter", StringComparison.Ordinal) || a == "-f"))
            {
                rest = rest.Concat(new[] { "--filter", "*" }).ToArray();
            }

            var summaries = switcher.Run(rest, config).ToList();
            var failed = Failed(summaries);
            Console.WriteLine($"Quick mode: {summaries.Sum(s => s.BenchmarksCases.Length)} benchmark cases, {(failed ? "FAILED" : "all ran")} in {clock.Elapsed.TotalSeconds:0.0} s.");
            return failed ? 1 : 0;
        }

        private static string ArtifactsPath()
            => Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts");

        private static bool Failed(IReadOnlyList<Summary> summaries)
        {
            if (summaries.Count == 0)
            {
                Console.Error.WriteLine("No benchmark ran.");
                return true;
            }

            var failed = false;
            foreach (var summary in summaries)
            {
                if (summary.HasCriticalValidationErrors)
                {
                    Console.Error.WriteLine($"{summary.Title}: critical validation errors.");
                    failed = true;
                }

                foreach (var benchmark in summary.BenchmarksCases)
                {
                    var report = summary[benchmark];
                    if (report is null || !report.Success || report.ResultStatistics is null)
                    {
                        Console.Error.WriteLine($"{benchmark.DisplayInfo}: did not run to the end.");
                        failed = true;
                    }
                }
            }

            return failed;
        }
    }
}
