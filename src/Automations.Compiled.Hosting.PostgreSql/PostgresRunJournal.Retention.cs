using System;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Automations.Compiled.Hosting.PostgreSql
{
    // Inside the namespace: Automations.Compiled.Text would hide NpgsqlDbType.Text otherwise.
    using static NpgsqlTypes.NpgsqlDbType;

    // Retention: ended runs go after a while, and compaction lets PostgreSQL reuse their space.
    public sealed partial class PostgresRunJournal
    {
        /// <summary>
        /// Deletes the <c>$2</c> runs that ended longest before <c>$1</c>; ix_runs_ended drives it in end order. Rows
        /// another host is purging at the same moment are skipped, not waited for.
        /// </summary>
        /// <remarks>The audit has no foreign key (it outlives a deleted run's record): the runs' entries go in the same statement.</remarks>
        private static readonly PostgresSql PurgeSql = new("""
            WITH gone AS (
                DELETE FROM runs WHERE seq IN (
                    SELECT seq FROM runs WHERE ended_at < $1 AND status IN ('Completed', 'Failed', 'Cancelled')
                    ORDER BY ended_at, seq LIMIT $2
                    FOR UPDATE SKIP LOCKED)
                RETURNING id),
            audit AS (DELETE FROM run_audit WHERE run_id IN (SELECT id FROM gone))
            SELECT count(*)::integer FROM gone
            """, Bigint, Integer);

        /// <summary>The journal's tables, which <see cref="CompactAsync"/> vacuums and measures.</summary>
        private const string Tables = "runs, steps, suspended, outbox, flows, flow_run_counts, flow_versions, schedules, entities, entity_history, kill_switches, throttle_windows, run_audit, schema_version";

        /// <inheritdoc />
        public Task<int> PurgeEndedRunsAsync(DateTimeOffset endedBefore, int max, CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);

            // Steps, snapshot and outbox items go with each run (ON DELETE CASCADE; the count is of runs alone); the flow's
            // run count counts starts and stays. ended_at is set only while a run has ended, and the status check keeps
            // it so; an entity's run in flight has not ended, so no entity loses its run.
            return _writer.WriteAsync(
                (endedBefore, max),
                static (w, args) => (int)w.Command(PurgeSql).Bind(1, PostgresValues.Time(args.endedBefore)).Bind(2, args.max).ExecuteScalar()!,
                cancellationToken);
        }

        /// <summary>
        /// Vacuums the journal's tables (<c>VACUUM (ANALYZE)</c>), between two batches of this host's writes: the space of
        /// purged runs becomes free for new rows and the planner's statistics are fresh. PostgreSQL keeps the tables' files
        /// at their size (only a <c>VACUUM FULL</c>, which locks the tables against every host, would shrink them), so
        /// <see cref="JournalCompaction"/> reports the tables' size with their indexes and TOAST before and after, which
        /// may hardly change.
        /// </summary>
        /// <inheritdoc />
        public Task<JournalCompaction> CompactAsync(CancellationToken cancellationToken = default)
            => _writer.ExclusiveAsync(
                static w =>
                {
                    var before = TableBytes(w);
                    try
                    {
                        // VACUUM runs only outside a transaction: the writer runs exclusive bodies between its batches.
                        using var vacuum = new NpgsqlCommand("VACUUM (ANALYZE) " + Tables, w.Connection);
                        vacuum.ExecuteNonQuery();
                    }
                    catch (PostgresException error)
                    {
                        throw new JournalException($"The journal's tables could not be vacuumed ({error.Message}); they are as they were.", error);
                    }

                    return new JournalCompaction(before, TableBytes(w));
                },
                cancellationToken);

        /// <summary>The bytes of the journal's tables, their indexes and TOAST, as PostgreSQL counts them.</summary>
        private static long TableBytes(PostgresWriter w)
            => (long)w.Command(TableBytesSql).ExecuteScalar()!;

        private static readonly PostgresSql TableBytesSql = new("""
            SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::bigint
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind = 'r'
            """);
    }
}
