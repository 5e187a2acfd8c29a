using System;
using System.Collections.Generic;
using System.Linq;
using Automations.Compiled.Model;
using Automations.Compiled.Text;

namespace Automations.Compiled.Validation
{
    /// <summary>
    /// The one validator (SPEC §1–§4). Analyzers report what it finds; the generator runs it only to decide
    /// whether to emit a state machine or a throwing stub; the CLI prints it.
    /// </summary>
    internal static class FlowValidator
    {
        public static IReadOnlyList<FlowDiagnostic> Validate(FlowModel flow)
        {
            var diagnostics = new List<FlowDiagnostic>(flow.FrontEndDiagnostics);
            var graph = new FlowGraph(flow);
            var paths = new FlowPaths(graph);

            if (flow.Root.Steps.IsEmpty)
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.EmptyFlow, flow.Location, flow.Id));
            }

            foreach (var duplicate in graph.Duplicates)
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.DuplicateStepId, duplicate.Model.Location, duplicate.Model.Id, flow.Id));
            }

            foreach (var scope in graph.Scopes)
            {
                if (scope.Context == scope && scope.Parent!.Scope.Context is { } outer)
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.NestedConcurrency, scope.Parent.Model.Location, scope.Parent.Model.Id, outer.Describe()));
                }
            }

            foreach (var node in graph.Steps)
            {
                CheckEndpoints(graph, node, diagnostics);
                CheckRetry(node, diagnostics);
                CheckConcurrency(graph, node, diagnostics);
                CheckArguments(graph, paths, node, node.Model.Call, compensation: false, diagnostics);
                CheckArguments(graph, paths, node, node.Model.Compensation, compensation: true, diagnostics);
                if (node.Model.Kind == StepKind.Set)
                {
                    CheckSet(flow, node, diagnostics);
                }
            }

            PathRules.Check(graph, paths, diagnostics);
            SettingsRules.Check(graph, diagnostics);
            SafeguardRules.Check(graph, diagnostics);
            LlmRules.Check(graph, diagnostics);
            return diagnostics;
        }

        public static bool HasErrors(IEnumerable<FlowDiagnostic> diagnostics) => diagnostics.Any(d => d.Severity == FlowSeverity.Error);

        private static void CheckEndpoints(FlowGraph graph, StepNode node, List<FlowDiagnostic> diagnostics)
        {
            var step = node.Model;
            foreach (var endpoint in step.Endpoints)
            {
                if (!EndpointNames.IsValid(step.Kind, endpoint.Name))
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InvalidEndpoint, endpoint.Location ?? step.Location,
                        step.Kind.ToString().ToLowerInvariant(), $"'{endpoint.Name}'", string.Join(", ", EndpointNames.For(step.Kind))));
                }

                if (endpoint.Goto is { } jump)
                {
                    if (endpoint.Scope is { Steps.IsEmpty: false })
                    {
                        diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.GotoFromOccupiedSlot, jump.Location ?? endpoint.Location,
                            endpoint.Name, step.Id, "nested steps"));
                    }

                    var crossesInto = endpoint.Name is EndpointNames.Each or EndpointNames.Branches;
                    CheckGoto(graph, node, jump, crossesInto, diagnostics);
                }
            }

            if (step.NextGoto is { } next)
            {
                if (node.NextSibling is { } sibling)
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.GotoFromOccupiedSlot, next.Location,
                        EndpointNames.Next, step.Id, $"a following sibling ('{sibling.Model.Id}')"));
                }

                CheckGoto(graph, node, next, false, diagnostics);
            }

            if (step.Kind == StepKind.Run)
            {
                var target = step.Target is null ? null : graph.Find(step.Target);
                if (target is null)
                {
                    var written = step.Target ?? "";
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.RunTargetMissing, step.TargetLocation ?? step.Location, step.Id, written,
                        Suggestions.DidYouMean(written, graph.Ids)) with { Fix = Suggestions.Closest(written, graph.Ids) });
                }
                else if (target.Scope.Context != node.Scope.Context)
                {
                    var context = node.Scope.Context ?? target.Scope.Context!;
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.RunAcrossBoundary, step.TargetLocation ?? step.Location, step.Id, target.Model.Id, context.Describe()));
                }
            }
        }

        private static void CheckGoto(FlowGraph graph, StepNode source, GotoModel jump, bool fromBodySlot, List<FlowDiagnostic> diagnostics)
        {
            var target = graph.Find(jump.Target);
            if (target is null)
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.GotoTargetMissing, jump.Location, jump.Target, graph.Flow.Id,
                    Suggestions.DidYouMean(jump.Target, graph.Ids)) with { Fix = Suggestions.Closest(jump.Target, graph.Ids) });
                return;
            }

            if (target == source)
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.GotoToSelf, jump.Location, source.Model.Id));
                return;
            }

            var from = source.Scope.Boundary;
            var to = target.Scope.Boundary;
            if (fromBodySlot)
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.GotoAcrossBoundary, jump.Location, source.Model.Id, target.Model.Id,
                    $"would replace the {(source.Model.Kind == StepKind.ForEach ? "foreach body" : "parallel branches")} of '{source.Model.Id}'"));
            }
            else if (from != to)
            {
                var why = to is not null && !IsWithin(from, to)
                    ? $"enters {to.Describe()}"
                    : $"leaves {from!.Describe()}";
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.GotoAcrossBoundary, jump.Location, source.Model.Id, target.Model.Id, why));
            }
        }

        private static bool IsWithin(ScopeNode? inner, ScopeNode outer)
        {
            for (var scope = inner; scope is not null; scope = scope.Parent?.Scope.Boundary)
            {
                if (scope == outer)
                {
                    return true;
                }
            }

            return false;
        }

        private static void CheckRetry(StepNode node, List<FlowDiagnostic> diagnostics)
        {
            if (node.Model.Retry is not { } retry)
            {
                return;
            }

            string? problem = retry.Attempts < 1 ? "Attempts must be 1 or more (it counts every try, the first included)"
                : retry.InitialDelayMs < 0 ? "InitialDelayMs must not be negative"
                : retry.MaxDelayMs < 0 ? "MaxDelayMs must not be negative"
                : retry.Multiplier < 1 ? "Multiplier must be 1 or more"
                : retry.Jitter < 0 || retry.Jitter > 1 ? "Jitter must be between 0 and 1"
                : null;
            if (problem is not null)
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InvalidRetry, retry.Location ?? node.Model.Location, node.Model.Id, problem));
            }
        }

        private static void CheckConcurrency(FlowGraph graph, StepNode node, List<FlowDiagnostic> diagnostics)
        {
            if (node.Scope.Context is { } context && StepKinds.Suspends(node.Model.Kind))
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.SuspensionInParallel, node.Model.Location,
                    node.Model.Id, node.Model.Kind.ToString().ToLowerInvariant(), context.Describe()));
            }
        }

        private static void CheckArguments(FlowGraph graph, FlowPaths paths, StepNode node, CallModel? call, bool compensation, List<FlowDiagnostic> diagnostics)
        {
            if (call is null)
            {
                return;
            }

            foreach (var argument in call.Arguments)
            {
                switch (argument.Kind)
                {
                    case ArgumentKind.Item:
                    case ArgumentKind.Index:
                        var loop = node.EnclosingForEach;
                        var name = argument.Kind == ArgumentKind.Item ? "item" : "index";
                        if (loop is null || compensation)
                        {
                            diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.ItemOutsideForEach, argument.Location, name, WhereItemIsNot(node, compensation)));
                        }
                        else if (argument.Kind == ArgumentKind.Item && loop.Model.ItemType is { } itemType && !SameType(argument.Type, itemType))
                        {
                            diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.OutputTypeMismatch, argument.Location, node.Model.Id, loop.Model.Id + " (item)", argument.Type, itemType));
                        }

                        break;
                    case ArgumentKind.StepOutput:
                        var source = argument.Name is null ? null : graph.Find(argument.Name);
                        if (source is null)
                        {
                            diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.UnknownStepOutput, argument.Location, node.Model.Id, argument.Name ?? ""));
                        }
                        else if (source.Model.OutputType is not { } outputType)
                        {
                            diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.StepHasNoOutput, argument.Location, node.Model.Id, source.Model.Id));
                        }
                        else if (source.Scope.Context is { Parent.Model.Kind: StepKind.ForEach } body && node.Scope.Context != body)
                        {
                            diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.OutputOfParallelItem, argument.Location, node.Model.Id, source.Model.Id, body.Parent!.Model.Id));
                        }
                        else if (!SameType(argument.Type, outputType))
                        {
                            diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.OutputTypeMismatch, argument.Location, node.Model.Id, source.Model.Id, argument.Type, outputType));
                        }
                        else if (!(compensation && source == node) && !paths.HasCompletedBefore(source, node))
                        {
                            // A compensation runs after its own step completed; everything else needs the source on every path.
                            diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.OutputNotGuaranteed, argument.Location,
                                node.Model.Id, PathRules.Line(node.Model.Location), source.Model.Id, PathRules.Line(source.Model.Location),
                                PathRules.WhyNotCompleted(paths, source, node)));
                        }

                        break;
                    case ArgumentKind.Variable:
                        var variable = graph.Flow.Variables.FirstOrDefault(v => v.Name == argument.Name);
                        if (variable is null)
                        {
                            diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.UndefinedVariable, argument.Location, argument.Name ?? "", node.Model.Id));
                        }
                        else if (!SameType(argument.Type, variable.Type))
                        {
                            diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.VariableTypeMismatch, argument.Location, node.Model.Id, variable.Name, argument.Type, variable.Type));
                        }

                        break;
                }
            }
        }

        /// <summary>Where <c>item</c> was expected to come from: the foreach the step follows, if there is one.</summary>
        private static string WhereItemIsNot(StepNode node, bool compensation)
        {
            var at = $"'{node.Model.Id}'{PathRules.Line(node.Model.Location)}";
            if (compensation)
            {
                return $"is not defined in the compensation of {at}: compensations run after the loop, during a rollback";
            }

            for (var step = node; step is not null; step = step.Scope.Parent)
            {
                for (var i = step.Position - 1; i >= 0; i--)
                {
                    if (step.Scope.Steps[i].Model.Kind == StepKind.ForEach)
                    {
                        var loop = step.Scope.Steps[i].Model;
                        return $"is defined by foreach '{loop.Id}'{PathRules.Line(loop.Location)}, but {at} runs after the loop";
                    }
                }
            }

            return $"is not defined: {at} is not inside a foreach";
        }

        private static void CheckSet(FlowModel flow, StepNode node, List<FlowDiagnostic> diagnostics)
        {
            var step = node.Model;
            if (step.Target is null)
            {
                return; // the front end could not read the target and has said so
            }

            var variable = flow.Variables.FirstOrDefault(v => v.Name == step.Target);
            if (variable is null)
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.UndefinedVariable, step.TargetLocation ?? step.Location, step.Target ?? "", step.Id));
            }
            else if (step.OutputType is { } valueType && !SameType(valueType, variable.Type))
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.VariableTypeMismatch, step.Location, step.Id, variable.Name, valueType, variable.Type));
            }
        }

        /// <summary>Types compare without nullable annotations; <c>object</c> accepts anything.</summary>
        internal static bool SameType(string wanted, string actual)
        {
            var a = wanted.TrimEnd('?');
            var b = actual.TrimEnd('?');
            return string.Equals(a, b, StringComparison.Ordinal) || a == "global::System.Object";
        }
    }
}
