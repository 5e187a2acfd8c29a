using System;
using System.Threading;

namespace Automations.Compiled
{
    /// <summary>
    /// What a step method may ask about the run it executes in: declare a <see cref="StepContext"/> parameter.
    /// </summary>
    public readonly struct StepContext
    {
        private readonly Runtime.FlowStateMachine? _run; // set when the run has a cost budget to report costs to

        internal StepContext(string flowId, Guid runId, string stepId, int attempt, CancellationToken cancellationToken)
            : this(flowId, runId, stepId, attempt, cancellationToken, null)
        {
        }

        internal StepContext(string flowId, Guid runId, string stepId, int attempt, CancellationToken cancellationToken, Runtime.FlowStateMachine? run)
        {
            FlowId = flowId;
            RunId = runId;
            StepId = stepId;
            Attempt = attempt;
            CancellationToken = cancellationToken;
            _run = run;
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

        /// <summary>
        /// Reports what this call actually cost (the tokens an LLM call used, the cents a paid API charged): it is added to
        /// the run's spend against its cost budget (<see cref="FlowAttribute.CostBudget"/>, a JSON flow's <c>limits.cost</c>),
        /// on top of the action's declared <see cref="FlowActionAttribute.Cost"/>. A run whose spend is over its budget fails
        /// at its next step. Does nothing in a run without a cost budget, or for a cost of 0 or less.
        /// </summary>
        /// <param name="cost">What the call cost, in the unit of the flow's budget.</param>
        public void ReportCost(long cost) => _run?.ReportCost(cost);
    }
}
