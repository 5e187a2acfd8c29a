using System.Collections.Generic;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// The flows this host runs, for front ends that start them from outside (webhook endpoints, an admin API), and the
    /// host's secret resolver (values it returns are redacted from the journal and the logs, as a step's are).
    /// </summary>
    public interface IHostedFlows
    {
        /// <summary>The latest version of every hosted flow, ordered by id: the ones a trigger starts.</summary>
        IReadOnlyList<IFlowDefinition> Latest { get; }

        /// <summary>The resolver steps use: <see cref="AutomationsOptions.Secrets"/>, else one from the container, else environment variables.</summary>
        ISecretResolver Secrets { get; }
    }
}
