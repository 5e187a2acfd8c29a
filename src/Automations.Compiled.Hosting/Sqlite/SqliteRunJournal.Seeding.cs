using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting.Sqlite
{
    // Seeding for benchmarks: a batch of run records in one write, in the columns StartRunAsync and SetStatusAsync write.
    public sealed partial class SqliteRunJournal
    {
        /// <summary>Inserts <paramref name="runs"/> (in seq order) in one transaction; see <see cref="SeedRun"/>.</summary>
        internal Task<int> SeedRunsAsync(IReadOnlyList<SeedRun> runs)
            => _writer.WriteAsync(
                w =>
                {
                    var insert = w.Command("""
                        INSERT INTO runs (id, flow_id, flow_version, trace_id, idempotency_key, status, trigger_kind, payload, created_at, updated_at, ended_at)
                        VALUES ($id, $flow, 1, '00000000000000000000000000000000', $key, $status, 'manual', x'', $created, $created, $ended)
                        """);
                    foreach (var run in runs)
                    {
                        var created = SqliteValues.Time(run.CreatedAt);
                        insert.Bind("$id", SqliteValues.Id(Guid.CreateVersion7(run.CreatedAt))).Bind("$flow", run.FlowId).Bind("$key", run.IdempotencyKey)
                            .Bind("$status", run.Status.ToString()).Bind("$created", created)
                            .Bind("$ended", RunStatusRules.IsFinal(run.Status) ? created : null)
                            .ExecuteNonQuery();
                    }

                    return runs.Count;
                },
                default);
    }
}
