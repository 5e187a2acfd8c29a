using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Automations.Compiled.Json;
using Automations.Compiled.Model;
using Automations.Compiled.Validation;

namespace Automations.Compiled.Cli.Checking
{
    /// <summary>
    /// One <c>*.lifecycle.json</c> template read by the shared front end and checked by the shared validator, as the
    /// generator does. The rules that need the project (the actions' flows, AUTO6008-AUTO6009, and the entity type,
    /// AUTO6011) are not applied: a file does not show the project's C# flows and types.
    /// </summary>
    internal sealed record LifecycleFile(string Path, LifecycleModel Model, IReadOnlyList<FlowDiagnostic> Diagnostics)
    {
        internal const string SkippedProjectRules = "Lifecycle rules that need the project not checked (AUTO6008-AUTO6009 the actions' flows, AUTO6011 the entity type): a build checks them; pass --project <csproj> to build it.";

        /// <summary>True when the file is not JSON: only its syntax error is reported and there is no template to draw.</summary>
        public bool Unreadable => Model.FrontEndDiagnostics.Any(d => d.Id == DiagnosticCatalog.JsonSyntax.Id);

        public bool HasErrors => Diagnostics.Any(d => d.Severity == FlowSeverity.Error);

        public static bool Is(string path) => LifecycleJsonReader.IsLifecycleFile(path);

        public static LifecycleFile Load(string path, CancellationToken cancellationToken)
        {
            var model = LifecycleJsonReader.Compile(path, InputFile.ReadText(path, "The file"), rootNamespace: null, cancellationToken);
            var file = new LifecycleFile(path, model, new List<FlowDiagnostic>());
            IEnumerable<FlowDiagnostic> diagnostics = file.Unreadable ? model.FrontEndDiagnostics : LifecycleValidator.Validate(model);
            return file with { Diagnostics = FlowFile.Sorted(diagnostics).ToList() };
        }
    }
}
