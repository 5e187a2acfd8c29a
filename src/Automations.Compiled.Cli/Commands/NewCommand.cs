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
            var force = new Option<bool>("--force") { Description = "Overwrite existing files." };
            var noScenario = new Option<bool>("--no-scenario") { Description = "Write the flow only, without its <name>.scenario.json for 'flow test'." };
            var command = new Command("new", "Scaffold a flow JSON file with $schema set, and a scenario test beside it.") { name, output, force, noScenario };
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
                var scenario = result.GetValue(noScenario) ? null : Path.Combine(folder, id + ".scenario.json");

                // Both files are checked before either is written: a refusal leaves nothing half made.
                foreach (var file in scenario is null ? [path] : new[] { path, scenario })
                {
                    if (Directory.Exists(file))
                    {
                        throw new UsageException($"{file} is a folder; remove it or write elsewhere with --output.");
                    }

                    if (File.Exists(file) && !result.GetValue(force))
                    {
                        throw new UsageException($"{file} exists already; use --force to overwrite it.");
                    }
                }

                try
                {
                    File.WriteAllText(path, Template(id));
                    if (scenario is not null)
                    {
                        File.WriteAllText(scenario, ScenarioTemplate(id));
                    }
                }
                catch (Exception error) when (error is IOException or UnauthorizedAccessException)
                {
                    throw new UsageException($"Cannot write in {folder}: {error.Message}");
                }

                var text = scenario is null ? $"Created {path}" : $"Created {path}\nCreated {scenario} (run it with: flow test {scenario})";
                Output.Result(result, text, new { file = path, id, scenario });
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

        /// <summary>A scenario of the template flow that passes as written, and shows a fake and a failing try.</summary>
        private static string ScenarioTemplate(string id) => $$"""
            {
              "flow": "{{id}}.flow.json",
              "scenarios": [
                {
                  "name": "greets by name",
                  "inputs": { "name": "Ada" },
                  "expect": {
                    "status": "Completed",
                    "steps": [ "greet #1 succeeded -> success" ]
                  }
                },
                {
                  "name": "a failing greeting fails the run",
                  "inputs": { "name": "Ada" },
                  "actions": { "greet": { "fails": "the console is gone" } },
                  "expect": {
                    "status": "Failed",
                    "steps": [ "greet #1 failed" ],
                    "error": { "step": "greet", "contains": "console is gone" }
                  }
                }
              ]
            }

            """;
    }
}