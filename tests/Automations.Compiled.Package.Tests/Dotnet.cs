using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;

namespace Automations.Compiled.Package.Tests
{
    /// <summary>What one <c>dotnet</c> command did.</summary>
    public sealed class CommandResult
    {
        internal CommandResult(string commandLine, string workingDirectory, int exitCode, bool timedOut, TimeSpan elapsed, string stdout, string stderr)
        {
            CommandLine = commandLine;
            WorkingDirectory = workingDirectory;
            ExitCode = exitCode;
            TimedOut = timedOut;
            Elapsed = elapsed;
            StandardOutput = stdout;
            StandardError = stderr;
        }

        /// <summary>The command as typed.</summary>
        public string CommandLine { get; }

        /// <summary>Where it ran.</summary>
        public string WorkingDirectory { get; }

        /// <summary>The exit code (-1 when it timed out).</summary>
        public int ExitCode { get; }

        /// <summary>True when it was killed at its time limit.</summary>
        public bool TimedOut { get; }

        /// <summary>How long it ran.</summary>
        public TimeSpan Elapsed { get; }

        /// <summary>Everything it printed on stdout.</summary>
        public string StandardOutput { get; }

        /// <summary>Everything it printed on stderr.</summary>
        public string StandardError { get; }

        /// <summary>True when it exited 0 in time.</summary>
        public bool Succeeded => !TimedOut && ExitCode == 0;

        /// <summary>The full record, for an assertion message.</summary>
        public string Describe()
        {
            var text = new StringBuilder();
            text.Append("$ ").AppendLine(CommandLine);
            text.Append("  (in ").Append(WorkingDirectory).Append(", ")
                .Append(TimedOut ? "TIMED OUT" : "exit code " + ExitCode)
                .Append(" after ").Append(Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)).AppendLine(" s)");
            text.AppendLine("----- stdout -----").AppendLine(StandardOutput.TrimEnd());
            text.AppendLine("----- stderr -----").AppendLine(StandardError.TrimEnd());
            return text.ToString();
        }
    }

    /// <summary>Runs the <c>dotnet</c> CLI as a child process with a time limit, capturing its output.</summary>
    public static class Dotnet
    {
        /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
        public static CommandResult Run(string workingDirectory, TimeSpan timeout, params string[] arguments)
        {
            var start = new ProcessStartInfo(DotnetPath())
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            PrepareEnvironment(start.Environment);

            var commandLine = "dotnet " + string.Join(" ", arguments);
            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            var watch = Stopwatch.StartNew();
            using var process = new Process { StartInfo = start };
            // A null line is the end of the stream: the point up to which the output is complete. Not disposed: a
            // reader that outlives the bounded wait below may still set its event.
            var stdoutClosed = new ManualResetEventSlim();
            var stderrClosed = new ManualResetEventSlim();
            process.OutputDataReceived += (_, e) => Append(stdout, e.Data, stdoutClosed);
            process.ErrorDataReceived += (_, e) => Append(stderr, e.Data, stderrClosed);
            process.Start();
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var timedOut = !process.WaitForExit((int)timeout.TotalMilliseconds);
            if (timedOut)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It exited between the wait and the kill.
                }
            }

            // Lets the asynchronous readers drain; bounded, in case a grandchild still holds the pipes. WaitForExit(int)
            // does not wait for them (only the unbounded WaitForExit() does), and under load the readers lag behind the
            // exit: a snapshot taken then misses the end of the output. Wait for the end of both streams instead.
            process.WaitForExit(30_000);
            var drain = Stopwatch.StartNew();
            var drained = stdoutClosed.Wait(30_000) && stderrClosed.Wait(TimeSpan.FromMilliseconds(Math.Max(0, 30_000 - drain.ElapsedMilliseconds)));
            watch.Stop();
            if (!drained)
            {
                Append(stderr, "(the output may be incomplete: its streams were still open 30 s after the command ended)", null);
            }

            string Snapshot(StringBuilder builder)
            {
                lock (builder)
                {
                    return builder.ToString();
                }
            }

            return new CommandResult(commandLine, workingDirectory, timedOut ? -1 : process.ExitCode, timedOut, watch.Elapsed, Snapshot(stdout), Snapshot(stderr));
        }

        private static void Append(StringBuilder builder, string? line, ManualResetEventSlim? closed)
        {
            if (line is null)
            {
                closed?.Set();
                return;
            }

            lock (builder)
            {
                builder.AppendLine(line);
            }
        }

        private static string DotnetPath()
        {
            // DOTNET_HOST_PATH is set by the SDK for the processes it starts (the test host among them).
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
        }

        private static void PrepareEnvironment(IDictionary<string, string?> environment)
        {
            // The test runs under 'dotnet test', which hands MSBuild settings to its children; a nested build
            // must start clean, or it may pick up the outer build's SDK paths and nodes.
            var inherited = new List<string>();
            foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            {
                inherited.Add((string)entry.Key);
            }

            foreach (var name in inherited)
            {
                if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                    || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                    || name.Equals("MSBuildSDKsPath", StringComparison.OrdinalIgnoreCase)
                    || name.Equals("MSBuildExtensionsPath", StringComparison.OrdinalIgnoreCase))
                {
                    environment.Remove(name);
                }
            }

            environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            environment["DOTNET_NOLOGO"] = "1";
            environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
            environment["DOTNET_CLI_UI_LANGUAGE"] = "en";

            // No process may outlive the command: leftover MSBuild nodes or a compiler server would keep
            // the output pipes open and collide with builds the developer runs next.
            environment["MSBUILDDISABLENODEREUSE"] = "1";
            environment["UseSharedCompilation"] = "false";
            environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        }
    }
}
