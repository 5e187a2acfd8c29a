using System;
using System.CommandLine;
using System.Threading.Tasks;
using Automations.Compiled.Cli.Commands;

namespace Automations.Compiled.Cli
{
    /// <summary>
    /// The command tree and the exit-code contract: 0 ok, 1 flow errors, a failed run or an internal error, 2 usage errors;
    /// never an unhandled exception.
    /// </summary>
    internal static class FlowCli
    {
        public const int Ok = 0;
        public const int FlowErrors = 1;
        public const int UsageError = 2;

        /// <summary><c>--json</c>: machine-readable output on every command.</summary>
        public static readonly Option<bool> Json = new("--json") { Description = "Write machine-readable JSON instead of text for people.", Recursive = true };

        public static RootCommand Build()
        {
            var root = new RootCommand("flow: check, run, trace, graph and operate Automations.Compiled flows.");
            root.Options.Add(Json);
            foreach (var command in CommandList.All())
            {
                root.Subcommands.Add(command);
            }

            return root;
        }

        public static async Task<int> RunAsync(string[] args)
        {
            // No response files: '@file' is how --input, --trigger and --payload take JSON from a file.
            var parse = Build().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
            if (parse.Errors.Count > 0)
            {
                foreach (var error in parse.Errors)
                {
                    Console.Error.WriteLine("flow: " + OneLine(error.Message));
                }

                Console.Error.WriteLine("Run 'flow --help' for usage.");
                return UsageError;
            }

            try
            {
                // Our handler, not the library's: a usage mistake is one line and exit code 2, never a stack trace.
                return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
            }
            catch (UsageException usage)
            {
                Console.Error.WriteLine("flow: " + usage.Message);
                return UsageError;
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("flow: cancelled.");
                return FlowErrors;
            }
            catch (Exception error)
            {
                // Last resort, for a bug in the tool: one line, not a stack trace (FLOW_DEBUG=1 prints the whole exception).
                Console.Error.WriteLine($"flow: internal error ({error.GetType().Name}): {error.Message.ReplaceLineEndings(" ")} Please report it; set FLOW_DEBUG=1 for the details.");
                if (Environment.GetEnvironmentVariable("FLOW_DEBUG") is { Length: > 0 })
                {
                    Console.Error.WriteLine(error);
                }

                return FlowErrors;
            }
        }

        /// <summary>A parser message on one line: the choices it lists below it ("Must be one of:", then one per line) joined with commas.</summary>
        private static string OneLine(string message)
        {
            var lines = message.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines.Length <= 1 ? message.Trim() : lines[0] + " " + string.Join(", ", lines[1..]);
        }
    }

    /// <summary>A mistake in how the tool was called (a missing file, a bad option value): exit code 2, one line.</summary>
    internal sealed class UsageException : Exception
    {
        public UsageException(string message)
            : base(message)
        {
        }
    }
}
