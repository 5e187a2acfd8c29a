using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Cli.Checking
{
    /// <summary>
    /// Runs the .NET SDK (<c>dotnet build</c>, <c>dotnet msbuild</c>) for <c>flow check</c>, capturing what it prints. A
    /// cancelled check stops the whole process tree, so no build outlives the tool.
    /// </summary>
    internal static class DotnetCommand
    {
        /// <summary>The exit code and what the command printed.</summary>
        public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
        {
            /// <summary>Everything the command printed: stdout, then stderr.</summary>
            public string Output => StandardOutput + StandardError;
        }

        /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> and waits for it.</summary>
        /// <exception cref="UsageException">The SDK cannot be started (<c>dotnet</c> is not on the PATH).</exception>
        public static async Task<Result> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            // No MSBuild node may stay behind the tool's short builds, holding files and memory for a quarter of an hour.
            info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            info.Environment["DOTNET_NOLOGO"] = "1";

            Process process;
            try
            {
                process = Process.Start(info) ?? throw new UsageException($"Could not start 'dotnet {info.ArgumentList[0]}'.");
            }
            catch (Win32Exception error)
            {
                throw new UsageException($"Could not start 'dotnet {info.ArgumentList[0]}' ({error.Message}); flow check needs the .NET SDK on the PATH to build projects, or pass --no-bind.");
            }

            using (process)
            {
                process.StandardInput.Close();
                var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
                try
                {
                    await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    Stop(process);
                    throw;
                }

                return new Result(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
            }
        }

        private static void Stop(Process process)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the cancellation and the kill.
            }
        }
    }
}
