using System;
using System.Collections.Generic;
using System.Linq;
using Automations.Compiled.Model;

namespace Automations.Compiled.Validation
{
    /// <summary>
    /// The rules that follow control through a flow (SPEC §2–§3): goto loops that can never end, run steps that call
    /// themselves without bound, standalone steps nothing reaches, steps after a stop, and outputs read where their
    /// step may not have run. Messages name the path, so the user sees why, not only what.
    /// </summary>
    internal static class PathRules
    {
        public static void Check(FlowGraph graph, FlowPaths paths, List<FlowDiagnostic> diagnostics)
        {
            CheckEndlessLoops(paths, diagnostics);
            CheckRunRecursion(graph, paths, diagnostics);
            CheckUnreached(graph, diagnostics);
        }

        /// <summary>" (line 8)", or nothing when the model carries no locations (the generator's copy).</summary>
        public static string Line(SourceSpan? location) => location is null ? "" : $" (line {location.StartLine + 1})";

        // ---- goto loops --------------------------------------------------------------------------------

        /// <summary>
        /// Follows, from every reachable position, the successor taken when nothing decides; a cycle there has no
        /// wait, condition or stop on it, so a run that enters it loops until its step budget fails it.
        /// </summary>
        private static void CheckEndlessLoops(FlowPaths paths, List<FlowDiagnostic> diagnostics)
        {
            var state = new Dictionary<(int, int), int>(); // 1: on the current walk, 2: finished
            var reported = new HashSet<string>(StringComparer.Ordinal);
            foreach (var start in paths.Positions.Where(p => p.In is not null).OrderBy(p => p.Step!.Index).ThenBy(p => p.GotoScope))
            {
                var walk = new List<(StepNode Step, int GotoScope, GotoModel? Via)>();
                var place = new Place(PlaceKind.Step, start.Step, start.GotoScope, null, null);
                while (place.Kind == PlaceKind.Step)
                {
                    var key = (place.Step!.Index, place.GotoScope);
                    state.TryGetValue(key, out var seen);
                    if (seen == 2)
                    {
                        break;
                    }

                    if (seen == 1)
                    {
                        var from = walk.FindIndex(w => w.Step == place.Step && w.GotoScope == place.GotoScope);
                        ReportLoop(walk.Skip(from).ToList(), place.Via, reported, diagnostics);
                        break;
                    }

                    state[key] = 1;
                    walk.Add((place.Step, place.GotoScope, place.Via));
                    if (paths.Always(place.Step, place.GotoScope) is not { } next)
                    {
                        break;
                    }

                    place = next;
                }

                foreach (var visited in walk)
                {
                    state[(visited.Step.Index, visited.GotoScope)] = 2;
                }
            }
        }

