using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace Automations.Compiled.Hosting.Sqlite
{
    // Retention: ended runs go after a while, and compaction gives their pages back (docs/journal.md, "Retention and compaction").
    public sealed partial class SqliteRunJournal
    {
        /// <summary>
        /// Deletes the <c>$max</c> runs that ended longest before <c>$before</c> (internal for the query-plan test). ix_runs_ended
        /// drives it in end order, so LIMIT ends the walk; the unary + keeps the planner off ix_runs_status (every ended run,
        /// then a sort).
        /// </summary>
        internal const string PurgeSql = """
            DELETE FROM runs WHERE seq IN (
                SELECT seq FROM runs WHERE ended_at < $before AND +status IN ('Completed', 'Failed', 'Cancelled')
                ORDER BY ended_at, seq LIMIT $max)
            """;

        /// <summary>Deletes the audit entries of the runs <see cref="PurgeSql"/> deletes next (the same selection).</summary>
        internal const string PurgeAuditSql = """
            DELETE FROM run_audit WHERE run_id IN (
                SELECT id FROM runs WHERE ended_at < $before AND +status IN ('Completed', 'Failed', 'Cancelled')
                ORDER BY ended_at, seq LIMIT $max)
            """;

        /// <inheritdoc />
        public Task<int> PurgeEndedRunsAsync(DateTimeOffset endedBefore, int max, CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);

            // Steps, snapshot and outbox items go with each run (ON DELETE CASCADE; the count is of runs alone); the flow's
            // run count counts starts and stays. ended_at is set only while a run has ended, and the status check keeps
            // it so; an entity's run in flight has not ended, so no entity loses its run.
            return _writer.WriteAsync(
                w =>
                {
                    // The audit has no foreign key (it outlives a deleted run's record), so the same runs' entries go first,
                    // picked by the same query in the same transaction.
                    var before = SqliteValues.Time(endedBefore);
                    w.Command(PurgeAuditSql).Bind("$before", before).Bind("$max", max).ExecuteNonQuery();
                    return w.Command(PurgeSql).Bind("$before", before).Bind("$max", max).ExecuteNonQuery();
                },
                cancellationToken);
        }

        /// <inheritdoc />
        public Task<JournalCompaction> CompactAsync(CancellationToken cancellationToken = default)
            => _writer.ExclusiveAsync(
                w =>
                {
                    var before = FileBytes();
                    try
                    {
                        // Empty the WAL first, so what VACUUM writes starts at its beginning instead of after older frames.
                        Checkpoint(w);

                        // VACUUM rewrites the database without its free pages, in one transaction (a crash keeps the old file);
                        // in WAL mode the new pages go to the WAL, and the checkpoint after it copies them back and cuts the
                        // database file to its new size.
                        w.Command("VACUUM").ExecuteNonQuery();
                        Checkpoint(w);
                    }
                    catch (SqliteException error)
                    {
                        throw new JournalException($"The journal file '{Path}' could not be compacted ({error.Message}); it is as it was. Compacting needs free disk space of up to about twice what the journal keeps.", error);
                    }

                    return new JournalCompaction(before, FileBytes());
                },
                cancellationToken);

        /// <summary>Copies the WAL into the database and truncates it (while no reader still reads an older snapshot).</summary>
        private static void Checkpoint(SqliteWriter w) => w.Command("PRAGMA wal_checkpoint(TRUNCATE)").ExecuteNonQuery();

        /// <summary>The bytes of the database file and its WAL.</summary>
        private long FileBytes() => FileLength(Path) + FileLength(Path + "-wal");

        private static long FileLength(string path)
        {
            var file = new FileInfo(path);
            return file.Exists ? file.Length : 0;
        }
    }
}
