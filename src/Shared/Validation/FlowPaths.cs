using System;
using System.Collections.Generic;
using Automations.Compiled.Model;

namespace Automations.Compiled.Validation
{
    /// <summary>
    /// The paths control can take through a flow (SPEC §2), found once per flow: which steps are reachable, which steps
    /// have certainly completed when a step starts (<c>steps.x.output</c>, SPEC §3), and the successor each step takes
    /// when nothing decides otherwise (followed by the goto-loop and run-recursion rules).
    /// </summary>
    /// <remarks>
    /// A position is a step plus the scope its frame last entered by a goto or a run step, because that decides where the
    /// end of a scope leads: on to the parent's next sibling, or out of the frame (a goto is a handoff, SPEC §2.3). The
    /// generated state machine keeps the same value (its <c>GotoScope</c>), so both agree on every path.
    /// "Completed before" is a must-analysis: the intersection over every path, solved to a fixpoint over bit sets.
    /// </remarks>
    internal sealed class FlowPaths
    {
        private const int NoGotoScope = -1;

        private readonly FlowGraph _graph;
        private readonly int _words;
        private readonly Dictionary<(int Step, int GotoScope), PathNode> _positions = new();
        private readonly Dictionary<ScopeNode, PathNode> _branchExits = new();
        private readonly Dictionary<(int Step, int GotoScope), PathNode> _joins = new();
        private readonly Queue<PathNode> _work = new();
        private readonly Dictionary<StepNode, ulong[]?> _completedBefore = new();

        /// <summary>Positions grouped by step, built on the first query (the solve is over by then).</summary>
        private Dictionary<StepNode, List<PathNode>>? _byStep;
        private readonly Dictionary<StepNode, ulong[]?> _callSummaries;
        private readonly HashSet<StepNode> _summarizing;

        /// <summary>Meet of what is certain wherever the frame ends: for a call, what the caller may count on after it.</summary>
        private ulong[]? _exit;

        public FlowPaths(FlowGraph graph)
            : this(graph, graph.Root.Steps.Count > 0 ? graph.Root.Steps[0] : null, NoGotoScope, new Dictionary<StepNode, ulong[]?>(), new HashSet<StepNode>())
        {
        }

        private FlowPaths(FlowGraph graph, StepNode? start, int gotoScope, Dictionary<StepNode, ulong[]?> callSummaries, HashSet<StepNode> summarizing)
        {
            _graph = graph;
            _words = (graph.Steps.Count + 63) / 64;
            _callSummaries = callSummaries;
            _summarizing = summarizing;
            if (start is not null)
            {
                var entry = Position(start, gotoScope);
                entry.In = new ulong[_words];
                _work.Enqueue(entry);
            }

            Solve();
        }

        /// <summary>
        /// The steps a run call of <paramref name="target"/> certainly completes before it returns (SPEC §2.5): solved once
        /// per target from an empty set, as what a path adds does not depend on what was certain before it. A call that
        /// (directly or not) calls itself counts as adding nothing.
        /// </summary>
        private ulong[]? CallSummary(StepNode target)
        {
            if (_callSummaries.TryGetValue(target, out var known))
            {
                return known;
            }

            if (!_summarizing.Add(target))
            {
                return null;
            }

            var call = new FlowPaths(_graph, target, target.Scope.Index, _callSummaries, _summarizing);
            _summarizing.Remove(target);
            _callSummaries[target] = call._exit;
            return call._exit;
        }

        /// <summary>Every reachable position of a step, with the steps completed on every path to it.</summary>
        public IEnumerable<PathNode> Positions => _positions.Values;

        /// <summary>The positions of <paramref name="step"/>: one per goto scope it is reached under.</summary>
        public IReadOnlyList<PathNode> PositionsOf(StepNode step)
        {
            if (_byStep is null)
            {
                _byStep = new Dictionary<StepNode, List<PathNode>>();
                foreach (var node in _positions.Values)
                {
                    if (!_byStep.TryGetValue(node.Step!, out var list))
                    {
                        _byStep.Add(node.Step!, list = new List<PathNode>());
                    }

                    list.Add(node);
                }
            }

            return _byStep.TryGetValue(step, out var found) ? found : (IReadOnlyList<PathNode>)Array.Empty<PathNode>();
        }

        /// <summary>True when some path from the start of the run reaches <paramref name="step"/>.</summary>
        public bool IsReachable(StepNode step) => CompletedBefore(step) is not null;

        /// <summary>
        /// True when <paramref name="source"/> has completed on every path that reaches <paramref name="reader"/>
        /// (vacuously true where <paramref name="reader"/> is unreachable).
        /// </summary>
        public bool HasCompletedBefore(StepNode source, StepNode reader)
            => CompletedBefore(reader) is not { } set || Has(set, source.Index);

