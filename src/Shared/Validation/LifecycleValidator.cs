using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Automations.Compiled.Model;
using Automations.Compiled.Text;

namespace Automations.Compiled.Validation
{
    /// <summary>
    /// The rules of a lifecycle template (SPEC §7), shared by the analyzers, the generator and the CLI. Rules that need
    /// the project's flows (<see cref="ValidateFlows"/>) are separate: only the analyzers see every flow.
    /// </summary>
    internal static class LifecycleValidator
    {
        private static readonly string[] StateRoles = { "from", "transit", "to", "error" };

        /// <summary>The front end's problems and every rule that needs only the template itself.</summary>
        public static IReadOnlyList<FlowDiagnostic> Validate(LifecycleModel model)
        {
            var diagnostics = new List<FlowDiagnostic>(model.FrontEndDiagnostics);
            var csharp = model.Origin == FlowOrigin.CSharp;
            var declared = new Dictionary<string, LifecycleStateModel>(StringComparer.Ordinal);
            foreach (var state in model.States)
            {
                if (state.Name.Trim().Length == 0)
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.DuplicateLifecycleState, state.Location, "A state has no name; give every state a name, such as 'Running'"));
                }
                else if (declared.ContainsKey(state.Name))
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.DuplicateLifecycleState, state.Location, $"State '{state.Name}' is declared twice in lifecycle '{model.Id}'; remove one of them"));
                }
                else
                {
                    declared.Add(state.Name, state);
                }
            }

            var names = declared.Keys.OrderBy(n => n, StringComparer.Ordinal).ToList();
            foreach (var action in model.Actions)
            {
                if (action.Name.Trim().Length == 0)
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.UnnamedLifecycleAction, action.NameLocation ?? action.Location, model.Id));
                }

                if (string.IsNullOrWhiteSpace(action.Transit))
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.MissingTransit, action.NameLocation ?? action.Location, action.Name, csharp ? "Transit" : "\"transit\"", Progressive(action.Name)));
                }

                CheckState(action, "from", action.From, action.FromLocation);
                CheckState(action, "transit", action.Transit, action.TransitLocation);
                CheckState(action, "to", action.To, action.ToLocation);
                CheckState(action, "error", action.Error, action.ErrorLocation);
            }

            CheckNames(model, diagnostics);
            CheckReachability(model, declared, diagnostics);
            return diagnostics;

            void CheckState(LifecycleActionModel action, string role, string? state, SourceSpan? location)
            {
                if (string.IsNullOrEmpty(state) || declared.ContainsKey(state!))
                {
                    return;
                }

                var closest = Suggestions.Closest(state!, names);
                var hint = closest is not null
                    ? $"did you mean '{closest}'?"
                    : names.Count == 0 ? "declare it with " + (csharp ? $"[LifecycleState(\"{state}\")]" : $"\"states\": [\"{state}\"]") : "use one of: " + string.Join(", ", names);
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.UnknownLifecycleState, location ?? action.Location, action.Name, role, state!, model.Id, hint) with { Fix = closest });
            }
        }

        /// <summary>
        /// Every action's flow exists among <paramref name="flows"/> and takes the entity (or nothing) as input. The host
        /// accepts a flow whose input type the entity derives from; <paramref name="takesEntity"/> (entity type, input type,
        /// both <c>global::</c> names) says so where the types are known, else the two names must be the same.
        /// </summary>
        public static IReadOnlyList<FlowDiagnostic> ValidateFlows(LifecycleModel model, IReadOnlyCollection<LifecycleFlowEntry> flows, Func<string, string, bool>? takesEntity = null)
        {
            var diagnostics = new List<FlowDiagnostic>();
            foreach (var action in model.Actions)
            {
                // A type the compiler does not know either: its own error (CS0246) says so.
                if (action.Flow is not { } reference || reference.Unresolved)
                {
                    continue;
                }

                var entry = reference.ByType
                    ? flows.FirstOrDefault(f => f.TypeName == reference.Name)
                    : flows.FirstOrDefault(f => f.Id == reference.Name);
                if (entry is null && reference.ByType && reference.IsFlow && reference.FlowId is { } id)
                {
                    entry = new LifecycleFlowEntry(id, reference.Name, reference.InputType);
                }

                if (entry is null)
                {
                    var hint = reference.ByType
                        ? "mark the class with [Flow(\"id\")], or name another flow class"
                        : "write the id of a [Flow] class or *.flow.json file of this project" + Suggestions.DidYouMean(reference.Name, flows.Select(f => f.Id));
                    var shown = reference.ByType ? "'" + reference.Name.Replace("global::", "") + "'" : "flow '" + reference.Name + "'";
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.UnknownActionFlow, reference.Location ?? action.Location, action.Name, shown, hint)
                        with { Fix = reference.ByType ? null : Suggestions.Closest(reference.Name, flows.Select(f => f.Id)) });
                    continue;
                }

                if (entry.InputType is { } input && model.EntityType.Length > 0 && Bare(input) != Bare(model.EntityType) && takesEntity?.Invoke(model.EntityType, input) != true)
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.ActionFlowInputMismatch, reference.Location ?? action.Location, action.Name, entry.Id, Show(input), Show(model.EntityType)));
                }
            }

            return diagnostics;
        }

        /// <summary>
        /// Templates that reuse the id of an earlier one: <paramref name="templates"/> in source order, each later one
        /// reported at its id (a host finds templates by id).
        /// </summary>
        public static IReadOnlyList<FlowDiagnostic> ValidateIds(IReadOnlyList<LifecycleModel> templates)
        {
            var diagnostics = new List<FlowDiagnostic>();
            var first = new Dictionary<string, LifecycleModel>(StringComparer.Ordinal);
            foreach (var template in templates)
            {
                if (template.Id.Length == 0)
                {
                    continue; // reported as an invalid id, or a missing "lifecycle" property
                }

                if (first.TryGetValue(template.Id, out var earlier))
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.DuplicateLifecycle, template.IdLocation ?? template.Location, template.Id, Describe(earlier), Describe(template)));
                }
                else
                {
                    first.Add(template.Id, template);
                }
            }

            return diagnostics;
        }

        /// <summary>
        /// A JSON template's entity type must be a type of the project (C# templates name it with <c>typeof</c>, which the
        /// compiler checks). <paramref name="exists"/> looks a full name up; <paramref name="closest"/> names the project's
        /// type that was probably meant, or null.
        /// </summary>
        public static FlowDiagnostic? ValidateEntity(LifecycleModel model, Func<string, bool> exists, Func<string, string?> closest)
        {
            if (model.Origin != FlowOrigin.Json || model.EntityType.Length == 0)
            {
                return null;
            }

            var name = Bare(model.EntityType);
            if (exists(name))
            {
                return null;
            }

            var suggestion = closest(name);
            var hint = suggestion is null
                ? "write the full name of a class, namespace included, such as 'Shop.Order'"
                : $"did you mean '{suggestion}'? Write the full name, namespace included";
            return DiagnosticCatalog.Create(DiagnosticCatalog.UnknownEntityType, model.EntityTypeLocation ?? model.Location, model.Id, name, hint) with { Fix = suggestion };
        }

        /// <summary>The reference of each action, in declaration order: as written, or generated from the name ("Start Now" → "start-now"; on a clash, the from state is appended).</summary>
        public static IReadOnlyList<string> References(LifecycleModel model)
        {
            var explicitOnes = new HashSet<string>(model.Actions.Where(a => !string.IsNullOrEmpty(a.Reference)).Select(a => a.Reference!), StringComparer.Ordinal);
            var taken = new HashSet<string>(StringComparer.Ordinal);
            var result = new List<string>(model.Actions.Count);
            foreach (var action in model.Actions)
            {
                if (!string.IsNullOrEmpty(action.Reference))
                {
                    result.Add(action.Reference!);
                    continue;
                }

                var generated = Slug(action.Name);
                if (explicitOnes.Contains(generated) || taken.Contains(generated))
                {
                    generated += "-" + Slug(action.From ?? "create");
                }

                taken.Add(generated);
                result.Add(generated);
            }

            return result;
        }

        /// <summary>The actions with their references, in priority order (then declaration order): the order the runtime offers them.</summary>
        public static IReadOnlyList<(LifecycleActionModel Action, string Reference)> Ordered(LifecycleModel model)
        {
            var references = References(model);
            return model.Actions
                .Select((action, i) => (Action: action, Reference: references[i], Position: i))
                .OrderBy(a => a.Action.Priority)
                .ThenBy(a => a.Position)
                .Select(a => (a.Action, a.Reference))
                .ToList();
        }

        /// <summary>"Start Now" → "start-now"; "ReStart" → "re-start".</summary>
        public static string Slug(string name)
        {
            var builder = new StringBuilder(name.Length + 4);
            var pendingDash = false;
            for (var i = 0; i < name.Length; i++)
            {
                var c = name[i];
                if (!char.IsLetterOrDigit(c))
                {
                    pendingDash = builder.Length > 0;
                    continue;
                }

                if (char.IsUpper(c) && i > 0 && char.IsLower(name[i - 1]))
                {
                    pendingDash = builder.Length > 0;
                }

                if (pendingDash)
                {
                    builder.Append('-');
                    pendingDash = false;
                }

                builder.Append(char.ToLowerInvariant(c));
            }

            return builder.Length == 0 ? "action" : builder.ToString();
        }

        /// <summary>States an entity can be in, starting from the create actions.</summary>
        public static HashSet<string> Reachable(LifecycleModel model)
        {
            var reached = new HashSet<string>(StringComparer.Ordinal);
            var changed = true;
            while (changed)
            {
                changed = false;
                foreach (var action in model.Actions)
                {
                    if (action.From is { } from && !reached.Contains(from))
                    {
                        continue;
                    }

                    // Only a flow can fail: the error state of an action without one is never entered.
                    foreach (var target in new[] { action.Transit, action.To, action.Flow is null ? null : action.Error })
                    {
                        if (!string.IsNullOrEmpty(target) && reached.Add(target!))
                        {
                            changed = true;
                        }
                    }
                }
            }

            return reached;
        }

        private static void CheckNames(LifecycleModel model, List<FlowDiagnostic> diagnostics)
        {
            var references = References(model);
            var byReference = new Dictionary<string, int>(StringComparer.Ordinal);
            var byStateAndName = new Dictionary<(string, string), int>();
            for (var i = 0; i < model.Actions.Count; i++)
            {
                var action = model.Actions[i];
                if (byReference.TryGetValue(references[i], out var first))
                {
                    var generated = string.IsNullOrEmpty(action.Reference) ? " (generated from its name)" : "";
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.DuplicateActionReference, action.ReferenceLocation ?? action.NameLocation ?? action.Location, model.Actions[first].Name, action.Name, references[i], generated));
                }
                else
                {
                    byReference.Add(references[i], i);
                }

                // The transition table matches a name or a reference from a state: each must pick one action there.
                var from = action.From ?? "";
                foreach (var key in new[] { action.Name, references[i] }.Distinct(StringComparer.Ordinal))
                {
                    if (byStateAndName.TryGetValue((from, key), out var other) && other != i)
                    {
                        if (key == action.Name || key == model.Actions[other].Name)
                        {
                            var place = action.From is null ? "no state (both create the entity)" : "state '" + action.From + "'";
                            diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.DuplicateActionFromState, action.NameLocation ?? action.Location, model.Actions[other].Name, action.Name, key, place));
                        }

                        break;
                    }

                    byStateAndName[(from, key)] = i;
                }
            }
        }

        private static void CheckReachability(LifecycleModel model, Dictionary<string, LifecycleStateModel> declared, List<FlowDiagnostic> diagnostics)
        {
            var reached = Reachable(model);
            var creates = model.Actions.Any(a => a.From is null);
            var exits = new HashSet<string>(model.Actions.Where(a => a.From is not null).Select(a => a.From!), StringComparer.Ordinal);
            var resting = new HashSet<string>(StringComparer.Ordinal);
            var transits = new HashSet<string>(StringComparer.Ordinal);
            foreach (var action in model.Actions)
            {
                if (action.To is { } to)
                {
                    resting.Add(to);
                }

                if (action.Flow is not null && (action.Error ?? action.From) is { } failure)
                {
                    resting.Add(failure);
                }

                if (action.Transit is { } transit)
                {
                    transits.Add(transit);
                }
            }

            foreach (var state in declared.Values)
            {
                if (!reached.Contains(state.Name))
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.UnreachableLifecycleState, state.Location, state.Name, model.Id, creates ? "" : " (it has no create action: an action without a from state)"));
                    continue;
                }

                // A state only ever used as a transit state is left when its action ends; it needs no way out of its own.
                var rests = resting.Contains(state.Name) || !transits.Contains(state.Name);
                if (rests && !state.Final && !exits.Contains(state.Name))
                {
                    diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.DeadEndLifecycleState, state.Location, state.Name, model.Origin == FlowOrigin.CSharp ? "Final = true" : "\"final\": true"));
                }
            }
        }

        /// <summary>How a template is named in a message: its class (C#) or its file (JSON).</summary>
        private static string Describe(LifecycleModel model)
        {
            if (model.Origin == FlowOrigin.Json && model.Location is { } location)
            {
                var path = location.Path.Replace('\\', '/');
                return path.Substring(path.LastIndexOf('/') + 1);
            }

            return (model.Namespace is null ? "" : model.Namespace + ".") + model.TypeName;
        }

        /// <summary>
        /// The state an action's name suggests for its transit: "Start" → "Starting", "Create" → "Creating",
        /// "Stop" → "Stopping". English is irregular; this is only a hint in a message.
        /// </summary>
        internal static string Progressive(string name)
        {
            // "Start Now" → "Starting": the verb comes first.
            var word = name.Trim().Split(' ')[0];
            if (word.Length == 0)
            {
                return "Running";
            }

            if (word.EndsWith("ing", StringComparison.OrdinalIgnoreCase))
            {
                return word;
            }

            if (word.Length > 2 && word.EndsWith("e", StringComparison.Ordinal) && !word.EndsWith("ee", StringComparison.Ordinal))
            {
                return word.Substring(0, word.Length - 1) + "ing";
            }

            // One syllable ending consonant-vowel-consonant doubles its last letter: Stop → Stopping, Run → Running.
            var n = word.Length;
            if (n >= 3 && IsConsonant(word[n - 1]) && "wxyWXY".IndexOf(word[n - 1]) < 0 && IsVowel(word[n - 2]) && IsConsonant(word[n - 3])
                && word.Take(n - 2).Count(IsVowel) == 0)
            {
                return word + word[n - 1] + "ing";
            }

            return word + "ing";

            static bool IsVowel(char c) => "aeiouAEIOU".IndexOf(c) >= 0;

            static bool IsConsonant(char c) => char.IsLetter(c) && !IsVowel(c);
        }

        private static string Bare(string type) => type.Replace("global::", "").TrimEnd('?');

        private static string Show(string type) => Bare(type);
    }
}
