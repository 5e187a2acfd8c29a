namespace Automations.Compiled.Hosting.Sqlite
{
    /// <summary>SQLite's <c>synchronous</c> setting for the journal's writer (with WAL).</summary>
    public enum SqliteSynchronous
    {
        /// <summary>Every commit is synced to disk before it completes: a committed step survives a power cut. The default.</summary>
        Full,

        /// <summary>
        /// The WAL is synced at checkpoints only: faster, still consistent after a crash of the process, but the last
        /// commits before a power cut or OS crash may be lost.
        /// </summary>
        Normal,
    }
}
