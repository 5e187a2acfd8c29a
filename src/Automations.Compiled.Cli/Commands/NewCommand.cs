using System;
using System.CommandLine;
using System.IO;
using System.Text.RegularExpressions;

namespace Automations.Compiled.Cli.Commands
{
    /// <summary><c>flow new &lt;name&gt;</c>: a flow file with <c>$schema</c> set, ready to edit.</summary>
    internal static class NewCommand
    {
        private static readonly Regex Id = new("^[a-z][a-z0-9-]*$", RegexOptions.CultureInvariant);

        public static Command Create()
        {
            var name = new Argument<string>("name") { Description = "The flow id (lowercase letters, digits, dashes); the file is <name>.flow.json." };
            var output = new Option<string?>("--output", "-o") { Description = "The folder to write to (default: the current folder)." };
            var force = new Option<bool>("--force") { Description = "Overwrite an existing file." };
            var command = new Command("new", "Scaffold a flow JSON file with $schema set.") { name, output, force };
            command.SetAction(result =>
            {
                var id = result.GetValue(name)!;
                if (!Id.IsMatch(id))
                {
                    throw new UsageException($"'{id}' is not a flow id: use lowercase letters, digits and dashes, starting with a letter (e.g. order-processing).");
                }

                var folder = result.GetValue(output) ?? Directory.GetCurrentDirectory();
                if (!Directory.Exists(folder))
                {
                    throw new UsageException(File.Exists(folder) ? $"--output '{folder}' is a file; give the folder to write to." : $"The folder '{folder}' does not exist.");
                }

                var path = Path.Combine(folder, id + ".flow.json");
                if (Directory.Exists(path))
                {
                    throw new UsageException($"{path} is a folder; remove it or write elsewhere with --output.");
                }
                if (File.Exists(path) && !result.GetValue(force))
                {
                    throw new UsageException($"{path} exists already; use --force to overwrite it.");
                }

                try
                {
                    File.WriteAllText(path, Template(id));
                }
                catch (Exception error) when (error is IOException or UnauthorizedAccessException)
                {
                    throw new UsageException($"Cannot write {path}: {error.Message}");
                }

                Output.Result(result, $"Created {path}", new { file = path, id });
                return FlowCli.Ok;
            });
            return command;
        }

        internal const string SchemaUrl = "https://raw.githubusercontent.com/automations-compiled/automations-compiled/main/src/Automations.Compiled/schema/flow.schema.json";

        private static string Template(string id) => $$"""
            {
              "$schema": "{{SchemaUrl}}",
              "id": "{{id}}",
              "description": "What this flow does.",
              "trigger": { "type": "manual" },
              "inputs": { "name": { "type": "string", "description": "Who to greet." } },
              "steps": [
                { "id": "greet", "type": "action", "action": "log", "inputs": { "message": "Hello {!inputs.name}" } }
              ]
            }

            """;
    }
}
