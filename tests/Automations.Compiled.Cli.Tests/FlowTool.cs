using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace Automations.Compiled.Cli.Tests
{
    /// <summary>What one run of the tool printed and returned.</summary>
    internal sealed record ToolResult(int ExitCode, string Out, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
    }

    /// <summary>Runs the built <c>flow</c> tool as a separate process, as a user or a CI script would.</summary>
    internal static class FlowTool
    {
        private static string Configuration => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

        public static string Dll => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Automations.Compiled.Cli", "bin", Configuration, "net10.0", "flow.dll"));

        public static Task<ToolResult> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, null, args);

        /// <summary>Runs the tool with <paramref name="environment"/> added to its environment variables (secrets, for one).</summary>
        public static async Task<ToolResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
        {
            Assert.True(File.Exists(Dll), $"the flow tool is not built at {Dll}");
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
            info.ArgumentList.Add(Dll);
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            info.Environment["NO_COLOR"] = "1";
            foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            {
                info.Environment[name] = value;
            }

            using var process = Process.Start(info)!;
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"flow {string.Join(' ', args)} did not exit within 2 minutes");
            }

            return new ToolResult(process.ExitCode, await output, await error);
        }
    }

    /// <summary>A temporary folder a test works in.</summary>
    internal sealed class Workspace : IDisposable
    {
        public Workspace()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "flow-cli-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public string Write(string name, string text)
        {
            System.IO.File.WriteAllText(File(name), text);
            return File(name);
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
