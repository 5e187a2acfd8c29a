using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Automations.Compiled.Json;
using Automations.Compiled.Model;
using Automations.Compiled.Validation;

namespace Automations.Compiled.Cli.Checking
{
    /// <summary>One JSON flow file read by the shared front end and checked by the shared validator, as the analyzer does.</summary>
    internal sealed record FlowFile(string Path, FlowModel Model, IReadOnlyList<FlowDiagnostic> Diagnostics)
    {
        /// <summary>True when the file is not JSON: only its syntax error is reported and there is no flow to draw.</summary>
        public bool Unreadable => IsUnreadable(Model);

        public static FlowFile Load(string path, ActionBinding actions, CancellationToken cancellationToken)
        {
            var text = InputFile.ReadText(path, "The file");
            var model = JsonFlowCompiler.Compile(path, text, rootNamespace: null, actions.CatalogFor(text), cancellationToken);

            // As the analyzer: a file that is not JSON gets its syntax error only, and steps that could not be read are
            // already reported, so "the flow has no steps" would only repeat it.
            IEnumerable<FlowDiagnostic> diagnostics = IsUnreadable(model) ? model.FrontEndDiagnostics : FlowValidator.Validate(model);
            if (!model.FrontEndDiagnostics.IsEmpty)
            {
                diagnostics = diagnostics.Where(d => d.Id != DiagnosticCatalog.EmptyFlow.Id);
            }

            return new FlowFile(path, model, Sorted(diagnostics).ToList());
        }

        private static bool IsUnreadable(FlowModel model) => model.FrontEndDiagnostics.Any(d => d.Id == DiagnosticCatalog.JsonSyntax.Id);

        /// <summary>The files named, folders expanded to every <c>*.flow.json</c> and <c>*.lifecycle.json</c> below them, in ordinal order.</summary>
        public static IReadOnlyList<string> Expand(IEnumerable<string> arguments)
        {
            var files = new List<string>();
            foreach (var argument in arguments)
            {
                if (Directory.Exists(argument))
                {
                    var found = Directory.EnumerateFiles(argument, "*.json", SearchOption.AllDirectories)
                        .Where(f => JsonFlowCompiler.IsFlowFile(f) || LifecycleJsonReader.IsLifecycleFile(f))
                        .Select(f => f.StartsWith("./", StringComparison.Ordinal) ? f.Substring(2) : f)
                        .OrderBy(f => f, StringComparer.Ordinal)
                        .ToList();
                    if (found.Count == 0)
                    {
                        throw new UsageException($"No *{JsonFlowCompiler.Extension} or *{LifecycleJsonReader.Extension} file under '{argument}'.");
                    }

                    files.AddRange(found);
                }
                else if (File.Exists(argument))
                {
                    files.Add(argument);
                }
                else if (argument.StartsWith("-", StringComparison.Ordinal))
                {
                    throw new UsageException($"Unrecognized command or argument '{argument}'.");
                }
                else
                {
                    throw new UsageException($"The file '{argument}' does not exist.");
                }
            }

            return files.Distinct(StringComparer.Ordinal).ToList();
        }

        public static IEnumerable<FlowDiagnostic> Sorted(IEnumerable<FlowDiagnostic> diagnostics)
            => diagnostics
                .OrderBy(d => d.Location?.Path ?? "", StringComparer.Ordinal)
                .ThenBy(d => d.Location?.Start ?? -1)
                .ThenBy(d => d.Id, StringComparer.Ordinal);
    }
}
