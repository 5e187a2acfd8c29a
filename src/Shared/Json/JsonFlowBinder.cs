using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Automations.Compiled.Cel;
using Automations.Compiled.Model;
using Automations.Compiled.Text;
using Automations.Compiled.Validation;

namespace Automations.Compiled.Json
{
    /// <summary>
    /// Turns a read flow file into the shared <see cref="FlowModel"/>: binds action steps to <c>[FlowAction]</c> methods,
    /// type-checks and compiles every CEL expression and value to C#, and writes the members the state machine calls
    /// (one method per step that computes something) into <see cref="FlowModel.Members"/>. The emitter then treats
    /// the flow exactly like a C# one. Never throws.
    /// </summary>
    internal sealed partial class JsonFlowBinder
    {
        private const string Rt = "global::Automations.Compiled";
        private const string Generic = "global::System.Collections.Generic";

        private static readonly CelObjectShape TriggerShape = TriggerCondition.Shape;

        private static readonly CelObjectShape DecisionShape = new(
            "global::Automations.Compiled.ApprovalDecision",
            new EquatableArray<CelField>(new[]
            {
                new CelField("approved", "Approved", CelType.Bool, "bool"),
                new CelField("by", "By", CelType.String, "string"),
                new CelField("comment", "Comment", CelType.Dyn, "string"),
            }));

        private static readonly CelType RecordCelType = CelType.Map(CelType.String, CelType.Dyn);

        private readonly JsonFlowDocument _document;
        private readonly JsonText _text;
        private readonly ActionCatalog _catalog;
        private readonly List<FlowDiagnostic> _diagnostics;
        private readonly CancellationToken _cancellationToken;

        /// <summary>The reader's property checks (kinds, durations, unknown properties), for the parts only the binder reads.</summary>
        private readonly JsonFlowReader _checks;
        private readonly List<CelObjectShape> _shapes = new();
        private readonly List<JsonStep> _steps = new();
        private readonly Dictionary<string, JsonStep> _byId = new(StringComparer.Ordinal);
        private readonly Dictionary<string, VariableModel> _variables = new(StringComparer.Ordinal);
        private readonly Dictionary<string, CelType> _variableTypes = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, string> _hosts = new(StringComparer.Ordinal);
        private readonly List<string> _members = new();
        private readonly List<ActionCallModel> _calls = new();
        private string _flowType = "";
        private string? _inputType;
        private string? _inputDeclaration;
        private CelType? _inputCelType;

        private JsonFlowBinder(JsonFlowDocument document, JsonText text, ActionCatalog catalog, List<FlowDiagnostic> diagnostics, CancellationToken cancellationToken)
        {
            _document = document;
            _text = text;
            _catalog = catalog;
            _diagnostics = diagnostics;
            _cancellationToken = cancellationToken;
            _checks = new JsonFlowReader(text, diagnostics);
        }

        public static FlowModel Bind(JsonFlowDocument document, JsonText text, string? rootNamespace, ActionCatalog catalog, List<FlowDiagnostic> diagnostics, CancellationToken cancellationToken)
            => new JsonFlowBinder(document, text, catalog, diagnostics, cancellationToken).BindFlow(rootNamespace);

        private FlowModel BindFlow(string? rootNamespace)
        {
            var ns = _document.Namespace ?? (string.IsNullOrWhiteSpace(rootNamespace) ? null : rootNamespace);
            var typeName = _document.ClassName ?? ClassNameOf(_document.Id);
            _flowType = "global::" + (ns is null ? "" : ns + ".") + typeName;
            _shapes.AddRange(_catalog.Shapes);
            _shapes.Add(TriggerShape);
            _shapes.Add(DecisionShape);

            BindInputs();
            BindVariables();
            foreach (var step in Walk())
            {
                _steps.Add(step);
                if (!_byId.ContainsKey(step.Id))
                {
                    _byId[step.Id] = step;
                }
            }

            foreach (var step in _steps)
            {
                DeclareOutput(step);
            }

            // Item types come from the items expressions, which may read outer items: document order is outer first.
            foreach (var step in _steps.Where(s => s.Kind == StepKind.ForEach))
            {
                DeclareItems(step);
            }

            var root = new ScopeModel(null, _document.Steps.Select(BindStep).ToEquatableArray());
            var standalone = _document.Standalone.Select(scope => new ScopeModel(scope[0].Id, scope.Select(BindStep).ToEquatableArray())).ToEquatableArray();
            return new FlowModel
            {
                Id = _document.Id,
                Version = _document.Version,
                Description = _document.Description,
                Origin = FlowOrigin.Json,
                Namespace = ns,
                TypeName = typeName,
                TypeDeclaration = "public sealed partial class",
                InputType = _inputType,
                Surface = new[] { _inputDeclaration, _hosts.Count > 0 ? Constructor(typeName) : null }.Concat(_llmOutputs).Where(m => m is not null).Select(m => m!).ToEquatableArray(),
                Journal = _document.Journal,
                StepBudget = _document.StepBudget,
                GotoHopBudget = _document.GotoHopBudget,
                MaxSubflowDepth = _document.MaxSubflowDepth,
                Variables = _document.Variables.Select(v => _variables[v.Name]).ToEquatableArray(),
                Roles = _document.Roles.ToEquatableArray(),
                Root = root,
                Standalone = standalone,
                Trigger = _document.Trigger,
                Safeguards = _document.Safeguards with { Calls = _calls.ToEquatableArray() },
                Members = _members.ToEquatableArray(),
                Location = _text.Span(_document.IdSpan),
            };
        }

        private IEnumerable<JsonStep> Walk()
        {
            IEnumerable<JsonStep> Visit(IEnumerable<JsonStep> steps)
            {
                foreach (var step in steps)
                {
                    yield return step;
                    foreach (var endpoint in step.Endpoints.Where(e => e.Steps is not null))
                    {
                        foreach (var nested in Visit(endpoint.Steps!))
                        {
                            yield return nested;
                        }
                    }
                }
            }

            return Visit(_document.Steps.Concat(_document.Standalone.SelectMany(s => s))).OrderBy(s => s.Ordinal);
        }

        // ---- inputs, variables, outputs ------------------------------------------------------------------

