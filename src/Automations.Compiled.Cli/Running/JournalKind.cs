namespace Automations.Compiled.Cli.Running
{
    /// <summary>The two kinds of journal file the tool opens.</summary>
    internal enum JournalKind
    {
        /// <summary>A LiteDB file: the default for a new journal.</summary>
        LiteDb,

        /// <summary>A SQLite file.</summary>
        Sqlite,
    }
}
