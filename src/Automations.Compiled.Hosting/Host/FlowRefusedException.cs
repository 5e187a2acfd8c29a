using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// A start a safeguard refused (a kill switch, a refusing throttle, a causation loop, an action policy). The start is
    /// recorded all the same, as a failed run with the reason and its input, so nothing is lost: retry it once the cause
    /// is gone (<see cref="IFlowClient.RetryAsync"/>).
    /// </summary>
    public sealed class FlowRefusedException : InvalidOperationException
    {
        /// <summary>Created by the host.</summary>
        public FlowRefusedException(string flowId, Guid runId, RunError refusal)
            : base((refusal ?? throw new ArgumentNullException(nameof(refusal))).Message + (runId == Guid.Empty ? "" : $" (recorded as run {runId})"))
        {
            FlowId = flowId;
            RunId = runId;
            Kind = refusal.ExceptionType ?? "";
        }

        /// <summary>The flow that was to start.</summary>
        public string FlowId { get; }

        /// <summary>The failed run that records the refused start; empty for a flow with journal mode <c>none</c> (nothing is journaled).</summary>
        public Guid RunId { get; }

        /// <summary>Which safeguard refused: one of <see cref="RunRefusals"/>.</summary>
        public string Kind { get; }
    }
}
