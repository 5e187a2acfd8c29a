using System;
using System.Collections.Generic;
using Automations.Compiled.Model;

namespace Automations.Compiled.Validation
{
    /// <summary>
    /// An index over a flow model: every scope and step numbered in tree order, with parents, siblings,
    /// foreach/parallel boundaries and concurrent contexts. The validator and the emitter both walk it.
    /// </summary>
    internal sealed class FlowGraph
    {
        private readonly List<ScopeNode> _scopes = new();
        private readonly List<StepNode> _steps = new();
        private readonly Dictionary<string, StepNode> _byId = new(StringComparer.Ordinal);

        public FlowGraph(FlowModel flow)
        {
            Flow = flow;
            Root = AddScope(flow.Root, null, null, isStandalone: false, boundary: null, context: null);
            foreach (var standalone in flow.Standalone)
            {
                Standalone.Add(AddScope(standalone, null, null, isStandalone: true, boundary: null, context: null));
            }
        }

        public FlowModel Flow { get; }

        public ScopeNode Root { get; }

        public List<ScopeNode> Standalone { get; } = new();

        public IReadOnlyList<ScopeNode> Scopes => _scopes;

        public IReadOnlyList<StepNode> Steps => _steps;

        /// <summary>Step ids used more than once, with every node after the first.</summary>
        public List<StepNode> Duplicates { get; } = new();

        public StepNode? Find(string id) => _byId.TryGetValue(id, out var node) ? node : null;

        /// <summary>Every step id, for "did you mean".</summary>
        public IEnumerable<string> Ids => _byId.Keys;

        private ScopeNode AddScope(ScopeModel model, StepNode? parent, EndpointModel? endpoint, bool isStandalone, ScopeNode? boundary, ScopeNode? context)
        {
            var scope = new ScopeNode(_scopes.Count, model, parent, endpoint, isStandalone);
            _scopes.Add(scope);
            var opensBoundary = parent is not null && endpoint is not null
                && ((parent.Model.Kind == StepKind.ForEach && endpoint.Name == EndpointNames.Each)
                    || (parent.Model.Kind == StepKind.Parallel && endpoint.Name == EndpointNames.Branches));
            var opensContext = opensBoundary
                && (parent!.Model.Kind == StepKind.Parallel || parent.Model.Parallelism > 1);
            scope.Boundary = opensBoundary ? scope : boundary;
            scope.Context = opensContext ? scope : context;

            for (var i = 0; i < model.Steps.Count; i++)
            {
                var step = new StepNode(_steps.Count, model.Steps[i], scope, i);
                _steps.Add(step);
                scope.Steps.Add(step);
                if (_byId.ContainsKey(step.Model.Id))
                {
                    Duplicates.Add(step);
                }
                else
                {
                    _byId.Add(step.Model.Id, step);
                }

                foreach (var child in step.Model.Endpoints)
                {
                    if (child.Scope is { } childScope)
                    {
                        var node = AddScope(childScope, step, child, isStandalone: false, scope.Boundary, scope.Context);
                        step.Children.Add(node);
                    }
                }
            }

            return scope;
        }
    }

    /// <summary>A numbered scope.</summary>
    internal sealed class ScopeNode
    {
        public ScopeNode(int index, ScopeModel model, StepNode? parent, EndpointModel? endpoint, bool isStandalone)
        {
            Index = index;
            Model = model;
            Parent = parent;
            Endpoint = endpoint;
            IsStandalone = isStandalone;
        }

        public int Index { get; }

        public ScopeModel Model { get; }

        /// <summary>The step whose endpoint holds this scope; null for the main sequence and standalone scopes.</summary>
        public StepNode? Parent { get; }

        public EndpointModel? Endpoint { get; }

        public bool IsStandalone { get; }

        public bool IsRoot => Parent is null && !IsStandalone;

        /// <summary>The innermost foreach body or parallel branch this scope is in (itself when it is one); null at run level.</summary>
        public ScopeNode? Boundary { get; set; }

        /// <summary>The innermost concurrent body (parallel branch, parallel foreach body); null in the main context.</summary>
        public ScopeNode? Context { get; set; }

        public List<StepNode> Steps { get; } = new();

        /// <summary>True when reaching the end of this scope ends a frame (run, iteration, branch, call).</summary>
        public bool EndsFrame => Parent is null || this == Boundary;

        public string Describe()
            => Parent is null
                ? (IsStandalone ? $"standalone scope '{Model.Name}'" : "the main sequence")
                : Endpoint!.Branch is { } branch ? $"branch '{branch}' of '{Parent.Model.Id}'" : $"'{Endpoint.Name}' of '{Parent.Model.Id}'";
    }

    /// <summary>A numbered step.</summary>
    internal sealed class StepNode
    {
        public StepNode(int index, StepModel model, ScopeNode scope, int position)
        {
            Index = index;
            Model = model;
            Scope = scope;
            Position = position;
        }

        public int Index { get; }

        public StepModel Model { get; }

        public ScopeNode Scope { get; }

        public int Position { get; }

        public List<ScopeNode> Children { get; } = new();

        public StepNode? NextSibling => Position + 1 < Scope.Steps.Count ? Scope.Steps[Position + 1] : null;

        /// <summary>The innermost foreach whose <c>each</c> body holds this step.</summary>
        public StepNode? EnclosingForEach
        {
            get
            {
                for (var scope = Scope; scope.Parent is not null; scope = scope.Parent.Scope)
                {
                    if (scope.Parent.Model.Kind == StepKind.ForEach && scope.Endpoint!.Name == EndpointNames.Each)
                    {
                        return scope.Parent;
                    }
                }

                return null;
            }
        }
    }
}
