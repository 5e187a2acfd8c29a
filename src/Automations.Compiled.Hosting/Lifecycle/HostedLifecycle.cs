using System.Collections.Generic;

namespace Automations.Compiled.Hosting
{
    /// <summary>A hosted template and the flow each of its actions with a flow runs (bound and checked by <see cref="LifecycleRegistry"/>).</summary>
    internal sealed record HostedLifecycle(LifecycleTemplate Template, IReadOnlyDictionary<LifecycleAction, IFlowDefinition> Flows);
}
