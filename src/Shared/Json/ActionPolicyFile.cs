using System;
using System.Collections.Generic;
using System.Linq;
using Automations.Compiled.Model;
using Automations.Compiled.Validation;

namespace Automations.Compiled.Json
{
    /// <summary>One flow's own entry of a policy file: its allowed patterns replace the file's list for that flow.</summary>
    internal sealed record PolicyFlowEntry(string FlowId, EquatableArray<string> Allow);

    /// <summary>
    /// A <c>flow-policy.json</c> file, read: which actions the JSON flows of its folder and the folders below may call.
    /// <code>{ "allow": ["orders.*", "tag:email", "log"], "flows": { "refund-order": { "allow": ["payments.refund"] } } }</code>
    /// Without <c>allow</c> the file restricts only the flows it names. Equatable, so an unchanged file is not read again.
    /// </summary>
    internal sealed record ActionPolicyFile(string Path, EquatableArray<string>? Allow, EquatableArray<PolicyFlowEntry> Flows, EquatableArray<FlowDiagnostic> Diagnostics)
    {
        public const string FileName = "flow-policy.json";

        public static bool IsPolicyFile(string path)
        {
            var name = path.Replace('\\', '/');
            var slash = name.LastIndexOf('/');
            return string.Equals(slash < 0 ? name : name.Substring(slash + 1), FileName, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>Reads a policy file; every problem (not JSON, wrong shapes, bad patterns) is in <see cref="Diagnostics"/> at its span. Never throws.</summary>
        public static ActionPolicyFile Read(string path, string text)
        {
            var diagnostics = new List<FlowDiagnostic>();
            var source = new JsonText(path, text);
            try
            {
                return new Reader(source, diagnostics).Read(path, text);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InvalidPolicyFile, source.Span(0, 0), path, "it could not be read (" + error.Message + ")"));
                return new ActionPolicyFile(path, null, EquatableArray<PolicyFlowEntry>.Empty, diagnostics.ToEquatableArray());
            }
        }

        /// <summary>The policy for the JSON flow <paramref name="flowId"/> in file <paramref name="flowPath"/>: the nearest policy file in its folder or an ancestor's; null when none applies.</summary>
        public static FlowPolicyModel? For(string flowPath, string flowId, IEnumerable<ActionPolicyFile> policies)
        {
            var folder = Folder(flowPath);
            ActionPolicyFile? nearest = null;
            var nearestLength = -1;
            foreach (var policy in policies)
            {
                var policyFolder = Folder(policy.Path);
                var applies = policyFolder.Length == 0
                    || folder.Equals(policyFolder, StringComparison.OrdinalIgnoreCase)
                    || folder.StartsWith(policyFolder + "/", StringComparison.OrdinalIgnoreCase);
                // Two files in one folder (Windows casing) would tie: the first by path wins, so the choice is stable.
                if (applies && (policyFolder.Length > nearestLength || (policyFolder.Length == nearestLength && string.CompareOrdinal(policy.Path, nearest!.Path) < 0)))
                {
                    nearest = policy;
                    nearestLength = policyFolder.Length;
                }
            }

            if (nearest is null)
            {
                return null;
            }

            foreach (var entry in nearest.Flows)
            {
                if (string.Equals(entry.FlowId, flowId, StringComparison.Ordinal))
                {
                    return new FlowPolicyModel(nearest.Path, entry.Allow, ForFlow: true);
                }
            }

            return nearest.Allow is { } allow ? new FlowPolicyModel(nearest.Path, allow, ForFlow: false) : null;
        }

        private static string Folder(string path)
        {
            var normalized = path.Replace('\\', '/');
            var slash = normalized.LastIndexOf('/');
            return slash < 0 ? "" : normalized.Substring(0, slash);
        }

        private sealed class Reader : JsonObjectReader
        {
            private readonly string _path;

            public Reader(JsonText text, List<FlowDiagnostic> diagnostics)
                : base(text, diagnostics)
            {
                _path = text.Path;
            }

            public ActionPolicyFile Read(string path, string text)
            {
                var (root, error) = JsonReader.Read(text);
                if (error is not null)
                {
                    Report(error.Span, "it is not valid JSON: " + error.Message);
                    return Done(null, new List<PolicyFlowEntry>());
                }

                if (root is not JsonObject policy)
                {
                    Report(root!.Span, "write an object such as {\"allow\": [\"orders.*\", \"tag:email\"]}");
                    return Done(null, new List<PolicyFlowEntry>());
                }

                CheckProperties(policy, "An action policy", new[] { "$schema", "allow", "flows" });
                EquatableArray<string>? allow = policy.Find("allow")?.Value is { } list ? Patterns(list, "allow") : null;
                var flows = new List<PolicyFlowEntry>();
                if (policy.Find("flows")?.Value is { } flowsNode)
                {
                    if (flowsNode is JsonObject byFlow)
                    {
                        CheckDuplicates(byFlow);
                        foreach (var entry in byFlow.Properties)
                        {
                            if (entry.Value is not JsonObject flow)
                            {
                                Report(entry.Value.Span, $"the entry of flow '{entry.Name}' must be an object such as {{\"allow\": [\"payments.refund\"]}}");
                                continue;
                            }

                            CheckProperties(flow, $"The policy of flow '{entry.Name}'", new[] { "allow" });
                            if (flow.Find("allow")?.Value is { } flowAllow)
                            {
                                flows.Add(new PolicyFlowEntry(entry.Name, Patterns(flowAllow, $"allow of flow '{entry.Name}'")));
                            }
                            else
                            {
                                Report(new JsonSpan(flow.Span.Start, flow.Span.Start + 1), $"the entry of flow '{entry.Name}' needs \"allow\": the actions that flow may call");
                            }
                        }
                    }
                    else
                    {
                        Report(flowsNode.Span, "\"flows\" must be an object mapping flow ids to {\"allow\": [...]}");
                    }
                }

                return Done(allow, flows);
            }

            private EquatableArray<string> Patterns(JsonNode node, string name)
            {
                var patterns = new List<string>();
                if (node is not JsonArray array)
                {
                    Report(node.Span, $"\"{name}\" must be an array of patterns such as [\"orders.*\", \"tag:email\", \"log\"]");
                    return patterns.ToEquatableArray();
                }

                foreach (var item in array.Items)
                {
                    if (item is not JsonString pattern)
                    {
                        Report(item.Span, $"each pattern of \"{name}\" is a string such as \"orders.*\", not {Describe(item)}");
                        continue;
                    }

                    if (ActionPatterns.Problem(pattern.Value) is { } problem)
                    {
                        Report(pattern.Span, problem);
                        continue;
                    }

                    patterns.Add(pattern.Value);
                }

                return patterns.ToEquatableArray();
            }

            private void Report(JsonSpan span, string message)
                => _diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.InvalidPolicyFile, _text.Span(span), _path, message));

            private ActionPolicyFile Done(EquatableArray<string>? allow, List<PolicyFlowEntry> flows)
                => new(_path, allow, flows.ToEquatableArray(), _diagnostics.ToEquatableArray());
        }
    }
}
