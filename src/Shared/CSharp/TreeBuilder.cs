using System;
using System.Collections.Generic;
using System.Linq;
using Automations.Compiled.Model;
using Automations.Compiled.Validation;

namespace Automations.Compiled.CSharp
{
    /// <summary>Which scope a C# step sits in: the main sequence, a parent's endpoint (and branch), or a standalone scope.</summary>
    internal readonly struct ScopeKey : IEquatable<ScopeKey>
    {
        public static readonly ScopeKey Root = default;

        public ScopeKey(string? parent, string? endpoint, string? branch, string? standalone)
        {
            Parent = parent;
            Endpoint = endpoint;
            Branch = branch;
            Standalone = standalone;
        }

        public string? Parent { get; }

        public string? Endpoint { get; }

        public string? Branch { get; }

        public string? Standalone { get; }

        public bool Equals(ScopeKey other)
            => Parent == other.Parent && Endpoint == other.Endpoint && Branch == other.Branch && Standalone == other.Standalone;

        public override bool Equals(object? obj) => obj is ScopeKey other && Equals(other);

        public override int GetHashCode()
            => ((Parent?.GetHashCode() ?? 0) * 397) ^ ((Endpoint?.GetHashCode() ?? 0) * 31) ^ (Branch?.GetHashCode() ?? 0) ^ ((Standalone?.GetHashCode() ?? 0) * 7);
    }

    /// <summary>Places C# steps into scopes by their Parent/On/Branch/Standalone and order, and attaches gotos.</summary>
    internal sealed class TreeBuilder
    {
        private readonly Dictionary<ScopeKey, List<StepDraft>> _scopes = new();
        private readonly Dictionary<string, StepDraft> _byName;
        private readonly List<FlowDiagnostic> _diagnostics;
        private readonly HashSet<StepDraft> _placed = new();

        public TreeBuilder(List<StepDraft> steps, Dictionary<string, StepDraft> byName, List<FlowDiagnostic> diagnostics, string flowId)
        {
            _byName = byName;
            _diagnostics = diagnostics;
            foreach (var step in steps)
            {
                ScopeKey key;
                if (step.Parent is { } parentName)
                {
                    var parent = byName.TryGetValue(parentName, out var byMethod) ? byMethod : steps.FirstOrDefault(s => s.Id == parentName);
                    if (parent is null)
                    {
                        diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.UnknownParent, step.ParentLocation ?? step.Location, step.Id, parentName, flowId));
                        continue;
                    }

                    var endpoint = step.On ?? DefaultEndpoint(parent.Model.Kind);
                    if (endpoint is null || !EndpointNames.IsValid(parent.Model.Kind, endpoint))
                    {
                        diagnostics.Add(DiagnosticCatalog.Create(
                            DiagnosticCatalog.InvalidEndpoint, step.OnLocation ?? step.ParentLocation ?? step.Location,
                            CSharpFlowReader.Describe(parent.Model.Kind), endpoint is null ? "(none: On is not set)" : $"'{endpoint}'", string.Join(", ", EndpointNames.For(parent.Model.Kind))));
                        continue;
                    }

                    var branch = endpoint == EndpointNames.Branches ? step.Branch ?? step.Id : null;
                    key = new ScopeKey(parent.MethodName, endpoint, branch, null);
                }
                else if (step.Standalone is { } standalone)
                {
                    key = new ScopeKey(null, null, null, standalone);
                }
                else
                {
                    key = ScopeKey.Root;
                }

                if (!_scopes.TryGetValue(key, out var list))
                {
                    list = new List<StepDraft>();
                    _scopes.Add(key, list);
                }

