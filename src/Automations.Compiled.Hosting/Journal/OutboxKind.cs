namespace Automations.Compiled.Hosting
{
    /// <summary>What an outbox item asks a worker to do.</summary>
    public enum OutboxKind
    {
        /// <summary>Run a Pending run from its start (written by <see cref="IRunJournal.StartRunAsync"/>).</summary>
        Start,

        /// <summary>Resume a suspended run; the payload carries the signal.</summary>
        Resume,

        /// <summary>The timer (or timeout) of a waiting run fired (<see cref="IRunJournal.EnqueueDueTimersAsync"/>); no payload.</summary>
        Timer,

        /// <summary>Go on from the run's checkpoint (a resumed pause, a retry); no payload.</summary>
        Continue,
    }
}