        /// <summary>The steps completed on every path to <paramref name="step"/>; null when no path reaches it.</summary>
        private ulong[]? CompletedBefore(StepNode step)
        {
            if (_completedBefore.TryGetValue(step, out var known))
            {
                return known;
            }

            ulong[]? result = null;
            foreach (var node in PositionsOf(step))
            {
                if (node.In is { } set)
                {
                    if (result is null)
                    {
                        result = (ulong[])set.Clone();
                    }
                    else
                    {
                        IntersectInto(result, set);
                    }
                }
            }

            _completedBefore[step] = result;
            return result;
        }

        // ---- where control goes ------------------------------------------------------------------------

        /// <summary>
        /// The successor a step takes when no condition, wait, approval or stop decides: an action's success, a foreach's
        /// <c>done</c>, the join after a parallel, the return from a run call. Null when the step decides or ends the frame.
        /// </summary>
        public Place? Always(StepNode step, int gotoScope)
            => step.Model.Kind switch
            {
                StepKind.Condition or StepKind.Wait or StepKind.Approval or StepKind.Stop => null,
                StepKind.ForEach => Enter(step, EndpointNames.Done, gotoScope),
                StepKind.Parallel or StepKind.Run => After(step, gotoScope),
                _ => Enter(step, EndpointNames.Success, gotoScope),
            };

        /// <summary>Where a goto or run step lands: the target, whose scope the frame now counts as entered by goto.</summary>
        public Place Jump(StepNode target, GotoModel? via) => new(PlaceKind.Step, target, target.Scope.Index, via, null);

        /// <summary>Where control goes through <paramref name="endpoint"/> of <paramref name="step"/>: its nested steps, its goto, or on.</summary>
        private Place Enter(StepNode step, string endpoint, int gotoScope)
        {
            var model = step.Model.FindEndpoint(endpoint);
            if (model?.Scope is { Steps.IsEmpty: false })
            {
                var scope = step.Children.Find(c => c.Endpoint == model)!;
                return new Place(PlaceKind.Step, scope.Steps[0], gotoScope, null, null);
            }

            return model?.Goto is { } jump ? GotoPlace(jump) : After(step, gotoScope);
        }

        /// <summary>The step's <c>next</c> slot: its following sibling, its goto, or the end of its scope.</summary>
        private Place After(StepNode step, int gotoScope)
        {
            if (step.NextSibling is { } next)
            {
                return new Place(PlaceKind.Step, next, gotoScope, null, null);
            }

            if (step.Model.NextGoto is { } jump)
            {
                return GotoPlace(jump);
            }

            var scope = step.Scope;
            if (scope.Parent is null)
            {
                return Place.End; // the main sequence or a standalone scope: the frame ends
            }

            return scope == scope.Boundary || gotoScope == scope.Index ? FrameEnd(scope) : After(scope.Parent, gotoScope);
        }

        private Place GotoPlace(GotoModel jump)
            => _graph.Find(jump.Target) is { } target ? Jump(target, jump) : Place.End;

        /// <summary>The end of the frame <paramref name="scope"/> is in: a run (or call) ends, a foreach iteration ends, a branch joins.</summary>
        private static Place FrameEnd(ScopeNode scope)
            => scope.Boundary is not { } boundary ? Place.End
               : boundary.Parent!.Model.Kind == StepKind.ForEach ? new Place(PlaceKind.NextIteration, boundary.Steps[0], NoGotoScope, null, boundary)
               : new Place(PlaceKind.BranchExit, null, NoGotoScope, null, boundary);

        // ---- solving -----------------------------------------------------------------------------------

        private void Solve()
        {
            while (_work.Count > 0)
            {
                var node = _work.Dequeue();
                if (node.In is null)
                {
                    continue;
                }

                switch (node.Kind)
                {
                    case PathNodeKind.Step:
                        Visit(node);
                        break;
                    case PathNodeKind.BranchExit:
                        var parallel = node.Branch!.Parent!;
                        foreach (var join in _joins.Values)
                        {
                            if (join.Step == parallel)
                            {
                                Join(join);
                            }
                        }

                        break;
                    case PathNodeKind.Join:
                        Flow(node, After(node.Step!, node.GotoScope), completed: false, PathEdgeKind.Join);
                        break;
                }
            }
        }