        private void BindInputs()
        {
            if (_document.Inputs.Count == 0)
            {
                return;
            }

            _inputType = _flowType + ".Input";
            var fields = new List<CelField>();
            var members = new HashSet<string>(StringComparer.Ordinal);
            var code = new StringBuilder();
            code.Append("/// <summary>The inputs of flow '").Append(Xml(_document.Id)).Append("' (<c>inputs.*</c> in its expressions).</summary>\n");
            code.Append("public sealed class Input\n{\n");
            foreach (var input in _document.Inputs)
            {
                var member = Naming.Capitalize(input.Name);
                if (!members.Add(member) || member == "Input")
                {
                    _diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.JsonInvalidValue, _text.Span(input.NameSpan), input.Name, $"its C# property would be '{member}', which another input or the class already uses; rename it"));
                    continue;
                }

                var clr = CelCSharp.TypeName(input.Type);
                fields.Add(new CelField(input.Name, member, input.Type, clr));
                code.Append("    /// <summary><c>inputs.").Append(Xml(input.Name)).Append("</c> (").Append(Xml(input.Type.ToString())).Append(')');
                if (input.Description is { Length: > 0 } description)
                {
                    // One line: a line break in the description would end the doc comment.
                    code.Append(": ").Append(Xml(description.Replace("\r", " ").Replace("\n", " ").TrimEnd('.', ' ')));
                }

                code.Append(".</summary>\n");
                code.Append("    public ").Append(clr).Append(' ').Append(member).Append(" { get; init; }").Append(clr.EndsWith("?", StringComparison.Ordinal) || IsValueType(input.Type) ? "" : " = default!;").Append('\n');
            }

