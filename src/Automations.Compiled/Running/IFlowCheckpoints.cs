using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled
{
    /// <summary>
    /// Receives a durable run's state at every step boundary of its main sequence (journal mode
    /// <see cref="JournalMode.Durable"/>), so a journal can commit it and the run can resume there after a crash.
    /// Set it in <see cref="FlowRunOptions.Checkpoints"/>; the hosted journal does.
    /// </summary>
    /// <remarks>
    /// A checkpoint is taken before a step starts, once at least one step has ended since the last one: the snapshot
    /// (<see cref="WaitKind.None"/>, <see cref="FlowSnapshot.StepId"/> = the step about to start) holds every step output and
    /// variable so far. Steps inside parallel branches and parallel foreach bodies are committed with the step that
    /// owns them: a crash inside runs the whole parallel step again (SPEC §5: a step whose completion was not
    /// committed runs again).
    /// </remarks>
    public interface IFlowCheckpoints
    {
        /// <summary>Commits <paramref name="snapshot"/>; the run waits for it, then goes on, pauses or cancels as told.</summary>
        ValueTask<CheckpointDecision> SaveAsync(FlowSnapshot snapshot, CancellationToken cancellationToken);
    }

    /// <summary>What a run does after a checkpoint was committed: operators pause and cancel runs at step boundaries.</summary>
    public enum CheckpointDecision
    {
        /// <summary>Go on with the next step.</summary>
        Continue,

        /// <summary>Stop here with <see cref="FlowStatus.Paused"/>; the result carries the checkpoint to resume later.</summary>
        Pause,

        /// <summary>Stop here with <see cref="FlowStatus.Cancelled"/>.</summary>
        Cancel,
    }
}