                list.Add(step);
            }
        }

        private static string? DefaultEndpoint(StepKind kind) => kind switch
        {
            StepKind.ForEach => EndpointNames.Each,
            StepKind.Parallel => EndpointNames.Branches,
            _ => null,
        };

        /// <summary>Steps no scope reached: their Parent chain loops (A under B, B under A, or a step under itself).</summary>
        public void ReportUnplaced(IEnumerable<StepDraft> steps)
        {
            foreach (var step in steps)
            {
                if (_placed.Contains(step))
                {
                    continue;
                }

                // Only a real loop is reported here; a step left out because an ancestor was rejected already has its diagnostic.
                var chain = new List<StepDraft> { step };
                for (var current = step; current.Parent is { } parentName && _byName.TryGetValue(parentName, out var parent);)
                {
                    if (parent == step)
                    {
                        chain.Add(parent);
                        _diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.ParentCycle, step.ParentLocation ?? step.Location, step.Id, string.Join(" → ", chain.Select(s => s.Id))));
                        break;
                    }

                    if (chain.Contains(parent))
                    {
                        break; // a loop further up that does not pass through this step: reported for its own members
                    }

                    chain.Add(parent);
                    current = parent;
                }
            }
        }

        public EquatableArray<ScopeModel> BuildStandalone()
            => _scopes.Keys
                .Where(k => k.Standalone is not null)
                .OrderBy(k => k.Standalone, StringComparer.Ordinal)
                .Select(k => BuildScope(k.Standalone, k))
                .ToEquatableArray();

        public ScopeModel BuildScope(string? name, ScopeKey key)
        {
            if (!_scopes.TryGetValue(key, out var drafts))
            {
                return new ScopeModel(name, EquatableArray<StepModel>.Empty);
            }

            var ordered = drafts.OrderBy(d => d.Order).ThenBy(d => d.MethodName, StringComparer.Ordinal).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].Order == ordered[i - 1].Order)
                {
                    _diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.DuplicateOrder, ordered[i].Location, ordered[i - 1].Id, ordered[i].Id, ordered[i].Order));
                }
            }

            var steps = new List<StepModel>();
            foreach (var draft in ordered)
            {
                if (!_placed.Add(draft))
                {
                    continue;
                }

                steps.Add(BuildStep(draft));
            }

            return new ScopeModel(name, steps.ToEquatableArray());
        }

        private StepModel BuildStep(StepDraft draft)
        {
            var endpoints = new List<EndpointModel>();
            var names = EndpointNames.For(draft.Model.Kind);
            foreach (var endpoint in names)
            {
                var gotos = draft.Gotos.Where(g => g.Endpoint == endpoint).ToList();
                var scopes = _scopes.Keys
                    .Where(k => k.Parent == draft.MethodName && k.Endpoint == endpoint)
                    .OrderBy(k => _scopes[k].Min(s => s.Order))
                    .ThenBy(k => k.Branch, StringComparer.Ordinal)
                    .ToList();
                foreach (var key in scopes)
                {
                    var scope = BuildScope(key.Branch, key);
                    // A slot with nested steps and a goto at once is reported by the validator (AUTO2002).
                    var jump = gotos.Count > 0 ? gotos[0] : default;
                    endpoints.Add(new EndpointModel(endpoint, key.Branch, scope, gotos.Count > 0 ? jump.Goto : null, jump.Location));
                    gotos.Clear();
                }

                foreach (var jump in gotos)
                {
                    endpoints.Add(new EndpointModel(endpoint, null, null, jump.Goto, jump.Location));
                }
            }

            GotoModel? next = null;
            foreach (var jump in draft.Gotos)
            {
                if (jump.Endpoint == EndpointNames.Next)
                {
                    next = jump.Goto;
                }
                else if (Array.IndexOf(names, jump.Endpoint) < 0)
                {
                    _diagnostics.Add(DiagnosticCatalog.Create(
                        DiagnosticCatalog.InvalidEndpoint, jump.Location, CSharpFlowReader.Describe(draft.Model.Kind), $"'{jump.Endpoint}'",
                        string.Join(", ", new[] { EndpointNames.Next }.Concat(names))));
                }
            }

            return draft.Model with { Endpoints = endpoints.ToEquatableArray(), NextGoto = next };
        }
    }
}
