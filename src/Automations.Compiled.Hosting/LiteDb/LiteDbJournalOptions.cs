using System;

namespace Automations.Compiled.Hosting.LiteDb
{
    /// <summary>Where and how the LiteDB journal keeps its file.</summary>
    public sealed class LiteDbJournalOptions
    {
        /// <summary>
        /// The journal file; created when missing. Its write-ahead log is kept beside it as <c>name-log.ext</c>.
        /// Default <c>automations.litedb</c>.
        /// </summary>
        public string Path { get; set; } = "automations.litedb";

        /// <summary>The most writes one transaction carries. Default 256.</summary>
        public int MaxBatchSize { get; set; } = 256;

        /// <summary>
        /// How large the write-ahead log may grow before the writer copies it into the data file (a checkpoint, between
        /// two batches). Default 8 MiB.
        /// </summary>
        public long CheckpointBytes { get; set; } = 8 * 1024 * 1024;

        /// <summary>The clock for timestamps and leases. Default <see cref="TimeProvider.System"/>.</summary>
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

        /// <summary>Wraps the journal's file streams (tests use it to simulate a full disk).</summary>
        internal Func<System.IO.Stream, System.IO.Stream>? WrapStream { get; set; }
    }
}
