using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Automations.Compiled.Model;
using Automations.Compiled.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Automations.Compiled.CSharp
{
    /// <summary>
    /// The C# front end: reads an attributed <c>[Flow]</c> class into the flow model. It never throws on
    /// bad input; every problem becomes a front-end diagnostic on the model.
    /// </summary>
    internal static class CSharpFlowReader
    {
        internal static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .WithMiscellaneousOptions(
                (SymbolDisplayFormat.FullyQualifiedFormat.MiscellaneousOptions | SymbolDisplayMiscellaneousOptions.ExpandNullable)
                & ~SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

        public static FlowModel Read(INamedTypeSymbol type, AttributeData flowAttribute, CancellationToken cancellationToken)
        {
            try
            {
                return ReadCore(type, flowAttribute, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception error)
            {
                // A bug of ours must not take the build down: the flow becomes invalid with a diagnostic saying so.
                var location = Span(type.Locations.FirstOrDefault());
                return Skeleton(type, type.Name, location) with
                {
                    FrontEndDiagnostics = new[]
                    {
                        DiagnosticCatalog.Create(DiagnosticCatalog.FrontEndFailure, location, type.Name, error.GetType().Name + ": " + error.Message),
                    }.ToEquatableArray(),
                };
            }
        }

        private static FlowModel ReadCore(INamedTypeSymbol type, AttributeData flowAttribute, CancellationToken cancellationToken)
        {
            var diagnostics = new List<FlowDiagnostic>();
            var classLocation = Span(type.Locations.FirstOrDefault());

            if (!IsPartial(flowAttribute, cancellationToken))
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.FlowClassNotPartial, classLocation, type.Name));
            }

            if (type.IsGenericType || type.IsStatic || type.IsRecord || InGenericType(type))
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.FlowNotInstantiable, classLocation, type.Name));
            }

            var flowId = flowAttribute.ConstructorArguments.Length > 0 ? flowAttribute.ConstructorArguments[0].Value as string ?? "" : "";
            if (flowId.Trim().Length == 0 || flowId.Trim() != flowId)
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InvalidFlowId, ArgumentSpan(flowAttribute, 0, null) ?? classLocation, type.Name, flowId));
            }

            var model = Skeleton(type, flowId, classLocation);

            foreach (var argument in flowAttribute.NamedArguments)
            {
                model = argument.Key switch
                {
                    "Version" when argument.Value.Value is int version => model with { Version = version },
                    "Description" => model with { Description = argument.Value.Value as string },
                    "Journal" when argument.Value.Value is int journal => model with { Journal = (JournalKind)journal },
                    "StepBudget" when argument.Value.Value is int budget => model with { StepBudget = budget },
                    "GotoHopBudget" when argument.Value.Value is int hops => model with { GotoHopBudget = hops },
                    "MaxSubflowDepth" when argument.Value.Value is int depth => model with { MaxSubflowDepth = depth },
                    "Roles" when !argument.Value.IsNull => model with
                    {
                        Roles = argument.Value.Values.Select(v => v.Value as string ?? "").ToEquatableArray(),
                    },
                    _ => model,
                };
            }

            model = model with { Variables = ReadVariables(type), Trigger = ReadTrigger(type, model.Id, diagnostics), Safeguards = ReadSafeguards(type, flowAttribute) };

            var steps = new List<StepDraft>();
            var compensations = new List<(IMethodSymbol Method, AttributeData Attribute)>();
            foreach (var member in type.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (member is not IMethodSymbol method || method.MethodKind != MethodKind.Ordinary)
                {
                    continue;
                }

                foreach (var attribute in method.GetAttributes())
                {
                    var attributeClass = attribute.AttributeClass;
                    if (attributeClass is null)
                    {
                        continue;
                    }

                    if (DerivesFrom(attributeClass, KnownNames.StepAttribute))
                    {
                        var kind = KindOf(attributeClass.Name);
                        if (kind is { } stepKind)
                        {
                            steps.Add(ReadStep(method, attribute, stepKind, model, diagnostics));
                        }
                    }
                    else if (Is(attributeClass, KnownNames.CompensateAttribute))
                    {
                        compensations.Add((method, attribute));
                    }
                }
            }

            // Names in attributes are method names (nameof) or step ids: resolve both to step ids.
            var byName = new Dictionary<string, StepDraft>(StringComparer.Ordinal);
            foreach (var step in steps)
            {
                if (!byName.ContainsKey(step.MethodName))
                {
                    byName[step.MethodName] = step;
                }
            }

            string Resolve(string name) => byName.TryGetValue(name, out var draft) ? draft.Id : name;

            foreach (var (method, attribute) in compensations)
            {
                var target = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string ?? "" : "";
                var draft = byName.TryGetValue(target, out var byMethod) ? byMethod : steps.FirstOrDefault(s => s.Id == target);
                var location = ArgumentSpan(attribute, 0, null) ?? Span(method.Locations.FirstOrDefault());
                if (draft is null)
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.UnknownCompensationTarget, location, method.Name, target));
                }
                else if (draft.Compensation is not null)
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.DuplicateCompensation, location, draft.Id));
                }
                else
                {
                    draft.Compensation = ReadCall(method, draft.Id, model, diagnostics);
                    if (AsyncShape(method, draft.Id, StepKind.Action, null) is { } asyncShape)
                    {
                        diagnostics.Add(asyncShape);
                    }
                }
            }

            foreach (var step in steps)
            {
                step.Model = step.Model with
                {
                    Call = step.Model.Call is { } call ? ResolveArguments(call, Resolve) : null,
                    Compensation = step.Compensation is { } compensation ? ResolveArguments(compensation, Resolve) : null,
                    Target = step.Model.Kind == StepKind.Run && step.Model.Target is { } runTarget ? Resolve(runTarget) : step.Model.Target,
                };
                step.Gotos = step.Gotos.Select(g => (g.Endpoint, new GotoModel(Resolve(g.Goto.Target), g.Goto.Location), g.Location)).ToList();
            }

            var tree = new TreeBuilder(steps, byName, diagnostics, model.Id);
            model = model with
            {
                Members = steps.Where(s => s.Glue is not null).Select(s => s.Glue!).ToEquatableArray(),
                Root = tree.BuildScope(null, ScopeKey.Root),
                Standalone = tree.BuildStandalone(),
            };
            tree.ReportUnplaced(steps);
            model = model with { FrontEndDiagnostics = diagnostics.ToEquatableArray() };
            return model;
        }

        /// <summary>What every flow model of a class carries: identity, where the code goes, the input type.</summary>
        /// <summary>The flow's trigger attribute (SPEC §6) as the same settings a JSON trigger has; null for none (manual).</summary>
        private static TriggerModel? ReadTrigger(INamedTypeSymbol type, string flowId, List<FlowDiagnostic> diagnostics)
        {
            var triggers = type.GetAttributes().Where(a => a.AttributeClass is { } c && DerivesFrom(c, KnownNames.TriggerAttribute)).ToList();
            foreach (var extra in triggers.Skip(1))
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.TwoTriggers, Span(extra.ApplicationSyntaxReference?.GetSyntax().GetLocation()), flowId));
            }

            if (triggers.FirstOrDefault() is not { } attribute)
            {
                return null;
            }

            var settings = new List<TriggerSetting>();
            void Add(string name, object? value, int position, string? named)
            {
                if (value is string text)
                {
                    settings.Add(new TriggerSetting(name, text) { Location = ArgumentSpan(attribute, position, named) });
                }
            }

            object? Positional(int position) => attribute.ConstructorArguments.Length > position ? attribute.ConstructorArguments[position].Value : null;
            object? Named(string name) => attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value;
            string? Pick(string[] names, object? index) => index is int i && i >= 0 && i < names.Length ? names[i] : null;

            var kind = attribute.AttributeClass!.Name switch
            {
                "ScheduleTriggerAttribute" => "schedule",
                "RecordTriggerAttribute" => "record",
                "WebhookTriggerAttribute" => "webhook",
                "EventTriggerAttribute" => "event",
                _ => "manual",
            };
            switch (kind)
            {
                case "schedule":
                    Add("cron", Positional(0), 0, null);
                    Add("timeZone", Named("TimeZone") ?? "UTC", -1, "TimeZone");
                    Add("catchUp", Pick(TriggerModel.CatchUps, Named("CatchUp")), -1, "CatchUp");
                    break;
                case "record":
                    Add("object", Positional(0), 0, null);
                    Add("event", Pick(TriggerModel.RecordEvents, Positional(1)), 1, null);
                    Add("condition", Named("Condition"), -1, "Condition");
                    break;
                case "webhook":
                    Add("path", Positional(0), 0, null);
                    Add("method", Named("Method") ?? "POST", -1, "Method");
                    break;
                case "event":
                    Add("event", Positional(0), 0, null);
                    Add("condition", Named("Condition"), -1, "Condition");
                    break;
            }

            return new TriggerModel(kind, settings.ToEquatableArray(), Span(attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation()));
        }

        /// <summary>
        /// <c>[Throttle]</c>s and the safeguards of <c>[Flow]</c> (MaxConcurrentRuns, TimeBudget, CostBudget), as written: the
        /// validator judges them. A C# flow calls its own step methods, not <c>[FlowAction]</c>s, so it lists no actions.
        /// </summary>
        private static SafeguardsModel ReadSafeguards(INamedTypeSymbol type, AttributeData flowAttribute)
        {
            var safeguards = SafeguardsModel.Empty;
            foreach (var argument in flowAttribute.NamedArguments)
            {
                safeguards = argument.Key switch
                {
                    "MaxConcurrentRuns" when argument.Value.Value is int runs => safeguards with
                    {
                        MaxConcurrentRuns = runs,
                        MaxConcurrentRunsLocation = ArgumentSpan(flowAttribute, -1, "MaxConcurrentRuns"),
                    },
                    "TimeBudget" when argument.Value.Value is string budget => safeguards with
                    {
                        TimeBudget = budget,
                        TimeBudgetLocation = ArgumentSpan(flowAttribute, -1, "TimeBudget"),
                    },
                    "CostBudget" when argument.Value.Value is long cost => safeguards with
                    {
                        CostBudget = cost,
                        CostBudgetLocation = ArgumentSpan(flowAttribute, -1, "CostBudget"),
                    },
                    _ => safeguards,
                };
            }

            var throttles = new List<ThrottleModel>();
            foreach (var attribute in type.GetAttributes())
            {
                if (attribute.AttributeClass is not { } attributeClass || !Is(attributeClass, KnownNames.ThrottleAttribute) || attribute.ConstructorArguments.Length != 2)
                {
                    continue;
                }

                var limit = attribute.ConstructorArguments[0].Value is int l ? l : 0;
                var window = attribute.ConstructorArguments[1].Value as string ?? "";
                var mode = ThrottleModeKind.Queue;
                var scope = ThrottleScopeKind.Flow;
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "Mode" && named.Value.Value is int m)
                    {
                        mode = (ThrottleModeKind)m;
                    }
                    else if (named.Key == "Scope" && named.Value.Value is int sc)
                    {
                        scope = (ThrottleScopeKind)sc;
                    }
                }

                var location = Span(attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation());
                throttles.Add(new ThrottleModel(limit, window, mode, scope, location)
                {
                    LimitLocation = ArgumentSpan(attribute, 0, null) ?? location,
                    WindowLocation = ArgumentSpan(attribute, 1, null) ?? location,
                    ScopeLocation = ArgumentSpan(attribute, -1, "Scope") ?? location,
                });
            }

            // Source order, so diagnostics and the emitted list read as the class does.
            throttles.Sort((a, b) => (a.Location?.Start ?? 0).CompareTo(b.Location?.Start ?? 0));
            return throttles.Count == 0 ? safeguards : safeguards with { Throttles = throttles.ToEquatableArray() };
        }

        private static FlowModel Skeleton(INamedTypeSymbol type, string id, SourceSpan? location) => new()
        {
            Id = id,
            Origin = FlowOrigin.CSharp,
            Namespace = type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            TypeName = type.Name,
            ContainingTypes = ContainingTypes(type),
            InputType = InputType(type),
            Location = location,
        };

        private static CallModel ResolveArguments(CallModel call, Func<string, string> resolve)
            => call with
            {
                Arguments = call.Arguments
                    .Select(a => a.Kind == ArgumentKind.StepOutput && a.Name is { } name ? a with { Name = resolve(name) } : a)
                    .ToEquatableArray(),
            };

        private static StepDraft ReadStep(IMethodSymbol method, AttributeData attribute, StepKind kind, FlowModel flow, List<FlowDiagnostic> diagnostics)
        {
            var order = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is int o ? o : 0;
            var draft = new StepDraft(method.Name, order, Span(method.Locations.FirstOrDefault())) { Id = StepId(method, attribute) };
            var step = new StepModel { Kind = kind, Location = draft.Location };
            long waitDuration = 0, waitTimeout = 0;
            string? waitEvent = null;
            var waitRoles = EquatableArray<string>.Empty;

            foreach (var argument in attribute.NamedArguments)
            {
                var value = argument.Value.Kind == TypedConstantKind.Array ? null : argument.Value.Value;
                switch (argument.Key)
                {
                    case "Parent":
                        draft.Parent = value as string;
                        draft.ParentLocation = ArgumentSpan(attribute, -1, "Parent");
                        break;
                    case "On":
                        draft.On = value as string;
                        draft.OnLocation = ArgumentSpan(attribute, -1, "On");
                        break;
                    case "Branch":
                        draft.Branch = value as string;
                        break;
                    case "Standalone":
                        draft.Standalone = value as string;
                        break;
                    case "OnError" when value is int mode:
                        step = step with { OnError = (ErrorMode)mode };
                        break;
                    case "Parallelism" when value is int parallelism:
                        step = step with { Parallelism = parallelism };
                        break;
                    case "Version" when value is int version:
                        step = step with { TargetVersion = version };
                        break;
                    case "Status" when value is int status:
                        step = step with { StopStatus = status switch { 5 => StopStatus.Failed, 6 => StopStatus.Cancelled, _ => StopStatus.Completed } };
                        break;
                    case "Message":
                        step = step with { Message = value as string };
                        break;
                    case "Seconds" when value is double seconds:
                        waitDuration = (long)(seconds * 1000);
                        break;
                    case "Event":
                        waitEvent = value as string;
                        break;
                    case "TimeoutSeconds" when value is double timeout:
                        waitTimeout = (long)(timeout * 1000);
                        break;
                    case "Roles" when !argument.Value.IsNull:
                        waitRoles = argument.Value.Values.Select(v => v.Value as string ?? "").ToEquatableArray();
                        break;
                }
            }

            if (kind is StepKind.Wait or StepKind.Approval && (waitDuration > 0 || waitEvent is not null || waitTimeout > 0 || !waitRoles.IsEmpty))
            {
                step = step with { Wait = new WaitModel(waitDuration, waitEvent, waitTimeout, waitRoles) };
            }

            if (kind is StepKind.Run or StepKind.Subflow or StepKind.Set or StepKind.Query or StepKind.Create or StepKind.Update or StepKind.Delete
                && attribute.ConstructorArguments.Length > 1)
            {
                step = step with
                {
                    Target = attribute.ConstructorArguments[1].Value as string,
                    TargetLocation = ArgumentSpan(attribute, 1, null),
                };
            }

            step = step with { Id = draft.Id };
            foreach (var other in method.GetAttributes())
            {
                if (other.AttributeClass is not { } otherClass)
                {
                    continue;
                }

                if (Is(otherClass, KnownNames.RetryAttribute))
                {
                    step = step with { Retry = ReadRetry(other) };
                }
                else if (Is(otherClass, KnownNames.GotoAttribute) && other.ConstructorArguments.Length > 0)
                {
                    var endpoint = other.ConstructorArguments.Length == 1 ? EndpointNames.Next : other.ConstructorArguments[0].Value as string ?? "";
                    var target = other.ConstructorArguments[other.ConstructorArguments.Length - 1].Value as string ?? "";
                    var location = Span(other.ApplicationSyntaxReference?.GetSyntax().GetLocation());
                    var targetLocation = ArgumentSpan(other, other.ConstructorArguments.Length - 1, null) ?? location;
                    draft.Gotos.Add((endpoint, new GotoModel(target, targetLocation), location));
                }
            }

            step = kind == StepKind.Llm ? ShapeLlm(method, attribute, step, flow, diagnostics, draft) : ShapeCall(method, step, flow, diagnostics);
            draft.Model = step;
            return draft;
        }

        /// <summary>Checks the method's shape for its step kind and records what it calls and outputs.</summary>
        private static StepModel ShapeCall(IMethodSymbol method, StepModel step, FlowModel flow, List<FlowDiagnostic> diagnostics)
        {
            var location = step.Location;
            var declarationOnly = method.IsPartialDefinition && method.PartialImplementationPart is null;
            FlowDiagnostic? asyncShape = null;
            void Bad(string why)
            {
                // An async method with the wrong awaitable is reported once, with its own fix, not again for its result.
                if (asyncShape is null)
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InvalidSignature, location, step.Id, why));
                }
            }

            if (step.Kind is StepKind.Parallel or StepKind.Run)
            {
                if (!declarationOnly || method.Parameters.Length > 0)
                {
                    Bad($"a {Describe(step.Kind)} step is only a marker: declare it as 'partial void {method.Name}();' without a body");
                }

                return step;
            }

            if (step.Kind == StepKind.Stop && declarationOnly)
            {
                return step;
            }

            if (step.Kind is StepKind.Wait or StepKind.Approval && declarationOnly)
            {
                if (step.Kind == StepKind.Wait && step.Wait is not { DurationMs: > 0 } and not { EventName: not null })
                {
                    Bad("a wait marker needs Seconds = ... or Event = ... on [Wait]; or give the method a body that returns a WaitSpec");
                }
                else if (step.Kind == StepKind.Approval && step.Wait is not { Roles.IsEmpty: false })
                {
                    Bad("an approval marker needs Roles = new[] { ... } on [Approval]; or give the method a body that returns Approval.Request(...)");
                }

                return step with
                {
                    OutputType = step.Kind == StepKind.Wait ? KnownNames.GlobalObject + "?" : KnownNames.ApprovalDecisionType,
                };
            }

            if (declarationOnly)
            {
                Bad($"a {Describe(step.Kind)} step needs a method body");
                return step;
            }

            var call = ReadCall(method, step.Id, flow, diagnostics);
            var result = call.ResultType;
            asyncShape = AsyncShape(method, step.Id, step.Kind, ValueTypeOf(step, flow));
            if (asyncShape is not null)
            {
                diagnostics.Add(asyncShape);
            }

            switch (step.Kind)
            {
                case StepKind.Action:
                    return step with { Call = call, OutputType = result };
                case StepKind.Condition:
                    if (result != KnownNames.GlobalBool)
                    {
                        Bad("a condition method must return bool (or ValueTask<bool>, Task<bool>)");
                    }

                    return step with { Call = call, OutputType = KnownNames.GlobalBool };
                case StepKind.ForEach:
                    var itemType = ElementType(method.ReturnType, call.ReturnKind);
                    if (itemType is null)
                    {
                        Bad("a foreach method must return the items: IReadOnlyList<T> or IEnumerable<T> (or a task of one)");
                    }

                    if (step.Parallelism < 1)
                    {
                        Bad("Parallelism must be 1 or more");
                    }

                    return step with
                    {
                        Call = call,
                        ItemType = itemType,
                        OutputType = itemType is null ? null : $"global::System.Collections.Generic.IReadOnlyList<{itemType}>",
                    };
                case StepKind.Wait:
                case StepKind.Approval:
                    if (result != KnownNames.WaitSpecType)
                    {
                        Bad(step.Kind == StepKind.Wait
                            ? "a wait method must return a WaitSpec: Wait.For(duration), Wait.Until(instant) or Wait.ForEvent(name, timeout)"
                            : "an approval method must return a WaitSpec from Approval.Request(roles, timeout)");
                    }

                    return step with
                    {
                        Call = call,
                        OutputType = step.Kind == StepKind.Wait ? KnownNames.GlobalObject + "?" : KnownNames.ApprovalDecisionType,
                    };
                case StepKind.Subflow:
                    return step with { Call = call, OutputType = KnownNames.GlobalObject + "?" };
                case StepKind.Query:
                    if (result != KnownNames.RecordQueryType)
                    {
                        Bad("a query method must return a RecordQuery");
                    }

                    return step with { Call = call, OutputType = KnownNames.RecordListType };
                case StepKind.Create:
                    if (!ImplementsFields(method.ReturnType, call.ReturnKind))
                    {
                        Bad("a create method must return the new record's fields as IReadOnlyDictionary<string, object?> (a FlowRecord works)");
                    }

                    return step with { Call = call, OutputType = KnownNames.RecordType };
                case StepKind.Update:
                    if (result != KnownNames.RecordChangeType)
                    {
                        Bad("an update method must return a RecordChange");
                    }

                    return step with { Call = call, OutputType = KnownNames.RecordType };
                case StepKind.Delete:
                    if (result != KnownNames.GlobalString)
                    {
                        Bad("a delete method must return the id of the record to delete, as a string");
                    }

                    return step with { Call = call, OutputType = "global::System.Boolean" };
                case StepKind.Set:
                    if (result is null)
                    {
                        Bad("a set method must return the value to assign");
                    }

                    return step with { Call = call, OutputType = result };
                case StepKind.Stop:
                    if (result != KnownNames.GlobalString || call.ReturnKind != ReturnKind.Value)
                    {
                        Bad("a stop method returns its message as a string, or is declared 'partial void Name();' with [Stop(Message = ...)]");
                    }

                    return step with { Call = call };
                default:
                    return step with { Call = call };
            }
        }

        /// <summary>
        /// An <c>[Llm(order, typeof(Answer))]</c> method returns the prompt; the step calls <c>LlmStep.InvokeAsync</c> through
        /// a generated method (<see cref="StepDraft.Glue"/>) with the flow's chat client and the schema written from the
        /// answer type, as a JSON flow's llm step does (docs/ai-steps.md).
        /// </summary>
        private static StepModel ShapeLlm(IMethodSymbol method, AttributeData attribute, StepModel step, FlowModel flow, List<FlowDiagnostic> diagnostics, StepDraft draft)
        {
            var location = step.Location;
            if (method.IsPartialDefinition && method.PartialImplementationPart is null)
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InvalidSignature, location, step.Id, "an llm step needs a method body that returns its prompt"));
                return step;
            }

            var call = ReadCall(method, step.Id, flow, diagnostics);
            if (call.ReturnKind != ReturnKind.Value || call.ResultType != KnownNames.GlobalString)
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InvalidSignature, location, step.Id, "an llm method returns its prompt as a string; the answer's type is the attribute's second argument, [Llm(order, typeof(Answer))]"));
                return step;
            }

            if (attribute.ConstructorArguments.Length < 2 || attribute.ConstructorArguments[1].Value is not INamedTypeSymbol outputType)
            {
                return step; // the compiler reports the missing or wrong argument
            }

            var output = LlmOutputReader.Read(outputType, CancellationToken.None);
            var typeLocation = ArgumentSpan(attribute, 1, null) ?? location;
            if (output.Problem is not null)
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.LlmOutputTypeNotUsable, typeLocation, step.Id, output.Name, "cannot be an answer: " + output.Problem));
                return step;
            }

            string minimum = "null";
            if (attribute.NamedArguments.FirstOrDefault(a => a.Key == "MinConfidence").Value.Value is double minConfidence && !double.IsNaN(minConfidence))
            {
                var confidenceLocation = ArgumentSpan(attribute, -1, "MinConfidence") ?? location;
                if (minConfidence is < 0 or > 1)
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InvalidSignature, confidenceLocation, step.Id, "MinConfidence is a number from 0 to 1, such as 0.8"));
                    return step;
                }

                var answer = output.Shapes.FirstOrDefault(shape => shape.ClrType == output.ClrType);
                if (answer?.Find("confidence") is not { Type.Kind: Cel.CelTypeKind.Double or Cel.CelTypeKind.Int })
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InvalidSignature, confidenceLocation, step.Id, $"MinConfidence needs a numeric Confidence property on {outputType.Name} for the step to check it"));
                    return step;
                }

                minimum = minConfidence.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            }

            if (ChatClientOf(method.ContainingType) is not { } chat)
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.LlmStepWithoutChatClient, location, flow.Id, step.Id));
                return step;
            }

            // The generated method takes what the prompt method takes, then the step's context and token for the call.
            var resultType = outputType.ToDisplayString(TypeFormat);
            var name = "__Llm_" + method.Name;
            var parameters = call.Arguments.Select((a, i) => $"{a.Type} __a{i}").ToList();
            var prompt = $"{method.Name}({string.Join(", ", call.Arguments.Select((_, i) => "__a" + i))})";
            parameters.Add("global::" + KnownNames.StepContext + " __context");
            parameters.Add("global::System.Threading.CancellationToken __cancellationToken");
            draft.Glue =
                $"/// <summary>Step '{Text.XmlDocText.Escape(step.Id)}': asks the chat model for an answer of its type, with the prompt <c>{method.Name}</c> returns.</summary>\n"
                + $"private global::System.Threading.Tasks.Task<{resultType}> {name}({string.Join(", ", parameters)})\n"
                + $"    => global::Automations.Compiled.LlmStep.InvokeAsync<{resultType}>(this.{chat}, __context, {prompt}, {Text.CSharpLiteral.String(output.Schema)}, {minimum}, __cancellationToken);";
            var arguments = call.Arguments.Concat(new[]
            {
                new ArgumentModel(ArgumentKind.Context, "global::" + KnownNames.StepContext, null, location),
                new ArgumentModel(ArgumentKind.CancellationToken, "global::System.Threading.CancellationToken", null, location),
            }).ToEquatableArray();
            return step with { Call = new CallModel(name, false, ReturnKind.TaskOfT, resultType, arguments, false), OutputType = resultType };
        }

        /// <summary>The flow's own field or property of type IChatClient (or a non-private one of a base class), or null.</summary>
        private static string? ChatClientOf(INamedTypeSymbol flowType)
        {
            for (var type = flowType; type is not null; type = type.BaseType)
            {
                foreach (var member in type.GetMembers())
                {
                    var memberType = member switch
                    {
                        IFieldSymbol { IsStatic: false, IsImplicitlyDeclared: false } field => field.Type,
                        IPropertySymbol { IsStatic: false, IsIndexer: false, GetMethod: not null } property => property.Type,
                        _ => null,
                    };
                    if (memberType is not null && (type.Equals(flowType, SymbolEqualityComparer.Default) || member.DeclaredAccessibility != Accessibility.Private)
                        && memberType.ToDisplayString(TypeFormat) == KnownNames.ChatClientType)
                    {
                        return member.Name;
                    }
                }
            }

            return null;
        }

        /// <summary>The type a step method of this kind must produce, when the kind says which; null otherwise.</summary>
        private static string? ValueTypeOf(StepModel step, FlowModel flow) => step.Kind switch
        {
            StepKind.Condition => KnownNames.GlobalBool,
            StepKind.Wait or StepKind.Approval => KnownNames.WaitSpecType,
            StepKind.Query => KnownNames.RecordQueryType,
            StepKind.Update => KnownNames.RecordChangeType,
            StepKind.Delete => KnownNames.GlobalString,
            StepKind.Set => flow.Variables.FirstOrDefault(v => v.Name == step.Target)?.Type,
            _ => null,
        };

        /// <summary>
        /// AUTO0007 for an async method whose awaitable cannot carry what the step needs, with the return type to
        /// write instead as the diagnostic's fix: <c>async void</c> on a step that returns nothing (the run could not
        /// await it and its exceptions would escape the run) becomes <c>ValueTask</c>; <c>async void</c>, <c>Task</c> or
        /// <c>ValueTask</c> on a step that must produce a value of a known type becomes <c>Task&lt;T&gt;</c> or
        /// <c>ValueTask&lt;T&gt;</c>. Other shapes are left to the step kind's own check.
        /// </summary>
        private static FlowDiagnostic? AsyncShape(IMethodSymbol method, string stepId, StepKind kind, string? valueType)
        {
            var body = method.PartialImplementationPart ?? method;
            var (returns, _) = ReturnOf(method.ReturnType);
            if (!body.IsAsync || returns is not (ReturnKind.Void or ReturnKind.Task or ReturnKind.ValueTask))
            {
                return null;
            }

            string why;
            string fix;
            if (kind is StepKind.Action or StepKind.Subflow)
            {
                if (returns != ReturnKind.Void)
                {
                    return null;
                }

                fix = "global::System.Threading.Tasks.ValueTask";
                why = "'async void' cannot be awaited by the run, and its exceptions would escape the run; return 'async ValueTask' (or 'async Task')";
            }
            else if (valueType is not null)
            {
                var awaitable = returns == ReturnKind.Task ? "Task" : "ValueTask";
                fix = $"global::System.Threading.Tasks.{awaitable}<{valueType}>";
                var written = returns == ReturnKind.Void ? "void" : awaitable;
                why = $"an async {Describe(kind)} method returns its {ShortName(valueType)} through its task: return 'async {awaitable}<{ShortName(valueType)}>' instead of 'async {written}'";
            }
            else
            {
                return null;
            }

            var declaration = body.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() as MethodDeclarationSyntax;
            var location = Span(declaration?.ReturnType.GetLocation()) ?? Span(method.Locations.FirstOrDefault());
            return DiagnosticCatalog.Create(DiagnosticCatalog.InvalidSignature, location, stepId, why) with { Fix = fix };
        }

        /// <summary><c>global::System.Collections.Generic.IReadOnlyList&lt;global::System.String&gt;</c> → <c>IReadOnlyList&lt;string&gt;</c>, for messages and code-fix titles.</summary>
        internal static string ShortName(string type)
        {
            var builder = new StringBuilder(type.Length);
            var start = 0;
            for (var i = 0; i <= type.Length; i++)
            {
                if (i < type.Length && (char.IsLetterOrDigit(type[i]) || type[i] is '_' or '.' or ':'))
                {
                    continue;
                }

                var name = type.Substring(start, i - start);
                builder.Append(name switch
                {
                    "global::System.Boolean" => "bool",
                    "global::System.String" => "string",
                    "global::System.Object" => "object",
                    "global::System.Int32" => "int",
                    "global::System.Int64" => "long",
                    "global::System.Double" => "double",
                    "global::System.Decimal" => "decimal",
                    _ => name.Substring(name.LastIndexOf('.') + 1),
                });
                if (i < type.Length)
                {
                    builder.Append(type[i]);
                }

                start = i + 1;
            }

            return builder.ToString();
        }

        private static CallModel ReadCall(IMethodSymbol method, string stepId, FlowModel flow, List<FlowDiagnostic> diagnostics)
        {
            var (returnKind, resultType) = ReturnOf(method.ReturnType);
            var arguments = new List<ArgumentModel>();
            foreach (var parameter in method.Parameters)
            {
                var type = parameter.Type.ToDisplayString(TypeFormat);
                var location = Span(parameter.Locations.FirstOrDefault());
                ArgumentModel? argument = null;
                foreach (var attribute in parameter.GetAttributes())
                {
                    var attributeClass = attribute.AttributeClass;
                    var name = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string : null;
                    if (attributeClass is null)
                    {
                        continue;
                    }

                    if (Is(attributeClass, KnownNames.FromStepAttribute))
                    {
                        argument = new ArgumentModel(ArgumentKind.StepOutput, type, name ?? "", ArgumentSpan(attribute, 0, null) ?? location);
                    }
                    else if (Is(attributeClass, KnownNames.VarAttribute))
                    {
                        argument = new ArgumentModel(ArgumentKind.Variable, type, name, ArgumentSpan(attribute, 0, null) ?? location);
                    }
                    else if (Is(attributeClass, KnownNames.ItemAttribute))
                    {
                        argument = new ArgumentModel(ArgumentKind.Item, type, null, location);
                    }
                    else if (Is(attributeClass, KnownNames.IndexAttribute))
                    {
                        argument = new ArgumentModel(ArgumentKind.Index, type, null, location);
                    }
                    else if (Is(attributeClass, KnownNames.SecretAttribute))
                    {
                        argument = new ArgumentModel(ArgumentKind.Secret, type, name, location);
                    }
                }

                if (argument is null)
                {
                    if (type == "global::System.Threading.CancellationToken")
                    {
                        argument = new ArgumentModel(ArgumentKind.CancellationToken, type, null, location);
                    }
                    else if (type == "global::" + KnownNames.StepContext)
                    {
                        argument = new ArgumentModel(ArgumentKind.Context, type, null, location);
                    }
                    else if (Strip(type) == "global::" + KnownNames.FlowTrigger)
                    {
                        argument = new ArgumentModel(ArgumentKind.Trigger, type, null, location);
                    }
                    else if (flow.InputType is not null && Strip(type) == Strip(flow.InputType))
                    {
                        argument = new ArgumentModel(ArgumentKind.Input, type, null, location);
                    }
                }

                if (argument is null || parameter.RefKind != RefKind.None)
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.UnsupportedParameter, location, parameter.Name, stepId));
                    continue;
                }

                if ((argument.Kind == ArgumentKind.Secret && Strip(type) != KnownNames.GlobalString)
                    || (argument.Kind == ArgumentKind.Index && type != KnownNames.GlobalInt))
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InvalidSignature, location, stepId,
                        argument.Kind == ArgumentKind.Secret ? $"[Secret] parameter '{parameter.Name}' must be a string" : $"[Index] parameter '{parameter.Name}' must be an int"));
                    continue;
                }

                arguments.Add(argument);
            }

            return new CallModel(method.Name, method.IsStatic, returnKind, resultType, arguments.ToEquatableArray(), false);
        }

        internal static (ReturnKind Kind, string? Result) ReturnOf(ITypeSymbol type)
        {
            if (type.SpecialType == SpecialType.System_Void)
            {
                return (ReturnKind.Void, null);
            }

            if (type is INamedTypeSymbol named && named.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks")
            {
                switch (named.MetadataName)
                {
                    case "ValueTask":
                        return (ReturnKind.ValueTask, null);
                    case "Task":
                        return (ReturnKind.Task, null);
                    case "ValueTask`1":
                        return (ReturnKind.ValueTaskOfT, named.TypeArguments[0].ToDisplayString(TypeFormat));
                    case "Task`1":
                        return (ReturnKind.TaskOfT, named.TypeArguments[0].ToDisplayString(TypeFormat));
                }
            }

            return (ReturnKind.Value, type.ToDisplayString(TypeFormat));
        }

        private static ITypeSymbol? Unwrap(ITypeSymbol type, ReturnKind kind)
            => kind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT && type is INamedTypeSymbol named ? named.TypeArguments[0] : type;

        private static string? ElementType(ITypeSymbol returnType, ReturnKind kind)
        {
            var type = Unwrap(returnType, kind);
            if (type is null || type.SpecialType == SpecialType.System_String)
            {
                return null;
            }

            if (type is IArrayTypeSymbol array)
            {
                return array.ElementType.ToDisplayString(TypeFormat);
            }

            var enumerable = type is INamedTypeSymbol { MetadataName: "IEnumerable`1" } self
                && self.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic"
                ? self
                : type.AllInterfaces.FirstOrDefault(i => i.MetadataName == "IEnumerable`1" && i.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic");
            return enumerable?.TypeArguments[0].ToDisplayString(TypeFormat);
        }

        private static bool ImplementsFields(ITypeSymbol returnType, ReturnKind kind)
        {
            var type = Unwrap(returnType, kind);
            if (type is null)
            {
                return false;
            }

            return type.ToDisplayString(TypeFormat) == KnownNames.FieldsType
                || type.AllInterfaces.Any(i => i.ToDisplayString(TypeFormat) == KnownNames.FieldsType);
        }

        private static RetryModel ReadRetry(AttributeData attribute)
        {
            var attempts = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is int a ? a : 1;
            int initial = 1000, max = 60000;
            double multiplier = 2.0, jitter = 0;
            foreach (var argument in attribute.NamedArguments)
            {
                switch (argument.Key)
                {
                    case "InitialDelayMs" when argument.Value.Value is int i:
                        initial = i;
                        break;
                    case "MaxDelayMs" when argument.Value.Value is int m:
                        max = m;
                        break;
                    case "Multiplier" when argument.Value.Value is double d:
                        multiplier = d;
                        break;
                    case "Jitter" when argument.Value.Value is double j:
                        jitter = j;
                        break;
                }
            }

            return new RetryModel(attempts, initial, multiplier, max, jitter, Span(attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation()));
        }

        private static EquatableArray<VariableModel> ReadVariables(INamedTypeSymbol type)
        {
            var variables = new List<VariableModel>();
            foreach (var attribute in type.GetAttributes())
            {
                if (attribute.AttributeClass is { } c && Is(c, KnownNames.VariableAttribute)
                    && attribute.ConstructorArguments.Length == 2
                    && attribute.ConstructorArguments[0].Value is string name
                    && attribute.ConstructorArguments[1].Value is ITypeSymbol variableType)
                {
                    variables.Add(new VariableModel(name, variableType.ToDisplayString(TypeFormat), ArgumentSpan(attribute, 0, null)));
                }
            }

            return variables.ToEquatableArray();
        }

        internal static string? InputType(INamedTypeSymbol type)
        {
            foreach (var @interface in type.AllInterfaces)
            {
                if (@interface.OriginalDefinition.ToDisplayString() == "Automations.Compiled.IFlow<TInput>")
                {
                    return @interface.TypeArguments[0].ToDisplayString(TypeFormat);
                }
            }

            return null;
        }

        internal static EquatableArray<string> ContainingTypes(INamedTypeSymbol type)
        {
            var chain = new List<string>();
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                var keyword = outer.IsRecord ? (outer.IsValueType ? "record struct" : "record") : outer.IsValueType ? "struct" : outer.TypeKind == TypeKind.Interface ? "interface" : "class";
                var typeParameters = outer.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", outer.TypeParameters.Select(p => p.Name)) + ">";
                chain.Insert(0, $"partial {keyword} {outer.Name}{typeParameters}");
            }

            return chain.ToEquatableArray();
        }

        /// <summary>
        /// Looks at the declaration that carries [Flow], not at every part: the generated part is always partial,
        /// and C# reports CS0260 for the other parts anyway.
        /// </summary>
        internal static bool IsPartial(AttributeData flowAttribute, CancellationToken cancellationToken)
        {
            var declaration = flowAttribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).FirstAncestorOrSelf<TypeDeclarationSyntax>();
            return declaration is null || declaration.Modifiers.Any(m => m.IsKind(SyntaxKind.PartialKeyword));
        }

        internal static bool InGenericType(INamedTypeSymbol type)
        {
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                if (outer.IsGenericType)
                {
                    return true;
                }
            }

            return false;
        }

        private static StepKind? KindOf(string attributeName) => attributeName switch
        {
            "ActionAttribute" => StepKind.Action,
            "ConditionAttribute" => StepKind.Condition,
            "ForEachAttribute" => StepKind.ForEach,
            "ParallelAttribute" => StepKind.Parallel,
            "WaitAttribute" => StepKind.Wait,
            "ApprovalAttribute" => StepKind.Approval,
            "SubflowAttribute" => StepKind.Subflow,
            "QueryAttribute" => StepKind.Query,
            "CreateAttribute" => StepKind.Create,
            "UpdateAttribute" => StepKind.Update,
            "DeleteAttribute" => StepKind.Delete,
            "SetAttribute" => StepKind.Set,
            "StopAttribute" => StepKind.Stop,
            "RunAttribute" => StepKind.Run,
            "LlmAttribute" => StepKind.Llm,
            _ => null,
        };

        internal static string Describe(StepKind kind) => kind.ToString().ToLowerInvariant();

        /// <summary>
        /// The step id of a method that carries a step attribute (its <c>Id</c>, or the method name in kebab-case), or
        /// null. Code fixes use it to turn a step id back into <c>nameof(Method)</c>.
        /// </summary>
        internal static string? StepIdOf(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass is { } attributeClass && DerivesFrom(attributeClass, KnownNames.StepAttribute) && KindOf(attributeClass.Name) is not null)
                {
                    return StepId(method, attribute);
                }
            }

            return null;
        }

        private static string StepId(IMethodSymbol method, AttributeData stepAttribute)
        {
            var explicitId = stepAttribute.NamedArguments.FirstOrDefault(a => a.Key == "Id").Value;
            return explicitId.Kind != TypedConstantKind.Array && explicitId.Value is string { Length: > 0 } id ? id : KebabCase(method.Name);
        }

        private static bool DerivesFrom(INamedTypeSymbol type, string metadataName)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (Is(current, metadataName))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Is(INamedTypeSymbol type, string metadataName)
            => type.ContainingNamespace?.ToDisplayString() == KnownNames.Namespace
               && KnownNames.Namespace + "." + type.MetadataName == metadataName;

        private static string Strip(string type) => type.EndsWith("?", StringComparison.Ordinal) ? type.Substring(0, type.Length - 1) : type;

        /// <summary><c>SendReceipt</c> → <c>send-receipt</c>; <c>ChargeCard2</c> → <c>charge-card2</c>.</summary>
        internal static string KebabCase(string name)
        {
            var builder = new StringBuilder(name.Length + 4);
            for (var i = 0; i < name.Length; i++)
            {
                var c = name[i];
                if (char.IsUpper(c))
                {
                    var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                    var acronymEnds = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                    if (previousIsLowerOrDigit || acronymEnds)
                    {
                        builder.Append('-');
                    }

                    builder.Append(char.ToLowerInvariant(c));
                }
                else if (c == '_')
                {
                    builder.Append('-');
                }
                else
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }

        internal static SourceSpan? Span(Location? location)
        {
            if (location is null || !location.IsInSource)
            {
                return null;
            }

            var lines = location.GetLineSpan();
            return new SourceSpan(
                lines.Path ?? "",
                location.SourceSpan.Start,
                location.SourceSpan.Length,
                lines.StartLinePosition.Line,
                lines.StartLinePosition.Character,
                lines.EndLinePosition.Line,
                lines.EndLinePosition.Character);
        }

        /// <summary>The span of an attribute argument: positional by index, or named.</summary>
        internal static SourceSpan? ArgumentSpan(AttributeData attribute, int position, string? name)
        {
            if (attribute.ApplicationSyntaxReference?.GetSyntax() is not AttributeSyntax { ArgumentList: { } list })
            {
                return null;
            }

            var positional = 0;
            foreach (var argument in list.Arguments)
            {
                if (argument.NameEquals is { } named)
                {
                    if (name is not null && named.Name.Identifier.ValueText == name)
                    {
                        return Span(argument.Expression.GetLocation());
                    }

                    continue;
                }

                if (argument.NameColon is null && name is null && positional == position)
                {
                    return Span(argument.Expression.GetLocation());
                }

                positional++;
            }

            return null;
        }
    }
}
