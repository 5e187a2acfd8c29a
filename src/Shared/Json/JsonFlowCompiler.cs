using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using Automations.Compiled.Model;
using Automations.Compiled.Validation;

namespace Automations.Compiled.Json
{
    /// <summary>The JSON front end: a <c>*.flow.json</c> file and the project's actions in, the shared <see cref="FlowModel"/> out.</summary>
    internal static class JsonFlowCompiler
    {
        public const string Extension = ".flow.json";

        public static bool IsFlowFile(string path) => path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase);

        /// <summary>Reads and binds one flow file; every problem is in <see cref="FlowModel.FrontEndDiagnostics"/>. Never throws.</summary>
        /// <remarks><paramref name="policies"/>: the project's action policy files (<c>flow-policy.json</c>); the nearest one to the flow file applies.</remarks>
        public static FlowModel Compile(string path, string text, string? rootNamespace, ActionCatalog catalog, CancellationToken cancellationToken, IEnumerable<ActionPolicyFile>? policies = null)
        {
            var diagnostics = new List<FlowDiagnostic>();
            var source = new JsonText(path, text);
            FlowModel model;
            try
            {
                var document = JsonFlowReader.Read(source, text, diagnostics);
                model = document is null
                    ? Unreadable(path, source)
                    : JsonFlowBinder.Bind(document, source, rootNamespace, catalog, diagnostics, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception error)
            {
                model = Unreadable(path, source);
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.FrontEndFailure, source.Span(0, 0), Path.GetFileName(path), error.GetType().Name + ": " + error.Message));
            }

            if (model.Id.Length == 0)
            {
                model = model with { TypeName = JsonFlowBinder.ClassNameOf(Stem(path)) };
            }

            var policy = policies is null || model.Id.Length == 0 ? null : ActionPolicyFile.For(path, model.Id, policies);
            return model with { SourceKey = Key(path), Policy = policy, FrontEndDiagnostics = diagnostics.ToEquatableArray() };
        }

        private static FlowModel Unreadable(string path, JsonText source)
            => new() { Origin = FlowOrigin.Json, TypeName = JsonFlowBinder.ClassNameOf(Stem(path)), TypeDeclaration = "public sealed partial class", Location = source.Span(0, 0) };

        private static string Stem(string path)
        {
            var name = Path.GetFileName(path);
            return IsFlowFile(name) ? name.Substring(0, name.Length - Extension.Length) : name;
        }

        /// <summary>FNV-1a of the path: stable across builds of one checkout, short enough for a file name.</summary>
        internal static string Key(string path)
        {
            var hash = 2166136261u;
            foreach (var c in path.Replace('\\', '/'))
            {
                hash = (hash ^ c) * 16777619u;
            }

            return hash.ToString("x8", CultureInfo.InvariantCulture);
        }
    }
}
