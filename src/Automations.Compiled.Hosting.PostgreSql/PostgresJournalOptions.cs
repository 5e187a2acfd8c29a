using System;

namespace Automations.Compiled.Hosting.PostgreSql
{
    /// <summary>Where and how the PostgreSQL journal keeps its tables.</summary>
    public sealed class PostgresJournalOptions
    {
        /// <summary>
        /// An Npgsql connection string (<c>Host=…;Database=…;Username=…;Password=…</c>). Its password never reaches a log or
        /// an error this journal writes.
        /// </summary>
        public string ConnectionString { get; set; } = "";

        /// <summary>
        /// The schema that holds the journal's tables; created when missing. Default <c>automations</c>. Hosts that share
        /// work share a schema; a schema holding other tables than a journal's is refused.
        /// </summary>
        public string Schema { get; set; } = "automations";

        /// <summary>The most writes one transaction of this host carries (group commit). Default 256.</summary>
        public int MaxBatchSize { get; set; } = 256;

        /// <summary>
        /// How long a lost connection or a failover is retried (with exponential backoff, from 50 ms up to 2 s) before the
        /// writes waiting on it fail. Default 30 s.
        /// </summary>
        public TimeSpan ReconnectFor { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>The clock for timestamps and leases. Default <see cref="TimeProvider.System"/>.</summary>
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
    }
}