        private void Visit(PathNode node)
        {
            var step = node.Step!;
            var g = node.GotoScope;
            switch (step.Model.Kind)
            {
                case StepKind.Stop:
                    break;
                case StepKind.Condition:
                    Flow(node, Enter(step, EndpointNames.Then, g), completed: true);
                    Flow(node, Enter(step, EndpointNames.Else, g), completed: true);
                    break;
                case StepKind.Approval:
                    Flow(node, Enter(step, EndpointNames.Approved, g), completed: true);
                    Flow(node, Enter(step, EndpointNames.Rejected, g), completed: true);
                    Flow(node, Enter(step, EndpointNames.Timeout, g), completed: true);
                    break;
                case StepKind.Wait:
                    Flow(node, Enter(step, EndpointNames.Elapsed, g), completed: true);
                    Flow(node, Enter(step, EndpointNames.Event, g), completed: true);
                    break;
                case StepKind.ForEach:
                    foreach (var body in Bodies(step))
                    {
                        Flow(node, new Place(PlaceKind.Step, body.Steps[0], NoGotoScope, null, null), completed: false, PathEdgeKind.Body);
                    }

                    // After the loop only the foreach itself is certain: the list may have had no items.
                    Flow(node, Enter(step, EndpointNames.Done, g), completed: true);
                    break;
                case StepKind.Parallel:
                    foreach (var branch in Bodies(step))
                    {
                        Flow(node, new Place(PlaceKind.Step, branch.Steps[0], NoGotoScope, null, null), completed: false, PathEdgeKind.Body);
                    }

                    if (!_joins.TryGetValue((step.Index, g), out var join))
                    {
                        join = new PathNode(PathNodeKind.Join, step, g, null);
                        _joins.Add((step.Index, g), join);
                    }

                    Join(join);
                    break;
                case StepKind.Run:
                    // The run step is recorded as done before its target runs; afterwards only that much is certain.
                    var calledSteps = default(ulong[]);
                    if (step.Model.Target is { } target && _graph.Find(target) is { } called)
                    {
                        Flow(node, Jump(called, null), completed: true, PathEdgeKind.Call);
                        calledSteps = CallSummary(called);
                    }

                    Flow(node, After(step, g), completed: true, PathEdgeKind.Sequence, calledSteps);
                    break;
                default:
                    Flow(node, Enter(step, EndpointNames.Success, g), completed: true);
                    break;
            }

            // A failure that the flow survives: the step's error endpoint, or onError: continue.
            if (step.Model.FindEndpoint(EndpointNames.Error) is not null)
            {
                Flow(node, Enter(step, EndpointNames.Error, g), completed: false, PathEdgeKind.Failure);
            }
            else if (step.Model.OnError == ErrorMode.Continue && step.Model.Kind != StepKind.Stop)
            {
                Flow(node, After(step, g), completed: false, PathEdgeKind.Failure);
            }
        }

        /// <summary>The foreach body or parallel branches of <paramref name="step"/> that hold steps.</summary>
        private static IEnumerable<ScopeNode> Bodies(StepNode step)
        {
            foreach (var child in step.Children)
            {
                if (child == child.Boundary && child.Steps.Count > 0)
                {
                    yield return child;
                }
            }
        }

        /// <summary>After a parallel step every branch has finished: what each certainly completed, together.</summary>
        private void Join(PathNode join)
        {
            var parallel = join.Step!;
            if (!_positions.TryGetValue((parallel.Index, join.GotoScope), out var before) || before.In is null)
            {
                return;
            }

            var set = With(before.In, parallel.Index);
            foreach (var branch in Bodies(parallel))
            {
                if (!_branchExits.TryGetValue(branch, out var exit) || exit.In is null)
                {
                    return; // some branch never finishes on any path seen so far
                }

                for (var i = 0; i < _words; i++)
                {
                    set[i] |= exit.In[i];
                }
            }

            if (join.In is null || !Same(join.In, set))
            {
                join.In = set;
                _work.Enqueue(join);
            }
        }

        private void Flow(PathNode from, Place place, bool completed, PathEdgeKind kind = PathEdgeKind.Sequence, ulong[]? added = null)
        {
            PathNode? to = null;
            if (place.Kind == PlaceKind.Step)
            {
                to = Position(place.Step!, place.GotoScope);
            }
            else if (place.Kind == PlaceKind.NextIteration)
            {
                to = Position(place.Step!, NoGotoScope);
                kind = PathEdgeKind.Iteration;
            }
            else if (place.Kind == PlaceKind.BranchExit)
            {
                if (!_branchExits.TryGetValue(place.Scope!, out to))
                {
                    to = new PathNode(PathNodeKind.BranchExit, null, NoGotoScope, place.Scope);
                    _branchExits.Add(place.Scope!, to);
                }
            }
            else if (place.Kind == PlaceKind.End)
            {
                var leaving = completed ? With(from.In!, from.Step!.Index) : from.In!;
                if (_exit is null)
                {
                    _exit = (ulong[])leaving.Clone();
                }
                else
                {
                    IntersectInto(_exit, leaving);
                }

                return;
            }

            if (place.Via is not null)
            {
                kind = PathEdgeKind.Goto;
            }

            var edge = new PathEdge(from, kind, completed, place.Via) { Added = added };
            if (!to!.Incoming.Contains(edge))
            {
                to.Incoming.Add(edge);
            }

            var carried = Carried(edge);
            if (to.In is null)
            {
                to.In = (ulong[])carried.Clone();
                _work.Enqueue(to);
            }
            else if (IntersectInto(to.In, carried))
            {
                _work.Enqueue(to);
            }
        }

