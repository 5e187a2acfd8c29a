using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Automations.Compiled.Hosting
{
    /// <summary>The compiled flows this host runs, by id and version (several versions of one flow may coexist).</summary>
    internal sealed class FlowRegistry
    {
        private readonly Dictionary<(string Id, int Version), IFlowDefinition> _flows = new();
        private readonly Dictionary<string, IFlowDefinition> _latest = new(StringComparer.Ordinal);

        public FlowRegistry(IServiceProvider services, IOptions<AutomationsOptions> options)
        {
            Catalog = new FlowCatalog();
            foreach (var type in options.Value.FlowTypes)
            {
                var flow = (IFlowDefinition)ActivatorUtilities.GetServiceOrCreateInstance(services, type);
                var key = (flow.Info.Id, flow.Info.Version);
                if (_flows.TryGetValue(key, out var other))
                {
                    throw new InvalidOperationException($"Flow '{flow.Info.Id}' v{flow.Info.Version} is added twice ({other.GetType().FullName} and {type.FullName}); give one of them another version.");
                }

                _flows.Add(key, flow);
                Catalog.Add(flow);
                if (!_latest.TryGetValue(flow.Info.Id, out var latest) || latest.Info.Version < flow.Info.Version)
                {
                    _latest[flow.Info.Id] = flow;
                }
            }

            All = _flows.Values.OrderBy(f => f.Info.Id, StringComparer.Ordinal).ThenBy(f => f.Info.Version).ToArray();
        }

        /// <summary>Every hosted flow, for subflow steps.</summary>
        public FlowCatalog Catalog { get; }

        /// <summary>The latest version of every hosted flow: the ones a trigger starts.</summary>
        public IEnumerable<IFlowDefinition> Latest => _latest.Values;

        /// <summary>Every hosted flow version, by id then version (sorted once: starts by type look here).</summary>
        public IReadOnlyList<IFlowDefinition> All { get; }

        /// <summary>A version of a flow; version 0 is the latest this host has.</summary>
        public IFlowDefinition? Find(string flowId, int version = 0)
            => version == 0 ? (_latest.TryGetValue(flowId, out var latest) ? latest : null) : (_flows.TryGetValue((flowId, version), out var flow) ? flow : null);

        /// <summary>What identifies a compiled version's shape: a change without a version bump changes it.</summary>
        public static string Hash(FlowInfo info)
        {
            var text = new StringBuilder()
                .Append(info.Id).Append('\n').Append(info.Version).Append('\n')
                .Append(info.InputType?.FullName).Append('\n').Append(info.Journal).Append('\n')
                .AppendJoin(',', info.StepIds).Append('\n').AppendJoin(',', info.Roles)
                .ToString();
            return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant().Substring(0, 16);
        }
    }
}
