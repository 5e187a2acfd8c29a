using System;
using System.Collections.Generic;
using System.Linq;

namespace Automations.Compiled.Hosting
{
    /// <summary>The registry and the dispatcher's resolver, behind the public view.</summary>
    internal sealed class HostedFlows(RunDispatcher dispatcher) : IHostedFlows
    {
        public IReadOnlyList<IFlowDefinition> Latest { get; } = dispatcher.Registry.Latest.OrderBy(f => f.Info.Id, StringComparer.Ordinal).ToArray();

        public ISecretResolver Secrets => dispatcher.Secrets;
    }
}