        private PathNode Position(StepNode step, int gotoScope)
        {
            if (!_positions.TryGetValue((step.Index, gotoScope), out var node))
            {
                node = new PathNode(PathNodeKind.Step, step, gotoScope, null);
                _positions.Add((step.Index, gotoScope), node);
            }

            return node;
        }

        // ---- bit sets ----------------------------------------------------------------------------------

        /// <summary>True when <paramref name="set"/> holds step number <paramref name="index"/>.</summary>
        public static bool Has(ulong[] set, int index) => (set[index >> 6] & (1UL << (index & 63))) != 0;

        /// <summary>The set an edge carries into the next position: what was certain before, plus the step if it completed.</summary>
        public static ulong[] Carried(PathEdge edge)
        {
            var set = edge.Completed ? With(edge.From.In!, edge.From.Step!.Index) : edge.From.In!;
            if (edge.Added is { } added)
            {
                set = (ulong[])set.Clone();
                for (var i = 0; i < set.Length; i++)
                {
                    set[i] |= added[i];
                }
            }

            return set;
        }

        private static ulong[] With(ulong[] set, int index)
        {
            var copy = (ulong[])set.Clone();
            copy[index >> 6] |= 1UL << (index & 63);
            return copy;
        }

        private static bool IntersectInto(ulong[] target, ulong[] other)
        {
            var changed = false;
            for (var i = 0; i < target.Length; i++)
            {
                var next = target[i] & other[i];
                changed |= next != target[i];
                target[i] = next;
            }

            return changed;
        }

        private static bool Same(ulong[] a, ulong[] b)
        {
            for (var i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }
    }

    internal enum PlaceKind
    {
        /// <summary>A step, at a goto scope.</summary>
        Step,

        /// <summary>The end of a foreach iteration: the body starts again with the next item.</summary>
        NextIteration,

        /// <summary>The end of a parallel branch: it waits for the others to join.</summary>
        BranchExit,

        /// <summary>The frame (run or run call) ends.</summary>
        End,
    }

    /// <summary>Where control goes next; <see cref="Via"/> is the goto that leads there, if any.</summary>
    internal readonly struct Place
    {
        public static readonly Place End = new(PlaceKind.End, null, -1, null, null);

        public Place(PlaceKind kind, StepNode? step, int gotoScope, GotoModel? via, ScopeNode? scope)
        {
            Kind = kind;
            Step = step;
            GotoScope = gotoScope;
            Via = via;
            Scope = scope;
        }

        public PlaceKind Kind { get; }

        public StepNode? Step { get; }

        public int GotoScope { get; }

        public GotoModel? Via { get; }

        /// <summary>The foreach body or parallel branch whose end this is.</summary>
        public ScopeNode? Scope { get; }
    }

    internal enum PathNodeKind
    {
        Step,
        BranchExit,
        Join,
    }

    internal enum PathEdgeKind
    {
        Sequence,
        Goto,
        Call,
        Failure,
        Body,
        Iteration,
        Join,
    }

    /// <summary>A position (a step at a goto scope), a branch's end, or a parallel join, with what is certain there.</summary>
    internal sealed class PathNode
    {
        public PathNode(PathNodeKind kind, StepNode? step, int gotoScope, ScopeNode? branch)
        {
            Kind = kind;
            Step = step;
            GotoScope = gotoScope;
            Branch = branch;
        }

        public PathNodeKind Kind { get; }

        public StepNode? Step { get; }

        public int GotoScope { get; }

        public ScopeNode? Branch { get; }

        /// <summary>Steps completed on every path here; null until a path is found.</summary>
        public ulong[]? In { get; set; }

        public List<PathEdge> Incoming { get; } = new();
    }

    /// <summary>A way into a node: from where, how, and whether the source step completed on the way.</summary>
    internal sealed record PathEdge(PathNode From, PathEdgeKind Kind, bool Completed, GotoModel? Via)
    {
        /// <summary>Steps the way in adds besides its source: what a run call completed before returning.</summary>
        public ulong[]? Added { get; init; }
    }
}
