using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Automations.Compiled.Model;
using Automations.Compiled.Text;
using Automations.Compiled.Validation;

namespace Automations.Compiled.Json
{
    /// <summary>
    /// The JSON front end of lifecycle templates: a <c>*.lifecycle.json</c> file in, the shared
    /// <see cref="LifecycleModel"/> out, with every problem at its property. Never throws.
    /// </summary>
    internal sealed class LifecycleJsonReader : JsonObjectReader
    {
        public const string Extension = ".lifecycle.json";

        private static readonly string[] TemplateProperties = { "$schema", "lifecycle", "description", "namespace", "class", "entity", "states", "actions" };
        private static readonly string[] StateProperties = { "name", "final", "description" };
        private static readonly string[] ActionProperties = { "name", "reference", "priority", "access", "flow", "from", "transit", "to", "error", "note" };
        private static readonly string[] AccessLevels = { "User", "Manager", "Root" };

        private LifecycleJsonReader(JsonText text, List<FlowDiagnostic> diagnostics)
            : base(text, diagnostics)
        {
        }

        public static bool IsLifecycleFile(string path) => path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase);

        /// <summary>Reads one template file; every problem is in <see cref="LifecycleModel.FrontEndDiagnostics"/>.</summary>
        public static LifecycleModel Compile(string path, string text, string? rootNamespace, CancellationToken cancellationToken)
        {
            var diagnostics = new List<FlowDiagnostic>();
            var source = new JsonText(path, text);
            var fallback = new LifecycleModel { Origin = FlowOrigin.Json, TypeName = ClassNameOf(Stem(path)), TypeDeclaration = "public sealed partial class", Location = source.Span(0, 0) };
            LifecycleModel model;
            try
            {
                var (root, error) = JsonReader.Read(text);
                cancellationToken.ThrowIfCancellationRequested();
                if (error is not null)
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.JsonSyntax, source.Span(error.Span), error.Message));
                    model = fallback;
                }
                else if (root is not JsonObject template)
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.JsonWrongType, source.Span(root!.Span), "the lifecycle file", "an object", JsonFlowReader.Describe(root)));
                    model = fallback;
                }
                else
                {
                    model = new LifecycleJsonReader(source, diagnostics).ReadTemplate(template, fallback, rootNamespace);
                }
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception error)
            {
                model = fallback;
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.FrontEndFailure, source.Span(0, 0), Path.GetFileName(path), error.GetType().Name + ": " + error.Message));
            }

            return model with { SourceKey = JsonFlowCompiler.Key(path), FrontEndDiagnostics = diagnostics.ToEquatableArray() };
        }

        /// <summary>"server-json" → <c>ServerJsonLifecycle</c>.</summary>
        internal static string ClassNameOf(string id)
        {
            var name = JsonFlowBinder.ClassNameOf(id);
            return (name.EndsWith("Flow", StringComparison.Ordinal) ? name.Substring(0, name.Length - 4) : name) + "Lifecycle";
        }

        private static string Stem(string path)
        {
            var name = Path.GetFileName(path);
            return IsLifecycleFile(name) ? name.Substring(0, name.Length - Extension.Length) : name;
        }

        private LifecycleModel ReadTemplate(JsonObject template, LifecycleModel fallback, string? rootNamespace)
        {
            CheckProperties(template, "The lifecycle", TemplateProperties);
            var model = fallback with { Location = _text.Span(template.Span.Start, template.Span.Start + 1) };
            if (String(template, "lifecycle", "the lifecycle", required: true, hint: ": its id, such as \"server\"") is { } id)
            {
                model = model with { Id = id.Value, IdLocation = _text.Span(id.Span), TypeName = ClassNameOf(id.Value) };
                if (id.Value.Trim().Length == 0 || id.Value.Trim() != id.Value)
                {
                    Invalid(id, "lifecycle", "give the template a non-empty id without leading or trailing spaces, such as \"server\"");
                }
            }

            model = model with { Description = String(template, "description", "the lifecycle")?.Value, Namespace = rootNamespace };
            if (String(template, "namespace", "the lifecycle") is { } ns)
            {
                if (ns.Value.Split('.').All(JsonFlowReader.IsIdentifier))
                {
                    model = model with { Namespace = ns.Value };
                }
                else
                {
                    Invalid(ns, "namespace", "write a C# namespace such as 'Shop.Lifecycles'");
                }
            }

            if (String(template, "class", "the lifecycle") is { } className)
            {
                if (JsonFlowReader.IsIdentifier(className.Value))
                {
                    model = model with { TypeName = className.Value };
                }
                else
                {
                    Invalid(className, "class", "write a C# class name such as 'ServerLifecycle'");
                }
            }

            if (String(template, "entity", "the lifecycle", required: true, hint: ": the full name of the entity class, such as \"Shop.Order\"") is { } entity)
            {
                if (entity.Value.Split('.').All(JsonFlowReader.IsIdentifier))
                {
                    model = model with { EntityType = "global::" + entity.Value, EntityTypeLocation = _text.Span(entity.Span) };
                }
                else
                {
                    Invalid(entity, "entity", "write the full name of a C# class, such as \"Shop.Order\"");
                }
            }

            var states = new List<LifecycleStateModel>();
            if (Array(template, "states", "the lifecycle", ": the states an entity can be in, such as [\"Stopped\", \"Running\"]") is { } stateArray)
            {
                foreach (var item in stateArray.Items)
                {
                    if (ReadState(item) is { } state)
                    {
                        states.Add(state);
                    }
                }
            }

            var actions = new List<LifecycleActionModel>();
            if (Array(template, "actions", "the lifecycle", ": the actions that move an entity from state to state") is { } actionArray)
            {
                foreach (var item in actionArray.Items)
                {
                    if (item is JsonObject action)
                    {
                        actions.Add(ReadAction(action));
                    }
                    else
                    {
                        WrongType(item, "actions", "an array of action objects");
                    }
                }
            }

            return model with { States = states.ToEquatableArray(), Actions = actions.ToEquatableArray() };
        }

        private LifecycleStateModel? ReadState(JsonNode item)
        {
            if (item is JsonString name)
            {
                return new LifecycleStateModel(name.Value, false, null, _text.Span(name.Span));
            }

            if (item is not JsonObject state)
            {
                WrongType(item, "states", "an array of state names or {\"name\": ..., \"final\": true} objects");
                return null;
            }

            CheckProperties(state, "A state", StateProperties);
            var named = String(state, "name", "a state", required: true, hint: "");
            var final = false;
            if (state.Find("final")?.Value is { } finalNode)
            {
                if (finalNode is JsonBool flag)
                {
                    final = flag.Value;
                }
                else
                {
                    WrongType(finalNode, "final", "true or false");
                }
            }

            return named is null ? null : new LifecycleStateModel(named.Value, final, String(state, "description", "a state")?.Value, _text.Span(named.Span));
        }

        private LifecycleActionModel ReadAction(JsonObject action)
        {
            CheckProperties(action, "An action", ActionProperties);
            var name = String(action, "name", "an action", required: true, hint: ": the name people see, such as \"Start\"");
            var reference = String(action, "reference", "an action");
            var from = String(action, "from", "an action");
            var transit = String(action, "transit", "an action");
            var to = String(action, "to", "an action");
            var error = String(action, "error", "an action");
            var flow = String(action, "flow", "an action");
            var access = 0;
            if (String(action, "access", "an action") is { } level)
            {
                access = System.Array.FindIndex(AccessLevels, l => string.Equals(l, level.Value, StringComparison.OrdinalIgnoreCase));
                if (access < 0)
                {
                    Invalid(level, "access", "use \"User\", \"Manager\" or \"Root\"");
                    access = 0;
                }
            }

            var priority = 0;
            if (action.Find("priority")?.Value is { } priorityNode)
            {
                if (priorityNode is JsonNumber number && int.TryParse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                {
                    priority = value;
                }
                else
                {
                    WrongType(priorityNode, "priority", "a whole number");
                }
            }

            return new LifecycleActionModel
            {
                Name = name?.Value ?? "",
                Reference = Blank(reference?.Value),
                Priority = priority,
                Access = access,
                From = Blank(from?.Value),
                Transit = Blank(transit?.Value),
                To = Blank(to?.Value),
                Error = Blank(error?.Value),
                Flow = Blank(flow?.Value) is { } flowId ? new LifecycleFlowReference(flowId, ByType: false, _text.Span(flow!.Span)) : null,
                Note = String(action, "note", "an action")?.Value,
                Location = _text.Span(action.Span.Start, action.Span.Start + 1),
                NameLocation = name is null ? null : _text.Span(name.Span),
                ReferenceLocation = reference is null ? null : _text.Span(reference.Span),
                FromLocation = from is null ? null : _text.Span(from.Span),
                TransitLocation = transit is null ? null : _text.Span(transit.Span),
                ToLocation = to is null ? null : _text.Span(to.Span),
                ErrorLocation = error is null ? null : _text.Span(error.Span),
            };
        }

        private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

        private JsonArray? Array(JsonObject owner, string name, string ownerName, string hint)
        {
            var value = owner.Find(name)?.Value;
            if (value is null)
            {
                Missing(owner.Span.Start, Naming.Capitalize(ownerName), name, hint);
                return null;
            }

            if (value is JsonArray array)
            {
                return array;
            }

            WrongType(value, name, "an array");
            return null;
        }
    }
}
