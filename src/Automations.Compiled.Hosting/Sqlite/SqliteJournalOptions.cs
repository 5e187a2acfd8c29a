using System;

namespace Automations.Compiled.Hosting.Sqlite
{
    /// <summary>Where and how the SQLite journal keeps its file.</summary>
    public sealed class SqliteJournalOptions
    {
        /// <summary>The database file; created when missing. Default <c>automations.db</c>.</summary>
        public string Path { get; set; } = "automations.db";

        /// <summary>How hard each commit is synced. Default <see cref="SqliteSynchronous.Full"/>.</summary>
        public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Full;

        /// <summary>How long a connection waits for a lock held by another process before it fails. Default 5 s.</summary>
        public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>The most writes one transaction carries. Default 256.</summary>
        public int MaxBatchSize { get; set; } = 256;

        /// <summary>The clock for timestamps and leases. Default <see cref="TimeProvider.System"/>.</summary>
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
    }
}
