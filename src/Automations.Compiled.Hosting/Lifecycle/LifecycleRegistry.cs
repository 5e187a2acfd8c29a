using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// The lifecycle templates this host serves, each action bound to the hosted flow it runs. Built when the host starts
    /// (the worker depends on it), so a template whose flows are missing or unfit stops the start with every problem named.
    /// </summary>
    internal sealed class LifecycleRegistry
    {
        private readonly Dictionary<Type, HostedLifecycle> _byEntity = new();

        public LifecycleRegistry(FlowRegistry flows, IOptions<AutomationsOptions> options)
        {
            var problems = new List<string>();
            foreach (var template in options.Value.Lifecycles)
            {
                var bound = new Dictionary<LifecycleAction, IFlowDefinition>(ReferenceEqualityComparer.Instance);
                foreach (var action in template.Actions)
                {
                    if (action.HasFlow && Bind(template, action, flows, problems) is { } flow)
                    {
                        bound.Add(action, flow);
                    }
                }

                _byEntity.Add(template.EntityType, new HostedLifecycle(template, bound));
            }

            if (problems.Count > 0)
            {
                throw new InvalidOperationException(
                    $"The lifecycle templates cannot be hosted:{Environment.NewLine}- {string.Join(Environment.NewLine + "- ", problems)}");
            }
        }

        public IEnumerable<HostedLifecycle> All => _byEntity.Values;

        /// <summary>The template for entities of <paramref name="entityType"/>; null when none is hosted.</summary>
        public HostedLifecycle? Find(Type entityType) => _byEntity.TryGetValue(entityType, out var hosted) ? hosted : null;

        /// <summary>The hosted flow an action runs: by class (C# templates) or by id, latest version (JSON templates), checked fit for the entity.</summary>
        private static IFlowDefinition? Bind(LifecycleTemplate template, LifecycleAction action, FlowRegistry flows, List<string> problems)
        {
            var where = $"Lifecycle '{template.Id}' action '{action.Name}'";
            IFlowDefinition? flow = null;
            if (action.FlowType is { } type)
            {
                foreach (var hosted in flows.All)
                {
                    if (hosted.GetType() == type)
                    {
                        flow = hosted;
                        break;
                    }
                }

                if (flow is null)
                {
                    problems.Add($"{where} runs flow {type.Name}, which is not hosted: add it with AddAutomations(o => o.AddFlow<{type.Name}>()).");
                    return null;
                }
            }
            else if (action.FlowId is { } id)
            {
                flow = flows.Find(id);
                if (flow is null)
                {
                    problems.Add($"{where} runs flow '{id}', which is not hosted: add the flow class whose id is '{id}' with AddAutomations(o => o.AddFlow<TFlow>()).");
                    return null;
                }
            }

            if (flow is null)
            {
                return null;
            }

            var info = flow.Info;
            if (info.InputType is { } input && !input.IsAssignableFrom(template.EntityType))
            {
                problems.Add(
                    $"{where} runs flow '{info.Id}', whose input is {input.Name}; an action's flow takes the entity ({template.EntityType.Name}) or no input: " +
                    $"make it IFlow<{template.EntityType.Name}>, or run another flow.");
                return null;
            }

            if (info.Journal == JournalMode.None)
            {
                problems.Add(
                    $"{where} runs flow '{info.Id}', whose journal mode is none; an action's flow runs on the journal (its end moves the entity in the same commit): " +
                    "give it Journal = JournalMode.Durable (the default) or Checkpoint.");
                return null;
            }

            return flow;
        }
    }
}
