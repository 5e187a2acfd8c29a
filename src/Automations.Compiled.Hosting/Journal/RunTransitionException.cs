using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>A status change that SPEC §5 does not allow (see <see cref="RunStatusRules"/>); nothing was written.</summary>
    public sealed class RunTransitionException : JournalException
    {
        /// <summary>Creates the exception; <paramref name="reason"/> defaults to where the run may go instead.</summary>
        public RunTransitionException(Guid runId, FlowStatus from, FlowStatus to, string? reason = null)
            : base($"Run {runId:N} cannot move from {from} to {to}: {reason ?? RunStatusRules.Describe(from)}")
        {
            RunId = runId;
            From = from;
            To = to;
        }

        /// <summary>The run.</summary>
        public Guid RunId { get; }

        /// <summary>Its status.</summary>
        public FlowStatus From { get; }

        /// <summary>The status asked for.</summary>
        public FlowStatus To { get; }
    }
}