            code.Append('}');
            _inputDeclaration = code.ToString();
            _inputCelType = CelType.Object(_inputType);
            _shapes.Add(new CelObjectShape(_inputType, fields.ToEquatableArray()));
        }

        private void BindVariables()
        {
            foreach (var variable in _document.Variables)
            {
                var model = new VariableModel(variable.Name, CelCSharp.TypeName(variable.Type), _text.Span(variable.NameSpan));
                if (variable.Default is { } initial)
                {
                    var compiled = Constant(initial, new CelTarget(variable.Type, model.Type), "default of variable '" + variable.Name + "'");
                    if (compiled is not null)
                    {
                        model = model with { Initializer = compiled.Prelude.Length == 0 ? compiled.Expression : $"((global::System.Func<{model.Type}>)(() => {{ {compiled.Prelude} return {compiled.Expression}; }}))()" };
                    }
                }

                _variables[variable.Name] = model;
                _variableTypes[variable.Name] = variable.Type;
            }
        }

        private void DeclareOutput(JsonStep step)
        {
            switch (step.Kind)
            {
                case StepKind.Action:
                    if (step.Property("action") is JsonString name && _catalog.Find(name.Value) is { ResultType: { } result } action)
                    {
                        step.OutputType = result;
                        step.OutputCelType = action.ResultCelType ?? CelType.Dyn;
                    }

                    break;
                case StepKind.Condition:
                    Output(step, "bool", CelType.Bool);
                    break;
                case StepKind.Wait:
                case StepKind.Subflow:
                    Output(step, "object?", CelType.Dyn);
                    break;
                case StepKind.Approval:
                    Output(step, DecisionShape.ClrType, CelType.Object(DecisionShape.ClrType));
                    break;
                case StepKind.Query:
                    Output(step, $"{Generic}.IReadOnlyList<{Rt}.FlowRecord>", CelType.List(RecordCelType));
                    break;
                case StepKind.Create:
                case StepKind.Update:
                    Output(step, $"{Rt}.FlowRecord", RecordCelType);
                    break;
                case StepKind.Delete:
                    Output(step, "bool", CelType.Bool);
                    break;
                case StepKind.Code:
                    DeclareCodeOutput(step);
                    break;
                case StepKind.Llm:
                    DeclareLlmOutput(step);
                    break;
                case StepKind.Set:
                    if (step.Property("variable") is JsonString variable && _variables.TryGetValue(variable.Value, out var declared))
                    {
                        Output(step, declared.Type, _variableTypes[variable.Value]);
                    }

                    break;
            }
        }

        private static void Output(JsonStep step, string clrType, CelType celType)
        {
            step.OutputType = clrType;
            step.OutputCelType = celType;
        }

        private void DeclareItems(JsonStep step)
        {
            if (Expression(step, "items") is not { } source)
            {
                return;
            }

            var environment = Environment(step, compensation: false);
            var compiled = Compile(source, environment.Cel, null);
            if (compiled is null)
            {
                return;
            }

            if (compiled.Type.Kind == CelTypeKind.Dyn)
            {
                step.ItemCelType = CelType.Dyn;
            }
            else if (compiled.Type.Kind == CelTypeKind.List)
            {
                step.ItemCelType = compiled.Type.Element;
            }
            else
            {
                Report(DiagnosticCatalog.ExpressionType, source.Span, $"'items' of foreach '{step.Id}' must be a list, but '{source.Value}' is {CelTypeNames.Of(compiled.Type)}");
                return;
            }

            Output(step, $"{Generic}.IReadOnlyList<{CelCSharp.TypeName(step.ItemCelType)}>", CelType.List(step.ItemCelType));
        }

        // ---- steps ---------------------------------------------------------------------------------------

        private StepModel BindStep(JsonStep step)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var model = new StepModel
            {
                Id = step.Id,
                Kind = step.Kind,
                Location = _text.Span(step.IdSpan),
                Retry = step.Retry,
                OnError = step.OnError,
                NextGoto = step.NextGoto,
                OutputType = step.OutputType,
                Endpoints = step.Endpoints.Select(e => new EndpointModel(
                    e.Name,
                    e.Branch,
                    e.Steps is null ? null : new ScopeModel(e.Branch, e.Steps.Select(BindStep).ToEquatableArray()),
                    e.Goto,
                    _text.Span(e.Span))).ToEquatableArray(),
            };

            var method = new GlueMethod(this, step);
            switch (step.Kind)
            {
                case StepKind.Action:
                    return BindAction(step, model, method);
                case StepKind.Condition:
                    return Computed(step, model, method, "when", "when", new CelTarget(CelType.Bool, "bool"), ReturnKind.Value);
                case StepKind.ForEach:
                    return BindForEach(step, model, method);
                case StepKind.Wait:
                    return BindWait(step, model, method);
                case StepKind.Approval:
                    return BindApproval(step, model);
                case StepKind.Subflow:
                    return BindSubflow(step, model, method);
                case StepKind.Query:
                case StepKind.Create:
                case StepKind.Update:
                case StepKind.Delete:
                    return BindRecordStep(step, model, method);
                case StepKind.Set:
                    return BindSet(step, model, method);
                case StepKind.Stop:
                    return BindStop(step, model, method);
                case StepKind.Code:
                    return BindCode(step, model);
                case StepKind.Llm:
                    return BindLlm(step, model, method);
                case StepKind.Run:
                    if (Required<JsonString>(step, "target", "the id of the step to run") is { } target)
                    {
                        model = model with { Target = target.Value, TargetLocation = _text.Span(target.Span) };
                    }

                    return model;
                default:
                    return model;
            }
        }

        private StepModel BindAction(JsonStep step, StepModel model, GlueMethod method)
        {
            var call = BindActionCall(step, step.Node, method, compensation: false);
            model = model with { Call = call };
            if (step.Property("compensation") is { } compensation)
            {
                if (compensation is JsonObject undo)
                {
                    CheckProperties(undo, "'compensation'", new[] { "action", "inputs" });
                    model = model with { Compensation = BindActionCall(step, undo, new GlueMethod(this, step, "compensate"), compensation: true) };
                }
                else
                {
                    Report(DiagnosticCatalog.JsonWrongType, compensation.Span, "compensation", "an object such as {\"action\": \"refund\", \"inputs\": {...}}", JsonFlowReader.Describe(compensation));
                }
            }

            return model;
        }

        private CallModel? BindActionCall(JsonStep step, JsonObject node, GlueMethod method, bool compensation)
        {
            if (node.Find("action")?.Value is not { } actionNode)
            {
                Report(DiagnosticCatalog.JsonMissingProperty, new JsonSpan(node.Span.Start, node.Span.Start + 1), compensation ? "The compensation" : $"Action step '{step.Id}'", "action", ": the name of a [FlowAction]");
                return null;
            }

            if (actionNode is not JsonString name)
            {
                Report(DiagnosticCatalog.JsonWrongType, actionNode.Span, "action", "a string", JsonFlowReader.Describe(actionNode));
                return null;
            }

            var candidates = _catalog.Actions.Where(a => a.Name == name.Value).ToList();
            if (candidates.Count == 0)
            {
                var names = _catalog.Actions.Select(a => a.Name).Distinct().ToList();
                _diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.UnknownAction, _text.Span(name.Span), name.Value, Suggestions.DidYouMean(name.Value, names))
                    with { Fix = Suggestions.Closest(name.Value, names) });
                return null;
            }

            if (candidates.Count > 1)
            {
                Report(DiagnosticCatalog.DuplicateActionName, name.Span, name.Value, Describe(candidates[0]), Describe(candidates[1]));
                return null;
            }

            var action = candidates[0];
            _calls.Add(new ActionCallModel(step.Id, action.Name, action.Tags, action.Cost, action.TakesContext, compensation, _text.Span(name.Span)));
            if (action.Problem is { } problem)
            {
                Report(DiagnosticCatalog.ActionCannotBeBound, name.Span, name.Value, problem);
                return null;
            }

            var given = new Dictionary<string, JsonProperty>(StringComparer.Ordinal);
            if (node.Find("inputs")?.Value is { } inputsNode)
            {
                if (inputsNode is JsonObject inputs)
                {
                    var names = action.Parameters.Where(p => p.Kind == ActionParameterKind.Input).Select(p => p.Name).ToList();
                    foreach (var input in inputs.Properties)
                    {
                        if (given.ContainsKey(input.Name))
                        {
                            Report(DiagnosticCatalog.JsonDuplicateProperty, input.NameSpan, input.Name);
                        }
                        else if (!names.Contains(input.Name))
                        {
                            Report(DiagnosticCatalog.UnknownActionInput, input.NameSpan, action.Name, input.Name, Suggestions.DidYouMean(input.Name, names), names.Count == 0 ? "(none)" : string.Join(", ", names));
                        }
                        else
                        {
                            given[input.Name] = input;
                        }
                    }
                }
                else
                {
                    Report(DiagnosticCatalog.JsonWrongType, inputsNode.Span, "inputs", "an object mapping input names to values", JsonFlowReader.Describe(inputsNode));
                }
            }

            var arguments = new List<string>();
            foreach (var parameter in action.Parameters)
            {
                switch (parameter.Kind)
                {
                    case ActionParameterKind.CancellationToken:
                        arguments.Add($"@{parameter.Name}: {method.CancellationToken()}");
                        continue;
                    case ActionParameterKind.Context:
                        arguments.Add($"@{parameter.Name}: {method.Context()}");
                        continue;
                }

                if (!given.TryGetValue(parameter.Name, out var input))
                {
                    if (!parameter.IsOptional)
                    {
                        Report(DiagnosticCatalog.MissingActionInput, name.Span, step.Id, action.Name, parameter.Name, TypeName(parameter));
                    }

                    continue;
                }

                var target = new CelTarget(parameter.CelType ?? CelType.Dyn, parameter.ClrType);
                var value = Value(step, input.Value, target, method, compensation, $"input '{parameter.Name}' of action '{action.Name}'", parameter);
                if (value is not null)
                {
                    arguments.Add($"@{parameter.Name}: {value}");
                }
            }

            var receiver = action.IsStatic ? action.ContainingType : "this." + Host(action.ContainingType);
            var invocation = $"{receiver}.{action.MethodName}({string.Join(", ", arguments)})";
            var returnType = action.ReturnKind switch
            {
                ReturnKind.Void => "void",
                ReturnKind.Value => action.ResultType!,
                ReturnKind.Task => "global::System.Threading.Tasks.Task",
                ReturnKind.ValueTask => "global::System.Threading.Tasks.ValueTask",
                ReturnKind.TaskOfT => $"global::System.Threading.Tasks.Task<{action.ResultType}>",
                _ => $"global::System.Threading.Tasks.ValueTask<{action.ResultType}>",
            };
            var summary = $"{(compensation ? "Compensation of" : "Step")} '{Xml(step.Id)}': calls action '{Xml(action.Name)}'.";
            return method.Finish(summary, returnType, action.ReturnKind == ReturnKind.Void ? invocation + ";" : "return " + invocation + ";", action.ReturnKind, action.ResultType);
        }

        private StepModel Computed(JsonStep step, StepModel model, GlueMethod method, string property, string purpose, CelTarget target, ReturnKind kind)
        {
            if (Required<JsonString>(step, property, "a CEL expression") is not { } source)
            {
                return model;
            }

            var value = method.Add(source, Environment(step, compensation: false), target);
            if (value is null)
            {
                return model;
            }

            return model with { Call = method.Finish($"Step '{Xml(step.Id)}': {purpose} <c>{Xml(source.Value)}</c>.", target.ClrType, "return " + value + ";", kind, target.ClrType) };
        }

        private StepModel BindForEach(JsonStep step, StepModel model, GlueMethod method)
        {
            if (step.Node.Find("parallelism")?.Value is { } parallelism)
            {
                if (parallelism is JsonNumber number && int.TryParse(number.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1)
                {
                    model = model with { Parallelism = count };
                }
                else
                {
                    Report(DiagnosticCatalog.JsonInvalidValue, parallelism.Span, "parallelism", "a whole number of at least 1");
                }
            }

            if (step.ItemCelType is not { } itemType)
            {
                Required<JsonString>(step, "items", "a CEL expression giving a list");
                return model;
            }

            var clr = CelCSharp.TypeName(itemType);
            model = model with { ItemType = clr };
            return Computed(step, model, method, "items", "items", new CelTarget(CelType.List(itemType), $"{Generic}.IReadOnlyList<{clr}>"), ReturnKind.Value);
        }

        private StepModel BindWait(JsonStep step, StepModel model, GlueMethod method)
        {
            var given = new[] { "duration", "until", "event" }.Where(p => step.Node.Find(p) is not null).ToList();
            if (given.Count != 1)
            {
                var span = given.Count == 0 ? new JsonSpan(step.Node.Span.Start, step.Node.Span.Start + 1) : step.Node.Find(given[1])!.NameSpan;
                Report(DiagnosticCatalog.JsonInvalidValue, span, step.Id, "a wait has exactly one of 'duration', 'until' or 'event'");
                return model;
            }

            var timeout = Duration(step.Node, "timeout");
            if (timeout is not null && given[0] != "event")
            {
                Report(DiagnosticCatalog.JsonInvalidValue, step.Node.Find("timeout")!.NameSpan, "timeout", "only a wait for an event has a timeout");
            }

            switch (given[0])
            {
                case "duration":
                    return model with { Wait = new WaitModel(Duration(step.Node, "duration") ?? 0, null, 0, EquatableArray<string>.Empty) };
                case "event":
                    if (step.Node.Find("event")!.Value is JsonString name && name.Value.Length > 0)
                    {
                        return model with { Wait = new WaitModel(0, name.Value, timeout ?? 0, EquatableArray<string>.Empty) };
                    }

                    Report(DiagnosticCatalog.JsonWrongType, step.Node.Find("event")!.Value.Span, "event", "the name of the event", JsonFlowReader.Describe(step.Node.Find("event")!.Value));
                    return model;
                default:
                    if (Required<JsonString>(step, "until", "a CEL expression giving a timestamp") is not { } source
                        || method.Add(source, Environment(step, compensation: false), new CelTarget(CelType.Timestamp, "global::System.DateTimeOffset")) is not { } instant)
                    {
                        return model;
                    }

                    return model with { Call = method.Finish($"Step '{Xml(step.Id)}': waits until <c>{Xml(source.Value)}</c>.", $"{Rt}.WaitSpec", $"return {Rt}.Wait.Until({instant});", ReturnKind.Value, $"{Rt}.WaitSpec") };
            }
        }

        private StepModel BindApproval(JsonStep step, StepModel model)
        {
            var roles = new List<string>();
            if (Required<JsonArray>(step, "roles", "the roles that may decide, such as [\"manager\"]") is { } array)
            {
                foreach (var item in array.Items)
                {
                    if (item is JsonString role && role.Value.Length > 0)
                    {
                        roles.Add(role.Value);
                    }
                    else
                    {
                        Report(DiagnosticCatalog.JsonWrongType, item.Span, "roles", "an array of role names", JsonFlowReader.Describe(item));
                    }
                }
            }

            return model with { Wait = new WaitModel(0, null, Duration(step.Node, "timeout") ?? 0, roles.ToEquatableArray()) };
        }

        private StepModel BindSubflow(JsonStep step, StepModel model, GlueMethod method)
        {
            if (Required<JsonString>(step, "flow", "the id of the flow to start") is { } flow)
            {
                model = model with { Target = flow.Value, TargetLocation = _text.Span(flow.Span) };
            }

            if (step.Node.Find("version")?.Value is { } version)
            {
                if (version is JsonNumber number && int.TryParse(number.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var pinned))
                {
                    model = model with { TargetVersion = pinned };
                }
                else
                {
                    Report(DiagnosticCatalog.JsonInvalidValue, version.Span, "version", "a whole number (0 = the latest version)");
                }
            }

            var body = "return null;";
            if (step.Node.Find("input")?.Value is { } input && Value(step, input, new CelTarget(CelType.Dyn, "object?"), method, false, "input of subflow '" + step.Id + "'", null) is { } value)
            {
                body = "return " + value + ";";
            }

            return model with { Call = method.Finish($"Step '{Xml(step.Id)}': the input of subflow '{Xml(model.Target ?? "")}'.", "object?", body, ReturnKind.Value, "object?") };
        }

        private StepModel BindRecordStep(JsonStep step, StepModel model, GlueMethod method)
        {
            if (Required<JsonString>(step, "object", "the name of the record object, such as \"order\"") is { } objectName)
            {
                model = model with { Target = objectName.Value, TargetLocation = _text.Span(objectName.Span) };
            }

            var dyn = new CelTarget(CelType.Dyn, "object?");
            string? Fields(string property)
            {
                if (step.Node.Find(property)?.Value is not { } node)
                {
                    return $"new {Generic}.Dictionary<string, object?>(global::System.StringComparer.Ordinal)";
                }

                if (node is not JsonObject fields)
                {
                    Report(DiagnosticCatalog.JsonWrongType, node.Span, property, "an object mapping field names to values", JsonFlowReader.Describe(node));
                    return null;
                }

                var entries = new List<string>();
                foreach (var field in fields.Properties)
                {
                    var value = Value(step, field.Value, dyn, method, false, $"field '{field.Name}'", null);
                    entries.Add($"[{Literal(field.Name)}] = {value ?? "null"}");
                }

                return $"new {Generic}.Dictionary<string, object?>(global::System.StringComparer.Ordinal) {{ {string.Join(", ", entries)} }}";
            }

            string? RecordId()
            {
                if (Required<JsonNode>(step, "recordId", "the id of the record") is not { } node)
                {
                    return null;
                }

                return Value(step, node, new CelTarget(CelType.String, "string"), method, false, "recordId", null);
            }

            string? body;
            string returnType;
            switch (step.Kind)
            {
                case StepKind.Query:
                    var limit = 0;
                    if (step.Node.Find("limit")?.Value is { } limitNode && !(limitNode is JsonNumber number && int.TryParse(number.Text, NumberStyles.None, CultureInfo.InvariantCulture, out limit)))
                    {
                        Report(DiagnosticCatalog.JsonInvalidValue, limitNode.Span, "limit", "a whole number (0 = no limit)");
                    }

                    returnType = $"{Rt}.RecordQuery";
                    body = Fields("filter") is { } filter ? $"return new {Rt}.RecordQuery({filter}, {limit});" : null;
                    break;
                case StepKind.Create:
                    returnType = $"{Generic}.IReadOnlyDictionary<string, object?>";
                    body = Fields("fields") is { } created ? $"return {created};" : null;
                    break;
                case StepKind.Update:
                    returnType = $"{Rt}.RecordChange";
                    var id = RecordId();
                    body = Fields("fields") is { } changed && id is not null ? $"return new {Rt}.RecordChange({id}, {changed});" : null;
                    break;
                default:
                    returnType = "string";
                    body = RecordId() is { } deleted ? $"return {deleted};" : null;
                    break;
            }

            return body is null ? model : model with { Call = method.Finish($"Step '{Xml(step.Id)}': what {step.Kind.ToString().ToLowerInvariant()} sends to the record store.", returnType, body, ReturnKind.Value, returnType) };
        }

        private StepModel BindSet(JsonStep step, StepModel model, GlueMethod method)
        {
            if (Required<JsonString>(step, "variable", "the name of a declared variable") is not { } variable)
            {
                return model;
            }

            if (!_variables.TryGetValue(variable.Value, out var declared))
            {
                Report(DiagnosticCatalog.JsonInvalidValue, variable.Span, "variable", $"no variable '{variable.Value}' is declared in 'variables'{Suggestions.DidYouMean(variable.Value, _variables.Keys)}");
                return model;
            }

            model = model with { Target = variable.Value, TargetLocation = _text.Span(variable.Span) };
            return Computed(step, model, method, "value", $"sets vars.{variable.Value} to", new CelTarget(_variableTypes[variable.Value], declared.Type), ReturnKind.Value);
        }

        private StepModel BindStop(JsonStep step, StepModel model, GlueMethod method)
        {
            if (step.Node.Find("status")?.Value is { } statusNode)
            {
                if (statusNode is JsonString status && status.Value is "completed" or "failed" or "cancelled")
                {
                    model = model with { StopStatus = status.Value switch { "failed" => StopStatus.Failed, "cancelled" => StopStatus.Cancelled, _ => StopStatus.Completed } };
                }
                else
                {
                    Report(DiagnosticCatalog.JsonInvalidValue, statusNode.Span, "status", "use \"completed\", \"failed\" or \"cancelled\"");
                }
            }

            if (step.Node.Find("message")?.Value is not { } messageNode)
            {
                return model;
            }

            if (messageNode is not JsonString message)
            {
                Report(DiagnosticCatalog.JsonWrongType, messageNode.Span, "message", "a string", JsonFlowReader.Describe(messageNode));
                return model;
            }

            if (message.Value.IndexOf("{!", StringComparison.Ordinal) < 0)
            {
                return model with { Message = message.Value };
            }

            var text = method.AddInterpolation(message, Environment(step, compensation: false));
            return text is null ? model : model with { Call = method.Finish($"Step '{Xml(step.Id)}': the stop message.", "string", "return " + text + ";", ReturnKind.Value, "string") };
        }

        // ---- values and expressions ----------------------------------------------------------------------

        /// <summary>
        /// A value (docs/json-flows.md, "Values"): a constant, an interpolated string, <c>{"$expr": ...}</c> or
        /// <c>{"$secret": ...}</c>, compiled to a C# expression of the target type inside <paramref name="method"/>.
        /// </summary>
        private string? Value(JsonStep step, JsonNode node, CelTarget target, GlueMethod method, bool compensation, string what, ActionParameter? parameter)
        {
            if (node is JsonObject special && special.Properties.Count == 1 && special.Properties[0].Name is "$expr" or "$secret")
            {
                var property = special.Properties[0];
                if (property.Value is not JsonString text)
                {
                    Report(DiagnosticCatalog.JsonWrongType, property.Value.Span, property.Name, property.Name == "$expr" ? "a CEL expression" : "the name of a secret", JsonFlowReader.Describe(property.Value));
                    return null;
                }

                if (property.Name == "$secret")
                {
                    if (target.ClrType is not ("string" or "object" or "object?"))
                    {
                        Report(DiagnosticCatalog.ActionInputTypeMismatch, node.Span, Naming.Capitalize(what), TypeName(target), "a secret is a string");
                        return null;
                    }

                    if (text.Value.Length == 0)
                    {
                        Report(DiagnosticCatalog.JsonInvalidValue, text.Span, "$secret", "name the secret, such as \"PAYMENTS_KEY\"");
                        return null;
                    }

                    return method.Secret(text.Value, _text.Span(node.Span));
                }

                return method.Add(text, Environment(step, compensation), target, parameter);
            }

            if (node is JsonString interpolated && interpolated.Value.IndexOf("{!", StringComparison.Ordinal) >= 0)
            {
                if (target.Type.Kind is not (CelTypeKind.String or CelTypeKind.Dyn))
                {
                    Report(DiagnosticCatalog.ActionInputTypeMismatch, node.Span, Naming.Capitalize(what), TypeName(target), "an interpolated string is a string; use {\"$expr\": ...} to compute a value of that type");
                    return null;
                }

                return method.AddInterpolation(interpolated, Environment(step, compensation));
            }

            var compiled = Constant(node, target, what, parameter is null ? null : what);
            return compiled is null ? null : method.AddCompiled(compiled, target.ClrType);
        }

        /// <summary>A JSON constant, written as the CEL literal it is, so CEL's conversions and errors apply to it too.</summary>
        private CelCompilation? Constant(JsonNode node, CelTarget target, string what, string? typedOwner = null)
        {
            var source = new StringBuilder();
            if (!AppendCel(node, source))
            {
                return null;
            }

            var compiled = CelCompiler.Compile(source.ToString(), new CelEnvironment(Array.Empty<CelVariable>(), _shapes), target);
            if (!compiled.Succeeded)
            {
                if (typedOwner is not null)
                {
                    Report(DiagnosticCatalog.ActionInputTypeMismatch, node.Span, Naming.Capitalize(typedOwner), TypeName(target), $"{JsonFlowReader.Describe(node)} does not convert to it ({compiled.Errors[0].Message}); write a value of that type, or {{\"$expr\": ...}}");
                }
                else
                {
                    Report(DiagnosticCatalog.JsonInvalidValue, node.Span, what, compiled.Errors[0].Message);
                }

                return null;
            }

            return compiled;
        }

        private bool AppendCel(JsonNode node, StringBuilder source)
        {
            switch (node)
            {
                case JsonNull:
                    source.Append("null");
                    return true;
                case JsonBool flag:
                    source.Append(flag.Value ? "true" : "false");
                    return true;
                case JsonNumber number:
                    source.Append(number.Text);
                    return true;
                case JsonString text:
                    if (text.Value.IndexOf("{!", StringComparison.Ordinal) >= 0)
                    {
                        // Only a whole string value is interpolated; inside a constant list or map it would pass as written.
                        Report(DiagnosticCatalog.JsonInvalidValue, text.Span, "value", "{!...} is interpolated only in a whole string value; inside a list or map, write the whole list or map as one {\"$expr\": ...} (CEL: 'Hello ' + inputs.name)");
                        return false;
                    }

                    source.Append('"');
                    foreach (var c in text.Value)
                    {
                        source.Append(c switch
                        {
                            '"' => "\\\"",
                            '\\' => "\\\\",
                            '\n' => "\\n",
                            '\r' => "\\r",
                            '\t' => "\\t",
                            _ => c < ' ' ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : c.ToString(),
                        });
                    }

                    source.Append('"');
                    return true;
                case JsonArray array:
                    source.Append('[');
                    for (var i = 0; i < array.Items.Count; i++)
                    {
                        if (i > 0)
                        {
                            source.Append(", ");
                        }

                        if (!AppendCel(array.Items[i], source))
                        {
                            return false;
                        }
                    }

                    source.Append(']');
                    return true;
                case JsonObject map:
                    if (map.Find("$expr") is not null || map.Find("$secret") is not null)
                    {
                        Report(DiagnosticCatalog.JsonInvalidValue, map.Span, "value", "\"$expr\" and \"$secret\" stand for a whole value; write the whole list or map as one {\"$expr\": ...}");
                        return false;
                    }

                    source.Append('{');
                    for (var i = 0; i < map.Properties.Count; i++)
                    {
                        if (i > 0)
                        {
                            source.Append(", ");
                        }

                        AppendCel(new JsonString(map.Properties[i].NameSpan, map.Properties[i].Name, EquatableArray<int>.Empty), source);
                        source.Append(": ");
                        if (!AppendCel(map.Properties[i].Value, source))
                        {
                            return false;
                        }
                    }

                    source.Append('}');
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Compiles an expression string, reporting syntax and type errors at their characters in the JSON file.</summary>
        private CelCompilation? Compile(JsonString source, CelEnvironment environment, CelTarget? target, ActionParameter? parameter = null)
        {
            var (_, syntax) = CelParser.Parse(source.Value);
            if (syntax is not null)
            {
                _diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.ExpressionSyntax, SpanIn(source, syntax.Span), source.Value, syntax.Message));
                return null;
            }

            var compiled = CelCompiler.Compile(source.Value, environment, target);
            foreach (var error in compiled.Errors)
            {
                var message = error.Message;
                if (parameter is not null && error.Span.Start == 0 && error.Span.End >= source.Value.Length)
                {
                    message = $"input '{parameter.Name}' is {TypeName(parameter)}: {message}";
                }

                if ((message.IndexOf("'item'", StringComparison.Ordinal) >= 0 || message.IndexOf("'index'", StringComparison.Ordinal) >= 0) && environment.FindVariable("item") is null)
                {
                    message += " (item and index exist only inside a foreach's 'each' steps)";
                }

                _diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.ExpressionType, SpanIn(source, error.Span), message));
            }

            return compiled.Succeeded ? compiled : null;
        }

        private CelCompilation? CompileInterpolation(JsonString source, CelEnvironment environment)
        {
            var compiled = CelCompiler.CompileInterpolation(source.Value, environment);
            foreach (var error in compiled.Errors)
            {
                _diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.ExpressionType, SpanIn(source, error.Span), error.Message));
            }

            return compiled.Succeeded ? compiled : null;
        }

        private SourceSpan SpanIn(JsonString source, CelSpan span)
            => _text.Span(source.SourceOffset(span.Start), span.End > span.Start ? source.SourceOffset(span.End - 1) + 1 : source.SourceOffset(span.Start));

        /// <summary>The names an expression of <paramref name="step"/> may use (SPEC §3), with how generated code reads them.</summary>
        private Scope Environment(JsonStep step, bool compensation)
        {
            // Each name: its CEL variable (read through a cast where the C# type is not CEL's), the glue parameter holding it,
            // and the argument the state machine passes for that parameter.
            var variables = new List<(CelVariable Variable, string Parameter, ArgumentModel Argument)>();
            void Add(string name, CelType type, string clrType, string parameter, ArgumentModel argument, string? access = null)
                => variables.Add((new CelVariable(name, type, clrType, access ?? parameter), parameter, argument));

            if (_inputType is not null)
            {
                Add("inputs", _inputCelType!, _inputType, "__input", new ArgumentModel(ArgumentKind.Input, _inputType, null, null));
            }

            foreach (var variable in _document.Variables)
            {
                var declared = _variables[variable.Name];
                Add("vars." + variable.Name, variable.Type, declared.Type, "__v_" + Naming.Identifier(variable.Name), new ArgumentModel(ArgumentKind.Variable, declared.Type, variable.Name, null));
            }

            foreach (var other in _steps)
            {
                // A step's own output is visible only to its compensation, which runs after the step completed.
                if ((other == step && !compensation) || other.OutputType is null || other.OutputCelType is null || _byId[other.Id] != other)
                {
                    continue;
                }

                var parameter = $"__s{other.Ordinal}";
                var canonical = CelCSharp.TypeName(other.OutputCelType);
                var access = canonical == other.OutputType || other.OutputCelType.Kind == CelTypeKind.Dyn ? parameter : $"(({canonical}){parameter})";
                Add($"steps.{other.Id}.output", other.OutputCelType, canonical, parameter, new ArgumentModel(ArgumentKind.StepOutput, other.OutputType, other.Id, null), access);
            }

            if (!compensation && step.EnclosingForEach is { ItemCelType: { } itemType })
            {
                var clr = CelCSharp.TypeName(itemType);
                Add("item", itemType, clr, "__item", new ArgumentModel(ArgumentKind.Item, clr, null, null));
                Add("index", CelType.Int, "long", "__index", new ArgumentModel(ArgumentKind.Index, "int", null, null), "((long)__index)");
            }
            else if (!compensation && step.EnclosingForEach is null)
            {
                // Outside every foreach: declared anyway so a use type-checks and reaches the validator, which
                // reports it (AUTO3002) with the path that leads there. Such a flow never emits a state machine.
                Add("item", CelType.Dyn, "object?", "__item", new ArgumentModel(ArgumentKind.Item, "object?", null, null));
                Add("index", CelType.Int, "long", "__index", new ArgumentModel(ArgumentKind.Index, "int", null, null), "((long)__index)");
            }

            Add("trigger", CelType.Object(TriggerShape.ClrType), TriggerShape.ClrType, "__trigger", new ArgumentModel(ArgumentKind.Trigger, TriggerShape.ClrType, null, null));
            Add("now", CelType.Timestamp, "global::System.DateTimeOffset", "__now", new ArgumentModel(ArgumentKind.Now, "global::System.DateTimeOffset", null, null));
            return new Scope(
                new CelEnvironment(variables.Select(v => v.Variable), _shapes),
                variables.ToDictionary(v => v.Variable.Name, v => (v.Parameter, v.Argument), StringComparer.Ordinal));
        }

        // ---- helpers -------------------------------------------------------------------------------------

        private T? Required<T>(JsonStep step, string property, string what)
            where T : JsonNode
        {
            var node = step.Node.Find(property)?.Value;
            if (node is null)
            {
                Report(DiagnosticCatalog.JsonMissingProperty, new JsonSpan(step.IdSpan.Start, step.IdSpan.End), $"{JsonFlowReader.Kind(step.Kind)} step '{step.Id}'", property, ": " + what);
                return null;
            }

            if (node is T typed)
            {
                return typed;
            }

            Report(DiagnosticCatalog.JsonWrongType, node.Span, property, what, JsonFlowReader.Describe(node));
            return null;
        }

        private JsonString? Expression(JsonStep step, string property)
            => step.Node.Find(property)?.Value as JsonString;

        private long? Duration(JsonObject owner, string name) => _checks.Duration(owner, name);

        private void CheckProperties(JsonObject node, string owner, string[] allowed) => _checks.CheckProperties(node, owner, allowed);

        private string Host(string type)
        {
            if (!_hosts.TryGetValue(type, out var field))
            {
                field = "__" + Naming.CamelCase(SimpleName(type));
                while (_hosts.ContainsValue(field))
                {
                    field += "_";
                }

                _hosts[type] = field;
            }

            return field;
        }

        /// <summary>The constructor of a flow whose actions are instance methods: it takes one instance of each class.</summary>
        private string Constructor(string typeName)
        {
            var code = new StringBuilder();
            foreach (var host in _hosts)
            {
                code.Append("private readonly ").Append(host.Key).Append(' ').Append(host.Value).Append(";\n");
            }

            code.Append('\n');
            code.Append("/// <summary>Creates the flow with the objects whose <c>[FlowAction]</c> methods its steps call.</summary>\n");
            foreach (var host in _hosts)
            {
                code.Append("/// <param name=\"").Append(host.Value.TrimStart('_')).Append("\">Runs the actions of <see cref=\"").Append(host.Key.Replace("global::", "")).Append("\"/>.</param>\n");
            }

            code.Append("public ").Append(typeName).Append('(').Append(string.Join(", ", _hosts.Select(h => $"{h.Key} {h.Value.TrimStart('_')}"))).Append(")\n{\n");
            foreach (var host in _hosts)
            {
                var parameter = host.Value.TrimStart('_');
                code.Append("    ").Append(host.Value).Append(" = ").Append(parameter).Append(" ?? throw new global::System.ArgumentNullException(nameof(").Append(parameter).Append("));\n");
            }

            code.Append('}');
            return code.ToString();
        }

        private void Report(FlowRule rule, JsonSpan span, params object[] args)
            => _diagnostics.Add(DiagnosticCatalog.Create(rule, _text.Span(span), args));

        private static string Describe(ActionModel action) => action.ContainingType.Replace("global::", "") + "." + action.MethodName;

        /// <summary>
        /// A target's type as CEL names it (<see cref="CelTypeNames"/>), with the C# type when CEL keeps the value in
        /// another one ("int (C# int)" for an <c>int</c>, CEL's int being a long; "int (C# int?)"); plain "dyn" for <c>object</c>.
        /// </summary>
        private static string TypeName(CelTarget target)
        {
            var name = CelTypeNames.Of(target);
            var same = target.Type.Kind == CelTypeKind.Dyn
                ? CelCSharp.Simplify(target.ClrType).TrimEnd('?') == "object"
                : CelCSharp.TypeName(target.Type) == target.ClrType;
            return same ? name : $"{name} (C# {target.ClrType.Replace("global::", "")})";
        }

        private static string TypeName(ActionParameter parameter) => TypeName(new CelTarget(parameter.CelType ?? CelType.Dyn, parameter.ClrType));

        private static bool IsValueType(CelType type) => type.Kind is CelTypeKind.Int or CelTypeKind.Uint or CelTypeKind.Double or CelTypeKind.Bool or CelTypeKind.Timestamp or CelTypeKind.Duration;

        internal static string ClassNameOf(string id)
        {
            var builder = new StringBuilder();
            var upper = true;
            foreach (var c in id)
            {
                if (!char.IsLetterOrDigit(c))
                {
                    upper = true;
                    continue;
                }

                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }

            if (builder.Length == 0 || char.IsDigit(builder[0]))
            {
                builder.Insert(0, "Flow");
            }

            return builder.Append("Flow").ToString();
        }

        private static string SimpleName(string type)
        {
            var name = type.Substring(type.LastIndexOf('.') + 1);
            return name.StartsWith("global::", StringComparison.Ordinal) ? name.Substring(8) : name;
        }

        private static string Xml(string text) => XmlDocText.Escape(text);

        private static string Literal(string text) => CSharpLiteral.String(text);

        /// <summary>An expression environment and, per name, the argument the state machine passes for it.</summary>
        private sealed record Scope(CelEnvironment Cel, Dictionary<string, (string Parameter, ArgumentModel Argument)> Arguments);

        /// <summary>
        /// One generated method of a step: the values it computes (each CEL prelude in a local function of its own, so
        /// their helper names never clash) and the parameters those values read, in a stable order.
        /// </summary>
        private sealed class GlueMethod
        {
            private readonly JsonFlowBinder _binder;
            private readonly JsonStep _step;
            private readonly string _name;
            private readonly SortedDictionary<string, (string Type, string Name, ArgumentModel Argument)> _parameters = new(StringComparer.Ordinal);
            private readonly StringBuilder _locals = new();
            private readonly Dictionary<string, string> _secrets = new(StringComparer.Ordinal);
            private int _values;

            public GlueMethod(JsonFlowBinder binder, JsonStep step, string purpose = "step")
            {
                _binder = binder;
                _step = step;
                _name = $"__{purpose}{step.Ordinal}_{Naming.Identifier(step.Id)}";
            }

            public string? Add(JsonString source, Scope scope, CelTarget target, ActionParameter? parameter = null)
            {
                var compiled = _binder.Compile(source, scope.Cel, target, parameter);
                if (compiled is null)
                {
                    return null;
                }

                Use(compiled, scope, source);
                return AddCompiled(compiled, target.ClrType);
            }

            public string? AddInterpolation(JsonString source, Scope scope)
            {
                var compiled = _binder.CompileInterpolation(source, scope.Cel);
                if (compiled is null)
                {
                    return null;
                }

                Use(compiled, scope, source);
                return AddCompiled(compiled, "string");
            }

            public string AddCompiled(CelCompilation compiled, string clrType)
            {
                if (compiled.Prelude.Length == 0)
                {
                    return compiled.Expression;
                }

                var local = $"__value{_values++}";
                _locals.Append(clrType).Append(' ').Append(local).Append("()\n{\n");
                foreach (var line in compiled.Prelude.Replace("\r\n", "\n").TrimEnd('\n').Split('\n'))
                {
                    _locals.Append("    ").Append(line).Append('\n');
                }

                _locals.Append("    return ").Append(compiled.Expression).Append(";\n}\n\n");
                return local + "()";
            }

            public string Secret(string name, SourceSpan location)
            {
                if (!_secrets.TryGetValue(name, out var parameter))
                {
                    parameter = $"__secret{_secrets.Count}";
                    _secrets[name] = parameter;
                    _parameters["~secret:" + name] = ("string", parameter, new ArgumentModel(ArgumentKind.Secret, "string", name, location));
                }

                return parameter;
            }

            public string CancellationToken()
            {
                _parameters["~ct"] = ("global::System.Threading.CancellationToken", "__ct", new ArgumentModel(ArgumentKind.CancellationToken, "global::System.Threading.CancellationToken", null, null));
                return "__ct";
            }

            public string Context()
            {
                _parameters["~context"] = ($"{Rt}.StepContext", "__context", new ArgumentModel(ArgumentKind.Context, $"{Rt}.StepContext", null, null));
                return "__context";
            }

            /// <summary>Passes what the expression reads, each argument located at its first read (for scope diagnostics).</summary>
            private void Use(CelCompilation compiled, Scope scope, JsonString source)
            {
                foreach (var use in compiled.Uses)
                {
                    if (scope.Arguments.TryGetValue(use.Name, out var passed) && !_parameters.ContainsKey(use.Name))
                    {
                        _parameters[use.Name] = (passed.Argument.Type, passed.Parameter, passed.Argument with { Location = _binder.SpanIn(source, use.Span) });
                    }
                }
            }

            public CallModel Finish(string summary, string returnType, string body, ReturnKind kind, string? resultType)
            {
                var parameters = _parameters.Values.ToList();
                var code = new StringBuilder();
                code.Append("/// <summary>").Append(summary).Append("</summary>\n");
                code.Append("private ").Append(returnType).Append(' ').Append(_name).Append('(')
                    .Append(string.Join(", ", parameters.Select(p => $"{p.Type} {p.Name}"))).Append(")\n{\n");
                foreach (var line in (_locals.ToString() + body).Split('\n'))
                {
                    code.Append(line.Length == 0 ? "" : "    ").Append(line).Append('\n');
                }

                code.Append('}');
                _binder._members.Add(code.ToString());
                return new CallModel(_name, false, kind, resultType, parameters.Select(p => p.Argument).ToEquatableArray(), false);
            }
        }
    }
}
