using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting
{
    /// <summary>
    /// The host's own writes on a journal that can take them pooled: the same writes as
    /// <see cref="IRunJournal.StartRunAsync"/>, <see cref="IRunJournal.SaveCheckpointAsync"/> and
    /// <see cref="IRunJournal.EndLegAsync"/>, with the same rules and outcomes, but each handed back as a
    /// <see cref="ValueTask{TResult}"/> over a pooled write that its one caller awaits once: a run's start and a durable
    /// step's commit then cost no task and no completion source. The host uses it where a journal offers it.
    /// </summary>
    internal interface IPooledRunWrites
    {
        /// <summary>As <see cref="IRunJournal.StartRunAsync"/>; await the result exactly once (it continues on the pool).</summary>
        ValueTask<RunStart> StartRunAsync(NewRun run, CancellationToken cancellationToken);

        /// <summary>As <see cref="IRunJournal.SaveCheckpointAsync"/>; await the result exactly once.</summary>
        ValueTask<CheckpointCommit> SaveCheckpointAsync(RunCheckpoint checkpoint);

        /// <summary>As <see cref="IRunJournal.EndLegAsync"/>; await the result exactly once.</summary>
        ValueTask<bool> EndLegAsync(RunLegEnd end);
    }
}
