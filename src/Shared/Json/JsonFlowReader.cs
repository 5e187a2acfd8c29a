using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Automations.Compiled.Cel;
using Automations.Compiled.Model;
using Automations.Compiled.Text;
using Automations.Compiled.Validation;

namespace Automations.Compiled.Json
{
    /// <summary>
    /// Reads the structure of a <c>*.flow.json</c> file (docs/json-flows.md): flow settings, steps, endpoints, gotos,
    /// retry and error handling. Every problem becomes a diagnostic at the exact span of the offending property or
    /// value; reading goes on so one build shows them all. Expressions and values are left to <see cref="JsonFlowBinder"/>.
    /// Never throws.
    /// </summary>
    internal sealed class JsonFlowReader : JsonObjectReader
    {
        private static readonly string[] FlowProperties =
        {
            "$schema", "id", "version", "description", "namespace", "class", "trigger", "inputs", "variables", "roles",
            "journal", "limits", "throttle", "steps", "standalone",
        };

        private static readonly string[] CommonStepProperties = { "id", "type", "description", "endpoints", "retry", "onError" };

        private static readonly Dictionary<string, (StepKind Kind, string[] Properties)> StepTypes = new(StringComparer.Ordinal)
        {
            ["action"] = (StepKind.Action, new[] { "action", "inputs", "compensation" }),
            ["condition"] = (StepKind.Condition, new[] { "when" }),
            ["foreach"] = (StepKind.ForEach, new[] { "items", "parallelism" }),
            ["parallel"] = (StepKind.Parallel, Array.Empty<string>()),
            ["wait"] = (StepKind.Wait, new[] { "duration", "until", "event", "timeout" }),
            ["approval"] = (StepKind.Approval, new[] { "roles", "timeout" }),
            ["subflow"] = (StepKind.Subflow, new[] { "flow", "version", "input" }),
            ["query"] = (StepKind.Query, new[] { "object", "filter", "limit" }),
            ["create"] = (StepKind.Create, new[] { "object", "fields" }),
            ["update"] = (StepKind.Update, new[] { "object", "recordId", "fields" }),
            ["delete"] = (StepKind.Delete, new[] { "object", "recordId" }),
            ["set"] = (StepKind.Set, new[] { "variable", "value" }),
            ["stop"] = (StepKind.Stop, new[] { "status", "message" }),
            ["run"] = (StepKind.Run, new[] { "target" }),
            ["code"] = (StepKind.Code, new[] { "language", "code", "output" }),
            ["llm"] = (StepKind.Llm, new[] { "prompt", "output", "minConfidence" }),
        };

        private static readonly Dictionary<string, string[]> TriggerProperties = new(StringComparer.Ordinal)
        {
            ["manual"] = new[] { "type" },
            ["record"] = new[] { "type", "object", "event", "condition" },
            ["schedule"] = new[] { "type", "cron", "timeZone", "catchUp" },
            ["webhook"] = new[] { "type", "path", "method" },
            ["event"] = new[] { "type", "event", "condition" },
        };

        private int _ordinal;

        internal JsonFlowReader(JsonText text, List<FlowDiagnostic> diagnostics)
            : base(text, diagnostics)
        {
        }

