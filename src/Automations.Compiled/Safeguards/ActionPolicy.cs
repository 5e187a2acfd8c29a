using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Automations.Compiled.Json;
using Automations.Compiled.Validation;

namespace Automations.Compiled
{
    /// <summary>
    /// Which actions flows may call: the run-time side of <c>flow-policy.json</c> (docs/json-flows.md#action-policies), so a host
    /// can check, at start, flows compiled elsewhere (<see cref="FlowSafeguards.Actions"/>). Patterns are those of the policy
    /// file, matched by the same code the build uses: an exact action name, a prefix ending in <c>.*</c>, <c>*</c> for every
    /// action, or <c>tag:&lt;tag&gt;</c>. A flow with its own entry (<see cref="ForFlow"/>) is checked against that entry only.
    /// Immutable: each method returns a new policy.
    /// </summary>
    /// <example><code>
    /// var policy = ActionPolicy.Allow("orders.*", "tag:email", "log").ForFlow("refund-order", "payments.refund");
    /// if (!policy.Allows(flow.Info.Id, action, out var reason)) { /* refuse to host the flow */ }
    /// </code></example>
    public sealed class ActionPolicy
    {
        private readonly string[]? _allow; // null: flows without an entry may call anything
        private readonly Dictionary<string, string[]> _flows;

        private ActionPolicy(string[]? allow, Dictionary<string, string[]> flows)
        {
            _allow = allow;
            _flows = flows;
        }

        /// <summary>A policy that allows every action to every flow (what no policy file means).</summary>
        public static ActionPolicy AllowAll { get; } = new(null, new Dictionary<string, string[]>(StringComparer.Ordinal));

        /// <summary>A policy that allows the actions matching <paramref name="patterns"/> to every flow without an entry of its own.</summary>
        /// <exception cref="ArgumentException">A pattern is not one (empty, padded, a misplaced <c>*</c>, <c>tag:</c> without a tag).</exception>
        public static ActionPolicy Allow(params string[] patterns)
            => new(Checked(patterns, nameof(patterns)), new Dictionary<string, string[]>(StringComparer.Ordinal));

        /// <summary>Reads a policy in the format of <c>flow-policy.json</c>.</summary>
        /// <param name="json">The file's text.</param>
        /// <param name="path">The file's path, for messages.</param>
        /// <exception cref="FormatException">The text is not a valid policy; the message gives the line, column and what to fix.</exception>
        public static ActionPolicy Parse(string json, string path = ActionPolicyFile.FileName)
        {
            if (json is null)
            {
                throw new ArgumentNullException(nameof(json));
            }

            var file = ActionPolicyFile.Read(path, json);
            if (file.Diagnostics.FirstOrDefault() is { } problem)
            {
                throw new FormatException(problem.ToString());
            }

            var flows = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var entry in file.Flows)
            {
                flows[entry.FlowId] = entry.Allow.ToArray();
            }

            return new ActionPolicy(file.Allow?.ToArray(), flows);
        }

        /// <summary>Reads a <c>flow-policy.json</c> file.</summary>
        /// <exception cref="FormatException">The file is not a valid policy.</exception>
        public static ActionPolicy Load(string path) => Parse(File.ReadAllText(path), path);

        /// <summary>This policy, with flow <paramref name="flowId"/> allowed exactly the actions matching <paramref name="patterns"/> (its own entry replaces the general list).</summary>
        public ActionPolicy ForFlow(string flowId, params string[] patterns)
        {
            if (string.IsNullOrEmpty(flowId))
            {
                throw new ArgumentException("Give the id of the flow the entry is for.", nameof(flowId));
            }

            var flows = new Dictionary<string, string[]>(_flows, StringComparer.Ordinal) { [flowId] = Checked(patterns, nameof(patterns)) };
            return new ActionPolicy(_allow, flows);
        }

        /// <summary>Whether flow <paramref name="flowId"/> may call <paramref name="action"/>; when not, <paramref name="reason"/> says why and what is allowed.</summary>
        public bool Allows(string flowId, FlowActionUse action, out string reason)
        {
            if (action is null)
            {
                throw new ArgumentNullException(nameof(action));
            }

            var own = _flows.TryGetValue(flowId ?? "", out var entry);
            var patterns = own ? entry : _allow;
            if (patterns is null || ActionPatterns.AnyMatches(patterns, action.Name, action.Tags))
            {
                reason = "";
                return true;
            }

            var tags = action.Tags.Count == 0 ? "no tags" : "tags " + string.Join(", ", action.Tags.Select(t => "'" + t + "'"));
            reason = $"Flow '{flowId}' may not call action '{action.Name}' ({tags}): {(own ? "its own entry in the policy" : "the policy")} allows {ActionPatterns.Describe(patterns)}.";
            return false;
        }

        /// <summary>Checks every action <paramref name="flow"/> calls; the reasons of those it may not call (empty when it may call them all).</summary>
        public IReadOnlyList<string> Check(FlowInfo flow)
        {
            if (flow is null)
            {
                throw new ArgumentNullException(nameof(flow));
            }

            var refusals = new List<string>();
            foreach (var action in flow.Safeguards.Actions)
            {
                if (!Allows(flow.Id, action, out var reason))
                {
                    refusals.Add(reason);
                }
            }

            return refusals;
        }

        private static string[] Checked(string[] patterns, string parameter)
        {
            if (patterns is null)
            {
                throw new ArgumentNullException(parameter);
            }

            foreach (var pattern in patterns)
            {
                if (ActionPatterns.Problem(pattern ?? "") is { } problem)
                {
                    throw new ArgumentException(problem, parameter);
                }
            }

            return (string[])patterns.Clone();
        }
    }
}
