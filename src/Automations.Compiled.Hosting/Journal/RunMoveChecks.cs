using System;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// What every journal checks of a run's current status inside the write that moves it (a caller's status change, an
    /// operator's pause, cancel, retry or delete, a leg's end): each throws the <see cref="RunTransitionException"/> the
    /// journals agree on, so SQLite, LiteDB and PostgreSQL refuse the same moves with the same words.
    /// </summary>
    internal static class RunMoveChecks
    {
        /// <summary><see cref="IRunJournal.SetStatusAsync"/>: a move the rules allow, not a suspension, and from a pause back to where it was.</summary>
        public static void SetStatus(Guid runId, FlowStatus from, FlowStatus? pausedFrom, FlowStatus to)
        {
            string? refusal = null;
            if (!RunStatusRules.CanMove(from, to))
            {
                refusal = RunStatusRules.Describe(from);
            }
            else if (to == FlowStatus.Waiting && from != FlowStatus.Paused)
            {
                refusal = "a run suspends through SaveSuspendedAsync, which saves its snapshot.";
            }
            else if (from == FlowStatus.Paused && to != FlowStatus.Cancelled && to != pausedFrom)
            {
                refusal = $"it was paused while {pausedFrom}, so it goes back to {pausedFrom} or is cancelled.";
            }

            if (refusal is not null)
            {
                throw new RunTransitionException(runId, from, to, refusal);
            }
        }

        /// <summary><see cref="IRunJournal.SaveSuspendedAsync"/>: only a Pending, Running or Waiting run suspends.</summary>
        public static void Suspend(Guid runId, FlowStatus from)
        {
            if (from is not (FlowStatus.Pending or FlowStatus.Running or FlowStatus.Waiting))
            {
                throw new RunTransitionException(runId, from, FlowStatus.Waiting, "a run suspends only from Pending, Running or Waiting.");
            }
        }

        /// <summary><see cref="IRunJournal.EndLegAsync"/>: the leg's end status is a move the rules allow.</summary>
        public static void EndLeg(Guid runId, FlowStatus from, FlowStatus to)
        {
            if (!RunStatusRules.CanMove(from, to))
            {
                throw new RunTransitionException(runId, from, to);
            }
        }

        /// <summary><see cref="IRunJournal.PauseRunAsync"/>: not paused or ended already, nor being cancelled.</summary>
        public static void Pause(Guid runId, FlowStatus status, RunControl control)
        {
            if (status == FlowStatus.Paused || RunStatusRules.IsFinal(status))
            {
                throw new RunTransitionException(runId, status, FlowStatus.Paused, status == FlowStatus.Paused ? "it is Paused already." : null);
            }

            if (control == RunControl.Cancel)
            {
                throw new RunTransitionException(runId, status, FlowStatus.Paused, "it is being cancelled (at its next checkpoint).");
            }
        }

        /// <summary><see cref="IRunJournal.ResumeRunAsync"/> of a run that is neither Paused nor asked to pause.</summary>
        public static RunTransitionException NothingToResume(Guid runId, FlowStatus status)
            => new(runId, status, FlowStatus.Running, "it is not Paused and has no pause request.");

        /// <summary><see cref="IRunJournal.CancelRunAsync"/>: an ended run is not cancelled.</summary>
        public static void Cancel(Guid runId, FlowStatus status)
        {
            if (RunStatusRules.IsFinal(status))
            {
                throw new RunTransitionException(runId, status, FlowStatus.Cancelled);
            }
        }

        /// <summary><see cref="IRunJournal.RetryRunAsync"/>: only a Failed run is retried.</summary>
        public static void Retry(Guid runId, FlowStatus status)
        {
            if (status != FlowStatus.Failed)
            {
                throw new RunTransitionException(runId, status, FlowStatus.Pending, "only a Failed run is retried.");
            }
        }

        /// <summary><see cref="IRunJournal.DeleteRunAsync"/>: only an ended run is deleted.</summary>
        public static void Delete(Guid runId, FlowStatus status)
        {
            if (!RunStatusRules.IsFinal(status))
            {
                throw new RunTransitionException(runId, status, status, "only an ended run (Completed, Failed or Cancelled) is deleted; cancel it first.");
            }
        }
    }
}