        /// <summary>The flow's settings and step drafts; null when the file is not a JSON object at all.</summary>
        public static JsonFlowDocument? Read(JsonText text, string source, List<FlowDiagnostic> diagnostics)
        {
            var (root, error) = JsonReader.Read(source);
            if (error is not null)
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.JsonSyntax, text.Span(error.Span), error.Message));
                return null;
            }

            if (root is not JsonObject flow)
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.JsonWrongType, text.Span(root!.Span), "the flow file", "an object", Describe(root)));
                return null;
            }

            return new JsonFlowReader(text, diagnostics).ReadFlow(flow);
        }

        private JsonFlowDocument ReadFlow(JsonObject flow)
        {
            CheckProperties(flow, "The flow", FlowProperties);
            var document = new JsonFlowDocument(flow);
            if (String(flow, "id", "the flow", required: true) is { } id)
            {
                document.Id = id.Value;
                document.IdSpan = id.Span;
                if (!IsFlowId(id.Value))
                {
                    Invalid(id, "id", "a flow id is lower-case letters, digits, '-', '_' and '.', starting with a letter or digit");
                }
            }

            document.Version = Integer(flow, "version", 1, minimum: 1);
            document.Description = String(flow, "description", "the flow")?.Value;
            if (String(flow, "namespace", "the flow") is { } ns)
            {
                if (ns.Value.Split('.').All(IsIdentifier))
                {
                    document.Namespace = ns.Value;
                }
                else
                {
                    Invalid(ns, "namespace", "write a C# namespace such as 'Shop.Flows'");
                }
            }

            if (String(flow, "class", "the flow") is { } className)
            {
                if (IsIdentifier(className.Value))
                {
                    document.ClassName = className.Value;
                }
                else
                {
                    Invalid(className, "class", "write a C# class name such as 'OrderFlow'");
                }
            }

            document.Trigger = ReadTrigger(flow.Find("trigger")?.Value);
            ReadTypedNames(flow, "inputs", document.Inputs, allowDefaults: false);
            ReadTypedNames(flow, "variables", document.Variables, allowDefaults: true);
            if (flow.Find("roles")?.Value is { } roles)
            {
                document.Roles.AddRange(StringArray(roles, "roles"));
            }

            if (String(flow, "journal", "the flow") is { } journal)
            {
                switch (journal.Value)
                {
                    case "durable":
                        document.Journal = JournalKind.Durable;
                        break;
                    case "checkpoint":
                        document.Journal = JournalKind.Checkpoint;
                        break;
                    case "none":
                        document.Journal = JournalKind.None;
                        break;
                    default:
                        Invalid(journal, "journal", "use \"durable\", \"checkpoint\" or \"none\"");
                        break;
                }
            }

            if (Object(flow, "limits") is { } limits)
            {
                CheckProperties(limits, "'limits'", new[] { "steps", "gotoHops", "subflowDepth", "time", "cost", "concurrency" });
                document.StepBudget = Integer(limits, "steps", FlowLimits.DefaultStepBudget, minimum: 1);
                document.GotoHopBudget = Integer(limits, "gotoHops", FlowLimits.DefaultGotoHopBudget, minimum: 1);
                document.MaxSubflowDepth = Integer(limits, "subflowDepth", FlowLimits.DefaultMaxSubflowDepth, minimum: 1);
                document.Safeguards = ReadLimits(limits, document.Safeguards);
            }

            if (flow.Find("throttle")?.Value is { } throttle)
            {
                document.Safeguards = document.Safeguards with { Throttles = ReadThrottles(throttle) };
            }

            if (flow.Find("steps") is { } steps)
            {
                document.Steps.AddRange(ReadSteps(steps.Value, "steps", null));
            }
            else
            {
                Missing(flow.Span.Start, "The flow", "steps", ": the main sequence of steps");
            }

            if (flow.Find("standalone")?.Value is { } standalone)
            {
                if (standalone is JsonArray scopes)
                {
                    foreach (var entry in scopes.Items)
                    {
                        // A step heads a scope of one; an array is a step followed by its standalone siblings.
                        var scope = entry is JsonArray ? ReadSteps(entry, "standalone", null) : ReadSteps(new JsonArray(entry.Span, new EquatableArray<JsonNode>(new[] { entry })), "standalone", null);
                        if (scope.Count > 0)
                        {
                            document.Standalone.Add(scope);
                        }
                    }
                }
                else
                {
                    WrongType(standalone, "standalone", "an array of steps or of arrays of steps");
                }
            }

            return document;
        }

        // ---- safeguards ----------------------------------------------------------------------------------

        /// <summary>
        /// <c>limits.time</c>, <c>limits.cost</c> and <c>limits.concurrency</c>, as written: their ranges and formats are the
        /// validator's rules (one set for both front ends); only the kind of JSON value is checked here.
        /// </summary>
        private SafeguardsModel ReadLimits(JsonObject limits, SafeguardsModel safeguards)
        {
            if (String(limits, "time", "'limits'") is { } time)
            {
                safeguards = safeguards with { TimeBudget = time.Value, TimeBudgetLocation = _text.Span(time.Span) };
            }

            if (limits.Find("cost")?.Value is { } cost && WholeNumber(cost, "cost") is { } budget)
            {
                safeguards = safeguards with { CostBudget = budget, CostBudgetLocation = _text.Span(cost.Span) };
            }

            if (limits.Find("concurrency")?.Value is { } concurrency && WholeNumber(concurrency, "concurrency") is { } runs)
            {
                safeguards = safeguards with
                {
                    MaxConcurrentRuns = (int)Math.Max(int.MinValue, Math.Min(int.MaxValue, runs)),
                    MaxConcurrentRunsLocation = _text.Span(concurrency.Span),
                };
            }

            return safeguards;
        }

        /// <summary>A flow's <c>throttle</c>: one object or an array of them.</summary>
        private EquatableArray<ThrottleModel> ReadThrottles(JsonNode node)
        {
            var entries = node switch
            {
                JsonArray array => array.Items.ToList(),
                JsonObject => new List<JsonNode> { node },
                _ => null,
            };
            if (entries is null)
            {
                WrongType(node, "throttle", "an object such as {\"limit\": 10, \"window\": \"00:01:00\"} or an array of them");
                return EquatableArray<ThrottleModel>.Empty;
            }

            var throttles = new List<ThrottleModel>();
            foreach (var entry in entries)
            {
                if (entry is not JsonObject throttle)
                {
                    WrongType(entry, "throttle", "an object such as {\"limit\": 10, \"window\": \"00:01:00\"}");
                    continue;
                }

                CheckProperties(throttle, "A throttle", new[] { "limit", "window", "mode", "scope" });
                var limitNode = Require(throttle, "limit", "the throttle", ": the most starts per window, such as 10");
                var window = String(throttle, "window", "the throttle", required: true, hint: ": the window as a TimeSpan, such as \"00:01:00\" for a minute");
                var limit = limitNode is null ? null : WholeNumber(limitNode, "limit");
                if (limit is null || window is null)
                {
                    continue;
                }

                var mode = ThrottleModeKind.Queue;
                if (String(throttle, "mode", "the throttle") is { } modeText)
                {
                    switch (modeText.Value)
                    {
                        case "queue":
                            break;
                        case "refuse":
                            mode = ThrottleModeKind.Refuse;
                            break;
                        default:
                            Invalid(modeText, "mode", "use \"queue\" (starts beyond the limit wait for the next window) or \"refuse\" (they fail at once)");
                            break;
                    }
                }

                var scope = ThrottleScopeKind.Flow;
                var scopeText = String(throttle, "scope", "the throttle");
                if (scopeText is not null)
                {
                    switch (scopeText.Value)
                    {
                        case "flow":
                            break;
                        case "trigger":
                            scope = ThrottleScopeKind.Trigger;
                            break;
                        default:
                            Invalid(scopeText, "scope", "use \"flow\" (every start) or \"trigger\" (only the starts the trigger makes)");
                            break;
                    }
                }

                var location = _text.Span(throttle.Span);
                throttles.Add(new ThrottleModel((int)Math.Max(int.MinValue, Math.Min(int.MaxValue, limit.Value)), window.Value, mode, scope, location)
                {
                    LimitLocation = _text.Span(limitNode!.Span),
                    WindowLocation = _text.Span(window.Span),
                    ScopeLocation = scopeText is null ? location : _text.Span(scopeText.Span),
                });
            }

            return throttles.ToEquatableArray();
        }

        /// <summary>A whole number of any sign (its range is the validator's rule); null, reported, when the value is not one.</summary>
        private long? WholeNumber(JsonNode value, string name)
        {
            if (value is JsonNumber number && long.TryParse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result))
            {
                return result;
            }

            WrongType(value, name, "a whole number");
            return null;
        }

        // ---- steps ---------------------------------------------------------------------------------------

        private List<JsonStep> ReadSteps(JsonNode node, string name, JsonStep? enclosingForEach)
        {
            var steps = new List<JsonStep>();
            if (node is not JsonArray array)
            {
                WrongType(node, name, "an array of steps");
                return steps;
            }

            foreach (var item in array.Items)
            {
                if (ReadStep(item, enclosingForEach) is { } step)
                {
                    steps.Add(step);
                }
            }

            return steps;
        }

        private JsonStep? ReadStep(JsonNode node, JsonStep? enclosingForEach)
        {
            if (node is not JsonObject step)
            {
                WrongType(node, "a step", "an object with 'id' and 'type'");
                return null;
            }

            var id = String(step, "id", "a step", required: true);
            var type = String(step, "type", "a step", required: true);
            if (id is null || type is null)
            {
                CheckProperties(step, "A step", CommonStepProperties.Concat(StepTypes.Values.SelectMany(t => t.Properties)).Distinct().ToArray());
                return null;
            }

            if (id.Value.Length == 0 || id.Value.Trim() != id.Value)
            {
                Invalid(id, "id", "a step id is a non-empty name without leading or trailing spaces");
            }

            if (!StepTypes.TryGetValue(type.Value, out var kind))
            {
                _diagnostics.Add(DiagnosticCatalog.Create(
                    DiagnosticCatalog.JsonUnknownStepType,
                    _text.Span(type.Span),
                    type.Value,
                    Suggestions.DidYouMean(type.Value, StepTypes.Keys).Replace("; did", ", did"),
                    string.Join(", ", StepTypes.Keys)));
                return null;
            }

            CheckProperties(step, $"{Naming.Article(type.Value)} {type.Value} step", CommonStepProperties.Concat(kind.Properties).ToArray());
            var draft = new JsonStep(step, id.Value, id.Span, kind.Kind, _ordinal++, enclosingForEach);
            draft.Retry = ReadRetry(step.Find("retry")?.Value);
            if (String(step, "onError", "a step") is { } onError)
            {
                switch (onError.Value)
                {
                    case "fail":
                        draft.OnError = ErrorMode.Fail;
                        break;
                    case "continue":
                        draft.OnError = ErrorMode.Continue;
                        break;
                    case "rollback":
                        draft.OnError = ErrorMode.Rollback;
                        break;
                    default:
                        Invalid(onError, "onError", "use \"fail\", \"continue\" or \"rollback\"");
                        break;
                }
            }

            if (Object(step, "endpoints") is { } endpoints)
            {
                ReadEndpoints(draft, endpoints);
            }

            return draft;
        }

        private void ReadEndpoints(JsonStep step, JsonObject endpoints)
        {
            CheckDuplicates(endpoints);
            var valid = EndpointNames.For(step.Kind);
            foreach (var property in endpoints.Properties)
            {
                var name = property.Name;
                if (name == EndpointNames.Next)
                {
                    step.NextGoto = ReadGoto(property.Value, "next", allowSteps: false)?.Goto;
                    continue;
                }

                if (Array.IndexOf(valid, name) < 0)
                {
                    var choices = valid.Length == 0 ? "none (only 'next', with a goto)" : string.Join(", ", valid) + ", next";
                    _diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InvalidEndpoint, _text.Span(property.NameSpan), Kind(step.Kind), $"'{name}'", choices));
                    continue;
                }

                if (name == EndpointNames.Branches)
                {
                    if (property.Value is not JsonObject branches)
                    {
                        WrongType(property.Value, "branches", "an object of named branches, each an array of steps");
                        continue;
                    }

                    CheckDuplicates(branches);
                    foreach (var branch in branches.Properties)
                    {
                        step.Endpoints.Add(new JsonEndpoint(name, branch.Name, ReadSteps(branch.Value, "branch '" + branch.Name + "'", step.EnclosingForEach), null, branch.NameSpan));
                    }

                    continue;
                }

                var forEach = step.Kind == StepKind.ForEach && name == EndpointNames.Each ? step : step.EnclosingForEach;
                if (property.Value is JsonArray)
                {
                    step.Endpoints.Add(new JsonEndpoint(name, null, ReadSteps(property.Value, name, forEach), null, property.NameSpan));
                }
                else if (ReadGoto(property.Value, name, allowSteps: true) is { } jump)
                {
                    step.Endpoints.Add(new JsonEndpoint(name, null, null, jump.Goto, property.NameSpan));
                }
            }
        }

        private (GotoModel Goto, JsonSpan Span)? ReadGoto(JsonNode node, string name, bool allowSteps)
        {
            if (node is not JsonObject target)
            {
                WrongType(node, name, allowSteps ? "an array of steps or {\"goto\": \"step-id\"}" : "{\"goto\": \"step-id\"}");
                return null;
            }

            CheckProperties(target, "A goto", new[] { "goto" });
            if (String(target, "goto", "a goto", required: true) is not { } id)
            {
                return null;
            }

            return (new GotoModel(id.Value, _text.Span(id.Span)), id.Span);
        }

        private RetryModel? ReadRetry(JsonNode? node)
        {
            if (node is null)
            {
                return null;
            }

            if (node is not JsonObject retry)
            {
                WrongType(node, "retry", "an object such as {\"attempts\": 3, \"backoff\": \"200ms\"}");
                return null;
            }

            CheckProperties(retry, "'retry'", new[] { "attempts", "backoff", "multiplier", "max", "jitter" });
            var attempts = Integer(retry, "attempts", 3, minimum: 1);
            // The defaults of C#'s [Retry]: one semantics for both front ends.
            var initial = Duration(retry, "backoff") ?? 1_000;
            var max = Duration(retry, "max") ?? 60_000;
            var multiplier = Number(retry, "multiplier", 2.0);
            var jitter = Number(retry, "jitter", 0.0);
            return new RetryModel(attempts, (int)Math.Min(initial, int.MaxValue), multiplier, (int)Math.Min(max, int.MaxValue), jitter, _text.Span(retry.Span));
        }

        private TriggerModel? ReadTrigger(JsonNode? node)
        {
            if (node is null)
            {
                return null;
            }

            if (node is not JsonObject trigger)
            {
                WrongType(node, "trigger", "an object such as {\"type\": \"manual\"}");
                return null;
            }

            if (String(trigger, "type", "the trigger", required: true) is not { } type)
            {
                return null;
            }

            if (!TriggerProperties.TryGetValue(type.Value, out var allowed))
            {
                Invalid(type, "type", "a trigger is one of: " + string.Join(", ", TriggerProperties.Keys) + Suggestions.DidYouMean(type.Value, TriggerProperties.Keys));
                return null;
            }

            CheckProperties(trigger, $"{Naming.Article(type.Value)} {type.Value} trigger", allowed);
            var settings = new List<TriggerSetting>();
            foreach (var property in trigger.Properties)
            {
                if (property.Name == "type")
                {
                    continue;
                }

                if (property.Value is JsonString text)
                {
                    settings.Add(new TriggerSetting(property.Name, text.Value) { Location = _text.Span(text.Span) });
                }
                else
                {
                    WrongType(property.Value, property.Name, "a string");
                }
            }

            switch (type.Value)
            {
                case "record":
                    Require(trigger, "object", "the record trigger", ": the object whose records start the flow");
                    if (Require(trigger, "event", "the record trigger", ": one of " + string.Join(", ", TriggerModel.RecordEvents)) is JsonString recordEvent
                        && Array.IndexOf(TriggerModel.RecordEvents, recordEvent.Value) < 0)
                    {
                        Invalid(recordEvent, "event", "use one of " + string.Join(", ", TriggerModel.RecordEvents) + Suggestions.DidYouMean(recordEvent.Value, TriggerModel.RecordEvents));
                    }

                    break;
                case "schedule":
                    Require(trigger, "cron", "the schedule trigger", ": a cron expression such as \"0 9 * * 1-5\"");
                    if (trigger.Find("catchUp")?.Value is JsonString catchUp && Array.IndexOf(TriggerModel.CatchUps, catchUp.Value) < 0)
                    {
                        Invalid(catchUp, "catchUp", "use \"none\", \"one\" or \"all\"");
                    }

                    break;
                case "webhook":
                    Require(trigger, "path", "the webhook trigger", ": the path it listens on, such as \"/hooks/orders\"");
                    if (trigger.Find("method")?.Value is JsonString method && method.Value is not ("POST" or "GET"))
                    {
                        Invalid(method, "method", "use \"POST\" or \"GET\"");
                    }

                    break;
                case "event":
                    Require(trigger, "event", "the event trigger", ": the name of the event");
                    break;
            }

            return new TriggerModel(type.Value, settings.ToEquatableArray(), _text.Span(trigger.Span));
        }

        private void ReadTypedNames(JsonObject flow, string property, List<JsonTypedName> into, bool allowDefaults)
        {
            if (Object(flow, property) is not { } names)
            {
                return;
            }

            CheckDuplicates(names);
            foreach (var entry in names.Properties)
            {
                if (!IsIdentifier(entry.Name))
                {
                    _diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.JsonInvalidValue, _text.Span(entry.NameSpan), entry.Name, "a name is letters, digits and '_', not starting with a digit"));
                    continue;
                }

                JsonString? typeText = null;
                JsonNode? initial = null;
                string? description = null;
                if (entry.Value is JsonString text)
                {
                    typeText = text;
                }
                else if (allowDefaults && entry.Value is JsonObject declaration)
                {
                    CheckProperties(declaration, $"Variable '{entry.Name}'", new[] { "type", "default" });
                    typeText = String(declaration, "type", $"variable '{entry.Name}'", required: true);
                    initial = declaration.Find("default")?.Value;
                }
                else if (!allowDefaults && entry.Value is JsonObject or JsonNull)
                {
                    // An input is a type, or {"type": ..., "description": ...}; without a type a manual start cannot check it.
                    var input = entry.Value as JsonObject;
                    if (input is not null)
                    {
                        CheckProperties(input, $"Input '{entry.Name}'", new[] { "type", "description" });
                        description = String(input, "description", $"input '{entry.Name}'")?.Value;
                    }

                    if (input?.Find("type") is null)
                    {
                        _diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.UntypedInput, _text.Span(entry.NameSpan), entry.Name, JsonTypeNames.Names));
                        into.Add(new JsonTypedName(entry.Name, entry.NameSpan, CelType.Dyn, null) { Description = description });
                        continue;
                    }

                    typeText = String(input, "type", $"input '{entry.Name}'");
                }
                else
                {
                    WrongType(entry.Value, entry.Name, allowDefaults ? "a type such as \"int\", or {\"type\": ..., \"default\": ...}" : "a type such as \"string\", or {\"type\": ..., \"description\": ...}");
                    continue;
                }

                if (typeText is null)
                {
                    continue;
                }

                if (JsonTypeNames.Parse(typeText.Value) is not { } type)
                {
                    Invalid(typeText, entry.Name, "not a type; use one of " + JsonTypeNames.Names);
                    continue;
                }

                into.Add(new JsonTypedName(entry.Name, entry.NameSpan, type, initial) { Description = description });
            }
        }

        // ---- property helpers ----------------------------------------------------------------------------

        private JsonNode? Require(JsonObject owner, string name, string ownerName, string hint)
        {
            var value = owner.Find(name)?.Value;
            if (value is null)
            {
                Missing(owner.Span.Start, Naming.Capitalize(ownerName), name, hint);
            }

            return value;
        }

        private JsonObject? Object(JsonObject owner, string name)
        {
            var value = owner.Find(name)?.Value;
            if (value is null or JsonObject)
            {
                return (JsonObject?)value;
            }

            WrongType(value, name, "an object");
            return null;
        }

        private int Integer(JsonObject owner, string name, int fallback, int minimum)
        {
            var value = owner.Find(name)?.Value;
            if (value is null)
            {
                return fallback;
            }

            if (value is JsonNumber number && int.TryParse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result))
            {
                if (result >= minimum)
                {
                    return result;
                }

                _diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.JsonInvalidValue, _text.Span(value.Span), name, $"must be at least {minimum}"));
                return fallback;
            }

            WrongType(value, name, "a whole number");
            return fallback;
        }

        private double Number(JsonObject owner, string name, double fallback)
        {
            var value = owner.Find(name)?.Value;
            if (value is null)
            {
                return fallback;
            }

            if (value is JsonNumber number && double.TryParse(number.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var result))
            {
                return result;
            }

            WrongType(value, name, "a number");
            return fallback;
        }

        /// <summary>A duration property ("30s", "1h30m", "200ms") in milliseconds.</summary>
        internal long? Duration(JsonObject owner, string name)
        {
            if (String(owner, name, name) is not { } text)
            {
                return null;
            }

            if (JsonTypeNames.TryParseDuration(text.Value, out var milliseconds))
            {
                return milliseconds;
            }

            Invalid(text, name, "write a duration such as \"30s\", \"1h30m\" or \"200ms\"");
            return null;
        }

        private List<string> StringArray(JsonNode node, string name)
        {
            var result = new List<string>();
            if (node is not JsonArray array)
            {
                WrongType(node, name, "an array of strings");
                return result;
            }

            foreach (var item in array.Items)
            {
                if (item is JsonString text)
                {
                    result.Add(text.Value);
                }
                else
                {
                    WrongType(item, name, "an array of strings");
                }
            }

            return result;
        }


        /// <summary>A step kind as JSON writes it (<c>foreach</c>, <c>approval</c>).</summary>
        internal static string Kind(StepKind kind) => kind.ToString().ToLowerInvariant();

        internal static bool IsIdentifier(string text)
        {
            if (text.Length == 0 || !(char.IsLetter(text[0]) || text[0] == '_'))
            {
                return false;
            }

            foreach (var c in text)
            {
                if (!(char.IsLetterOrDigit(c) || c == '_'))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsFlowId(string id)
        {
            if (id.Length == 0 || !(char.IsLower(id[0]) || char.IsDigit(id[0])))
            {
                return false;
            }

            foreach (var c in id)
            {
                if (!(c is >= 'a' and <= 'z' || char.IsDigit(c) || c is '-' or '_' or '.'))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
