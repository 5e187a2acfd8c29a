using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LiteDB;

namespace Automations.Compiled.Hosting.LiteDb
{
    // Retention: ended runs go after a while, and compaction gives their pages back (docs/journal.md, "Retention and compaction").
    public sealed partial class LiteDbRunJournal
    {
        /// <inheritdoc />
        public Task<int> PurgeEndedRunsAsync(DateTimeOffset endedBefore, int max, CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
            var before = LiteDbValues.Time(endedBefore);
            return _writer.WriteAsync(
                w =>
                {
                    // The ended index walks the runs in the order they ended (null, for a run that has not, sorts below every
                    // number). The status check keeps a run that has not ended safe whatever its end field says; an entity's
                    // run in flight has not ended, so no entity loses its run.
                    var db = w.Db;
                    var runs = new List<Guid>();
                    var ended = db.Runs.Query()
                        .Where(BsonExpression.Create("$.ended BETWEEN @0 AND @1", long.MinValue, before - 1))
                        .OrderBy(BsonExpression.Create("$.ended"))
                        .ToEnumerable();
                    foreach (var run in ended)
                    {
                        if (RunStatusRules.IsFinal(LiteDbValues.Enum<FlowStatus>(run.String("status")!)))
                        {
                            runs.Add(run["_id"].AsGuid);
                            if (runs.Count == max)
                            {
                                break;
                            }
                        }
                    }

                    foreach (var runId in runs)
                    {
                        DeleteRunWithItsOwn(db, runId);
                    }

                    return runs.Count;
                },
                cancellationToken);
        }

        /// <inheritdoc />
        public Task<JournalCompaction> CompactAsync(CancellationToken cancellationToken = default)
            => _writer.ExclusiveAsync(w => w.Compact(), cancellationToken);

        /// <summary>
        /// Deletes a run with its steps, its snapshot, its outbox items and its audit entries (what SQLite's ON DELETE CASCADE takes). The flow's
        /// run count counts starts and stays; entity history keeps the run's id.
        /// </summary>
        private static void DeleteRunWithItsOwn(LiteDbCollections db, Guid runId)
        {
            DeleteOfRun(db.Steps, runId);
            DeleteOfRun(db.Outbox, runId);
            db.Suspended.Delete(runId);
            DeleteOfRun(db.Audit, runId);
            db.Runs.Delete(runId);
        }

        /// <summary>Deletes the documents of <paramref name="collection"/> whose <c>run</c> is <paramref name="runId"/> (their ids read first).</summary>
        private static void DeleteOfRun(ILiteCollection<BsonDocument> collection, Guid runId)
        {
            var ids = new List<BsonValue>();
            foreach (var d in collection.Find(BsonExpression.Create("$.run = @0", runId)))
            {
                ids.Add(d["_id"]);
            }

            foreach (var id in ids)
            {
                collection.Delete(id);
            }
        }
    }
}
