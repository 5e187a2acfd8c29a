namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>The embedded journal a hosted benchmark runs on.</summary>
    public enum JournalBackend
    {
        /// <summary>LiteDB (<c>UseLiteDb</c>, the default): <c>journal.litedb</c> and its log <c>journal-log.litedb</c>, every commit fsynced.</summary>
        LiteDb,

        /// <summary>SQLite (<c>UseSqlite</c>): <c>journal.db</c> in WAL mode with <c>synchronous=FULL</c>.</summary>
        Sqlite,
    }
}