        private static void ReportLoop(List<(StepNode Step, int GotoScope, GotoModel? Via)> cycle, GotoModel? closing, HashSet<string> reported, List<FlowDiagnostic> diagnostics)
        {
            // The gotos of the loop: each step entered through one, and the one that closes the walk.
            var gotos = new List<(GotoModel Goto, int At)>();
            for (var i = 0; i < cycle.Count; i++)
            {
                var via = i == 0 ? closing : cycle[i].Via;
                if (via is not null)
                {
                    gotos.Add((via, i));
                }
            }

            if (gotos.Count == 0)
            {
                return; // tree order alone never loops; nothing to blame
            }

            var key = string.Join(",", cycle.Select(c => c.Step.Index).OrderBy(i => i));
            if (!reported.Add(key))
            {
                return;
            }

            // Blame the first goto in the file, and start the path at the step it targets.
            var blamed = gotos.OrderBy(g => g.Goto.Location?.Path ?? "", StringComparer.Ordinal).ThenBy(g => g.Goto.Location?.Start ?? 0).First();
            var ordered = cycle.Skip(blamed.At).Concat(cycle.Take(blamed.At)).Select(c => c.Step).ToList();
            var path = string.Join(" → ", ordered.Select(s => $"'{s.Model.Id}'")) + $" → goto '{ordered[0].Model.Id}'";
            diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.EndlessGotoLoop, blamed.Goto.Location ?? ordered[0].Model.Location, path));
        }

        // ---- run recursion -----------------------------------------------------------------------------

        /// <summary>
        /// Each run step calls the run steps its target reaches when nothing decides; a cycle among those calls
        /// recurses until the step budget fails the run.
        /// </summary>
        private static void CheckRunRecursion(FlowGraph graph, FlowPaths paths, List<FlowDiagnostic> diagnostics)
        {
            var calls = new Dictionary<StepNode, List<StepNode>>();
            foreach (var run in graph.Steps.Where(s => s.Model.Kind == StepKind.Run))
            {
                var reached = new List<StepNode>();
                if (run.Model.Target is { } target && graph.Find(target) is { } called)
                {
                    var seen = new HashSet<(int, int)>();
                    var place = paths.Jump(called, null);
                    while (place.Kind == PlaceKind.Step && seen.Add((place.Step!.Index, place.GotoScope)))
                    {
                        if (place.Step.Model.Kind == StepKind.Run)
                        {
                            reached.Add(place.Step);
                        }

                        if (paths.Always(place.Step, place.GotoScope) is not { } next)
                        {
                            break;
                        }

                        place = next;
                    }
                }

                calls[run] = reached;
            }

            var reported = new HashSet<StepNode>();
            foreach (var run in calls.Keys.OrderBy(r => r.Index))
            {
                if (reported.Contains(run) || FindCycle(run, calls) is not { } cycle)
                {
                    continue;
                }

                foreach (var member in cycle)
                {
                    reported.Add(member);
                }

                var first = calls[run].Count > 0 ? run : cycle[0];
                var why = cycle.Count == 1
                    ? $"Run step '{first.Model.Id}' runs '{first.Model.Target}', which always reaches '{first.Model.Id}' again"
                    : "Run steps " + string.Join(" → ", cycle.Concat(new[] { cycle[0] }).Select(r => $"'{r.Model.Id}'")) + " call each other";
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.UnboundedRunRecursion, first.Model.TargetLocation ?? first.Model.Location, why));
            }
        }

        /// <summary>A cycle of calls through <paramref name="start"/>, in call order from it, or null.</summary>
        private static List<StepNode>? FindCycle(StepNode start, Dictionary<StepNode, List<StepNode>> calls)
        {
            var path = new List<StepNode> { start };
            var visited = new HashSet<StepNode> { start };
            return Search(start);

            List<StepNode>? Search(StepNode current)
            {
                foreach (var next in calls[current])
                {
                    if (next == start)
                    {
                        return new List<StepNode>(path);
                    }

                    if (visited.Add(next))
                    {
                        path.Add(next);
                        if (Search(next) is { } found)
                        {
                            return found;
                        }

                        path.RemoveAt(path.Count - 1);
                    }
                }

                return null;
            }
        }

        // ---- unreached steps ---------------------------------------------------------------------------

        private static void CheckUnreached(FlowGraph graph, List<FlowDiagnostic> diagnostics)
        {
            var targeted = new HashSet<string>(StringComparer.Ordinal);
            foreach (var step in graph.Steps)
            {
                if (step.Model.NextGoto is { } next)
                {
                    targeted.Add(next.Target);
                }

                foreach (var endpoint in step.Model.Endpoints)
                {
                    if (endpoint.Goto is { } jump)
                    {
                        targeted.Add(jump.Target);
                    }
                }

                if (step.Model.Kind == StepKind.Run && step.Model.Target is { } target)
                {
                    targeted.Add(target);
                }
            }

            foreach (var scope in graph.Standalone)
            {
                if (scope.Steps.Count > 0 && !targeted.Contains(scope.Steps[0].Model.Id))
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.StandaloneNeverReached, scope.Steps[0].Model.Location, scope.Steps[0].Model.Id));
                }
            }

            foreach (var scope in graph.Scopes)
            {
                for (var i = 0; i + 1 < scope.Steps.Count; i++)
                {
                    var after = scope.Steps[i + 1];
                    if (scope.Steps[i].Model.Kind == StepKind.Stop && !targeted.Contains(after.Model.Id))
                    {
                        diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.UnreachableAfterStop, after.Model.Location, after.Model.Id, scope.Steps[i].Model.Id));
                    }
                }
            }
        }

        // ---- outputs on every path ---------------------------------------------------------------------

        /// <summary>
        /// Why <paramref name="source"/> may not have completed when <paramref name="reader"/> starts: where the source
        /// sits relative to the reader, or the first path into the reader on which it has not run.
        /// </summary>
        public static string WhyNotCompleted(FlowPaths paths, StepNode source, StepNode reader)
        {
            var x = source.Model.Id;
            var readerScopes = new HashSet<ScopeNode>();
            for (var scope = reader.Scope; scope is not null; scope = scope.Parent?.Scope)
            {
                readerScopes.Add(scope);
            }

            // The outermost scope around the source that does not also hold the reader.
            ScopeNode? outside = null;
            for (var scope = source.Scope; scope is not null && !readerScopes.Contains(scope); scope = scope.Parent?.Scope)
            {
                outside = scope;
            }

            if (outside is not null)
            {
                var owner = outside.Parent;
                if (owner is null && outside.IsStandalone)
                {
                    return $"'{x}' is in {outside.Describe()}, which runs only when a goto or run step reaches it";
                }

                if (owner is null)
                {
                    // The source is in the main sequence and the reader in a standalone scope: a path explains it.
                }
                else if (owner.Model.Kind == StepKind.ForEach && outside == outside.Boundary)
                {
                    return $"'{x}' runs inside foreach '{owner.Model.Id}'{Line(owner.Model.Location)}, which may have no items";
                }

                else if (owner.Model.Kind == StepKind.Parallel && readerScopes.Contains(owner.Scope) && IsInside(reader, owner))
                {
                    return $"'{x}' runs in another branch of parallel '{owner.Model.Id}'{Line(owner.Model.Location)}, at the same time";
                }

                else if (owner.Model.Kind != StepKind.Parallel)
                {
                    return $"'{x}' runs only in '{outside.Endpoint!.Name}' of '{owner.Model.Id}'{Line(owner.Model.Location)}";
                }
            }
            else
            {
                var ancestor = reader;
                while (ancestor.Scope != source.Scope)
                {
                    ancestor = ancestor.Scope.Parent!;
                }

                if (ancestor == source)
                {
                    return reader.Scope.Endpoint?.Name == EndpointNames.Error && reader.Scope.Parent == source
                        ? $"it runs in the 'error' endpoint of '{x}', where '{x}' has failed"
                        : $"it runs inside '{x}', before '{x}' has completed";
                }

                if (ancestor.Position < source.Position)
                {
                    return $"'{x}' runs after it";
                }
            }

            return WhyByPath(paths, source, reader) ?? $"'{x}' does not run on every path to it";
        }

        private static bool IsInside(StepNode step, StepNode ancestor)
        {
            for (var scope = step.Scope; scope.Parent is not null; scope = scope.Parent.Scope)
            {
                if (scope.Parent == ancestor)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Walks back from the reader along ways in that lack the source, to the goto, call or failure that explains it.</summary>
        private static string? WhyByPath(FlowPaths paths, StepNode source, StepNode reader)
        {
            var x = source.Model.Id;
            var pending = new Queue<PathNode>(paths.PositionsOf(reader).Where(p => p.In is not null));
            var seen = new HashSet<PathNode>(pending);
            while (pending.Count > 0 && seen.Count < 10_000)
            {
                var node = pending.Dequeue();
                foreach (var edge in node.Incoming)
                {
                    if (edge.From.In is null || FlowPaths.Has(FlowPaths.Carried(edge), source.Index))
                    {
                        continue;
                    }

                    var from = edge.From.Step;
                    var into = node.Step is { } target ? $"'{target.Model.Id}'" : "it";
                    switch (edge.Kind)
                    {
                        case PathEdgeKind.Goto when from is not null:
                            return $"{into} is also reached by the goto from '{from.Model.Id}'{Line(edge.Via?.Location ?? from.Model.Location)}, where '{x}' has not run";
                        case PathEdgeKind.Call when from is not null:
                            return $"run step '{from.Model.Id}'{Line(from.Model.Location)} runs {into} before '{x}' has run";
                        case PathEdgeKind.Failure when from == source:
                            return $"'{x}' may fail and the flow goes on without it ({(source.Model.FindEndpoint(EndpointNames.Error) is null ? "onError: continue" : "its 'error' endpoint")})";
                    }

                    if (seen.Add(edge.From))
                    {
                        pending.Enqueue(edge.From);
                    }
                }
            }

            return null;
        }
    }
}
