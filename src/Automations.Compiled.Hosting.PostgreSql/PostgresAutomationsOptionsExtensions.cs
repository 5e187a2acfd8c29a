using System;

namespace Automations.Compiled.Hosting.PostgreSql
{
    /// <summary><c>UsePostgres</c>: keeps a host's runs in a PostgreSQL database that several hosts may share.</summary>
    public static class PostgresAutomationsOptionsExtensions
    {
        /// <summary>
        /// Keeps runs in PostgreSQL (<paramref name="connectionString"/>, the tables in schema <c>automations</c> unless
        /// configured otherwise). Any number of hosts may use the same database: each claims work with
        /// <c>FOR UPDATE SKIP LOCKED</c>, holds it under a lease, and commits its writes in groups; a host whose lease lapsed
        /// cannot commit a step of that run. See docs/postgresql.md.
        /// </summary>
        public static AutomationsOptions UsePostgres(this AutomationsOptions options, string connectionString, Action<PostgresJournalOptions>? configure = null)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

            // Built when the host opens its journal, on the host's clock as it is then (as UseSqlite does).
            PostgresJournalOptions Build()
            {
                var journal = new PostgresJournalOptions { ConnectionString = connectionString, TimeProvider = options.TimeProvider };
                configure?.Invoke(journal);
                return journal;
            }

            return options.UseJournal(
                async (_, cancellationToken) => await PostgresRunJournal.OpenAsync(Build(), cancellationToken).ConfigureAwait(false),
                "postgres:" + PostgresRunJournal.Describe(Build()));
        }
    }
}
