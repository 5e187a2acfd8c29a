using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting.Sqlite
{
    // Lifecycle entities (SPEC §7): a trigger moves an entity and starts its action's run in one write; the write that ends
    // the run applies the entity's pending outcome (MoveRun calls SettleEntity). docs/journal.md, "Lifecycle entities".
    public sealed partial class SqliteRunJournal
    {
        private const string EntityColumns = "template, entity_id, state, action, run_id, revision, created_at, updated_at";

        /// <inheritdoc />
        public async Task<EntityState?> GetEntityAsync(string template, string entityId, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrEmpty(template);
            ArgumentException.ThrowIfNullOrEmpty(entityId);
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {EntityColumns} FROM entities WHERE template = $template AND entity_id = $entity";
            command.Bind("$template", template).Bind("$entity", entityId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadEntity(reader) : null;
        }

        /// <inheritdoc />
        public Task<EntityMoveResult> MoveEntityAsync(EntityMove move, CancellationToken cancellationToken = default)
        {
            var (traceId, payload) = EntityMoveChecks.Check(move, nameof(move));
            return _writer.WriteAsync(
                w =>
                {
                    var current = ReadEntity(w, move.Template, move.EntityId);
                    if (!EntityMoveChecks.Applies(move, current))
                    {
                        return new EntityMoveResult(false, current, default);
                    }

                    var now = SqliteValues.Time(w.Time.GetUtcNow());
                    var next = current is null ? NextRevision(w, move.Template, move.EntityId) : current.Revision + 1;
                    var created = current is null ? now : SqliteValues.Time(current.CreatedAt);
                    var access = move.Access.ToString();
                    if (move.Run is { } run)
                    {
                        var start = InsertRun(w, run, traceId!, payload!);
                        if (start.Refusal is { } refusal)
                        {
                            // A kill switch covers the action's flow: the action is refused whole (nothing written), never left in transit on a dead letter.
                            throw new FlowRefusedException(run.FlowId, Guid.Empty, refusal);
                        }

                        WriteEntity(w, move.Template, move.EntityId, move.Transit, move.Action, start.RunId, move.To, move.OnFailure, move.To is null, next, created, now);
                        AppendHistory(w, move.Template, move.EntityId, now, move.Action, current?.State, move.Transit, start.RunId, EntityOutcome.Started, access);
                        return new EntityMoveResult(true, ReadEntity(w, move.Template, move.EntityId), start);
                    }

                    // No flow: through the transit state at once, both moves in the history.
                    AppendHistory(w, move.Template, move.EntityId, now, move.Action, current?.State, move.Transit, null, EntityOutcome.Moved, access);
                    AppendHistory(w, move.Template, move.EntityId, now, move.Action, move.Transit, move.To, null, EntityOutcome.Moved, access);
                    if (move.To is null)
                    {
                        DeleteEntity(w, move.Template, move.EntityId);
                        return new EntityMoveResult(true, null, default);
                    }

                    WriteEntity(w, move.Template, move.EntityId, move.To, null, null, null, null, false, next, created, now);
                    return new EntityMoveResult(true, ReadEntity(w, move.Template, move.EntityId), default);
                },
                cancellationToken);
        }

        /// <inheritdoc />
        public async Task<IReadOnlyList<EntityHistoryEntry>> GetEntityHistoryAsync(string template, string entityId, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrEmpty(template);
            ArgumentException.ThrowIfNullOrEmpty(entityId);
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT seq, at, action, from_state, to_state, run_id, outcome, access FROM entity_history
                WHERE template = $template AND entity_id = $entity ORDER BY seq
                """;
            command.Bind("$template", template).Bind("$entity", entityId);
            var history = new List<EntityHistoryEntry>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                history.Add(new EntityHistoryEntry(
                    reader.GetInt64(0),
                    SqliteValues.Time(reader.GetInt64(1)),
                    reader.GetString(2),
                    reader.NullableString(3),
                    reader.NullableString(4),
                    reader.NullableString(5) is { } run ? SqliteValues.Id(run) : null,
                    reader.GetString(6),
                    reader.NullableString(7) is { } access ? SqliteValues.Enum<AccessLevel>(access) : null));
            }

            return history;
        }

        /// <summary>
        /// Applies the pending outcome of the entity linked to a run that has just ended (called by <see cref="MoveRun"/>
        /// for every final status): Completed → its <c>to</c> state, or the row goes for a destroy; Failed or Cancelled →
        /// its failure state, or the row goes when there is none (a failed create). The run is unlinked, so a retry of a
        /// failed run never moves the entity again.
        /// </summary>
        internal static readonly SqliteSql LinkedEntitySql = new(
            "SELECT template, entity_id, state, action, on_success, on_failure, destroy_on_success, revision FROM entities WHERE run_id = ?1");

        private static void SettleEntity(SqliteWriter w, Guid runId, FlowStatus status, long now)
        {
            string template, entityId, transit, action;
            string? onSuccess, onFailure;
            bool destroy;
            long revision;
            using (var rows = w.Statement(LinkedEntitySql).Id(1, runId).Query())
            {
                if (!rows.Next())
                {
                    return; // the common case, a run no entity waits on: one index probe, nothing read
                }

                (template, entityId, transit, action) = (rows.String(0), rows.String(1), rows.String(2), rows.String(3));
                (onSuccess, onFailure, destroy, revision) = (rows.NullableString(4), rows.NullableString(5), rows.Int64(6) != 0, rows.Int64(7));
            }

            var id = SqliteValues.Id(runId);

            var completed = status == FlowStatus.Completed;
            var to = completed ? (destroy ? null : onSuccess) : onFailure;
            var outcome = status switch
            {
                FlowStatus.Completed => EntityOutcome.Completed,
                FlowStatus.Failed => EntityOutcome.Failed,
                _ => EntityOutcome.Cancelled,
            };
            AppendHistory(w, template, entityId, now, action, transit, to, runId, outcome, null);
            if (to is null)
            {
                DeleteEntity(w, template, entityId);
                return;
            }

            w.Command("""
                UPDATE entities SET state = $state, action = NULL, run_id = NULL, on_success = NULL, on_failure = NULL, destroy_on_success = 0,
                    revision = $revision, updated_at = $now
                WHERE template = $template AND entity_id = $entity
                """)
                .Bind("$state", to).Bind("$revision", revision + 1).Bind("$now", now).Bind("$template", template).Bind("$entity", entityId)
                .ExecuteNonQuery();
        }

        /// <summary>
        /// The revision of a new entity: one more than the moves an entity of that id has had (every move appends at least
        /// one history entry), so a revision read before a destroy never matches the entity created again after it.
        /// </summary>
        private static long NextRevision(SqliteWriter w, string template, string entityId)
            => (long)w.Command("SELECT COUNT(*) FROM entity_history WHERE template = $template AND entity_id = $entity")
                .Bind("$template", template).Bind("$entity", entityId).ExecuteScalar()! + 1;

        private static void WriteEntity(
            SqliteWriter w, string template, string entityId, string state, string? action, Guid? runId,
            string? onSuccess, string? onFailure, bool destroyOnSuccess, long revision, long createdAt, long now)
            => w.Command("""
                INSERT INTO entities (template, entity_id, state, action, run_id, on_success, on_failure, destroy_on_success, revision, created_at, updated_at)
                VALUES ($template, $entity, $state, $action, $run, $onSuccess, $onFailure, $destroy, $revision, $created, $now)
                ON CONFLICT (template, entity_id) DO UPDATE SET
                    state = excluded.state, action = excluded.action, run_id = excluded.run_id, on_success = excluded.on_success,
                    on_failure = excluded.on_failure, destroy_on_success = excluded.destroy_on_success, revision = excluded.revision,
                    updated_at = excluded.updated_at
                """)
                .Bind("$template", template).Bind("$entity", entityId).Bind("$state", state).Bind("$action", action)
                .Bind("$run", runId is { } run ? SqliteValues.Id(run) : null).Bind("$onSuccess", onSuccess).Bind("$onFailure", onFailure)
                .Bind("$destroy", destroyOnSuccess ? 1 : 0).Bind("$revision", revision).Bind("$created", createdAt).Bind("$now", now)
                .ExecuteNonQuery();

        private static void DeleteEntity(SqliteWriter w, string template, string entityId)
            => w.Command("DELETE FROM entities WHERE template = $template AND entity_id = $entity").Bind("$template", template).Bind("$entity", entityId).ExecuteNonQuery();

        private static void AppendHistory(SqliteWriter w, string template, string entityId, long at, string action, string? from, string? to, Guid? runId, string outcome, string? access)
            => w.Command("""
                INSERT INTO entity_history (template, entity_id, at, action, from_state, to_state, run_id, outcome, access)
                VALUES ($template, $entity, $at, $action, $from, $to, $run, $outcome, $access)
                """)
                .Bind("$template", template).Bind("$entity", entityId).Bind("$at", at).Bind("$action", action).Bind("$from", from).Bind("$to", to)
                .Bind("$run", runId is { } run ? SqliteValues.Id(run) : null).Bind("$outcome", outcome).Bind("$access", access)
                .ExecuteNonQuery();

        private static EntityState? ReadEntity(SqliteWriter w, string template, string entityId)
        {
            using var reader = w.Command($"SELECT {EntityColumns} FROM entities WHERE template = $template AND entity_id = $entity")
                .Bind("$template", template).Bind("$entity", entityId).ExecuteReader();
            return reader.Read() ? ReadEntity(reader) : null;
        }

        private static EntityState ReadEntity(Microsoft.Data.Sqlite.SqliteDataReader reader)
            => new(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.NullableString(3),
                reader.NullableString(4) is { } run ? SqliteValues.Id(run) : null,
                reader.GetInt64(5),
                SqliteValues.Time(reader.GetInt64(6)),
                SqliteValues.Time(reader.GetInt64(7)));
    }
}
