namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>What a journal keeps, whatever the store calls it (SQLite tables, document collections).</summary>
    public enum JournalTable
    {
        /// <summary>Runs, one record each.</summary>
        Runs,

        /// <summary>Step tries of runs.</summary>
        Steps,

        /// <summary>Snapshots of suspended (and checkpointed) runs, one per run at most.</summary>
        Suspended,

        /// <summary>Outbox items (start, resume, timer, continue).</summary>
        Outbox,

        /// <summary>Living lifecycle entities.</summary>
        Entities,

        /// <summary>Moves of lifecycle entities.</summary>
        EntityHistory,
    }
}
