using System;
using System.Threading;

namespace Automations.Compiled
{
    /// <summary>
    /// What a step method may ask about the run it executes in: declare a <see cref="StepContext"/> parameter.
    /// </summary>
    public readonly struct StepContext
    {
        internal StepContext(string flowId, Guid runId, string stepId, int attempt, CancellationToken cancellationToken)
        {
            FlowId = flowId;
            RunId = runId;
            StepId = stepId;
            Attempt = attempt;
            CancellationToken = cancellationToken;
        }

        /// <summary>The flow id.</summary>
        public string FlowId { get; }

        /// <summary>The run id.</summary>
        public Guid RunId { get; }

        /// <summary>The step id.</summary>
        public string StepId { get; }

        /// <summary>The try, from 1.</summary>
        public int Attempt { get; }

        /// <summary>Cancelled when the run is cancelled.</summary>
        public CancellationToken CancellationToken { get; }

        /// <summary>
        /// <c>runId:stepId</c>, stable across retries and re-executions after a crash: pass it to external
        /// systems to deduplicate effects (SPEC §5).
        /// </summary>
        public string IdempotencyKey => RunId.ToString("N") + ":" + StepId;
    }
}
