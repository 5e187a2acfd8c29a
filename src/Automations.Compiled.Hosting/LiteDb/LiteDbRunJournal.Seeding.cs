using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using LiteDB;

namespace Automations.Compiled.Hosting.LiteDb
{
    // Seeding for benchmarks: a batch of run records in one write, shaped as StartRunAsync and SetStatusAsync shape them.
    public sealed partial class LiteDbRunJournal
    {
        /// <summary>Inserts <paramref name="runs"/> (in seq order) in one transaction; see <see cref="SeedRun"/>.</summary>
        internal Task<int> SeedRunsAsync(IReadOnlyList<SeedRun> runs)
            => _writer.WriteAsync(
                w =>
                {
                    var documents = new List<BsonDocument>(runs.Count);
                    foreach (var run in runs)
                    {
                        var created = LiteDbValues.Time(run.CreatedAt);
                        var document = new BsonDocument
                        {
                            ["_id"] = Guid.CreateVersion7(run.CreatedAt),
                            ["seq"] = w.NextRunSeq(),
                            ["flow"] = run.FlowId,
                            ["ver"] = 1,
                            ["trace"] = "00000000000000000000000000000000",
                            ["parent"] = BsonValue.Null,
                            ["key"] = LiteDbValues.Nullable(run.IdempotencyKey),
                            ["ik"] = run.IdempotencyKey is { } k ? LiteDbValues.Key(run.FlowId, k) : BsonValue.Null,
                            ["trigger"] = "manual",
                            ["payload"] = Array.Empty<byte>(),
                            ["created"] = created,
                            ["control"] = BsonValue.Null,
                        };
                        SetRun(document, run.Status, pausedFrom: null, outcome: null, created, RunStatusRules.IsFinal(run.Status) ? created : null);
                        documents.Add(document);
                    }

                    return w.Db.Runs.Insert(documents);
                },
                default);
    }
}
