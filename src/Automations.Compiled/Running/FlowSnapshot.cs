using System;

namespace Automations.Compiled
{
    /// <summary>
    /// The saved state of a suspended run: the program counter and every field of the generated state
    /// machine, as UTF-8 JSON written by generated code. It can be stored and resumed in another process
    /// by the same flow version.
    /// </summary>
    public sealed class FlowSnapshot
    {
        /// <summary>Creates a snapshot (for journals that load one back).</summary>
        public FlowSnapshot(string flowId, int flowVersion, Guid runId, string traceId, string stepId, WaitSpec wait, byte[] state)
        {
            FlowId = flowId;
            FlowVersion = flowVersion;
            RunId = runId;
            TraceId = traceId;
            StepId = stepId;
            Wait = wait;
            State = state;
        }

        /// <summary>The flow id.</summary>
        public string FlowId { get; }

        /// <summary>The flow version the run is pinned to.</summary>
        public int FlowVersion { get; }

        /// <summary>The run id.</summary>
        public Guid RunId { get; }

        /// <summary>The W3C trace id of the run.</summary>
        public string TraceId { get; }

        /// <summary>The step the run is suspended at.</summary>
        public string StepId { get; }

        /// <summary>What the run waits for; timers carry an absolute <see cref="WaitSpec.Until"/>.</summary>
        public WaitSpec Wait { get; }

        /// <summary>The state machine's fields, as UTF-8 JSON.</summary>
        public byte[] State { get; }
    }
}
