using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Automations.Compiled.Hosting.PostgreSql
{
    // Inside the namespace: Automations.Compiled.Text would hide NpgsqlDbType.Text otherwise.
    using static NpgsqlTypes.NpgsqlDbType;

    // Lifecycle entities (SPEC §7): a trigger moves an entity and starts its action's run in one write; the write that ends
    // the run applies the entity's pending outcome (MoveRun calls SettleEntity). docs/journal.md, "Lifecycle entities".
    public sealed partial class PostgresRunJournal
    {
        private const string EntityColumns = "template, entity_id, state, action, run_id, revision, created_at, updated_at";

        /// <inheritdoc />
        public async Task<EntityState?> GetEntityAsync(string template, string entityId, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrEmpty(template);
            ArgumentException.ThrowIfNullOrEmpty(entityId);
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using var command = EntitySql.CreateCommand(connection).Bind(1, template).Bind(2, entityId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadEntity(reader) : null;
        }

        private static readonly PostgresSql EntitySql = new($"SELECT {EntityColumns} FROM entities WHERE template = $1 AND entity_id = $2", Text, Text);

        /// <inheritdoc />
        public Task<EntityMoveResult> MoveEntityAsync(EntityMove move, CancellationToken cancellationToken = default)
        {
            var (traceId, payload) = EntityMoveChecks.Check(move, nameof(move));
            return _writer.WriteAsync((move, traceId, payload), MoveEntity, cancellationToken);
        }

        private static EntityMoveResult MoveEntity(PostgresWriter w, (EntityMove Move, string? TraceId, byte[]? Payload) args)
        {
            var (move, traceId, payload) = args;

            // The compare-and-swap reads the entity, then writes it: another host's move of the same entity must not come
            // in between. A row lock cannot guard a create (there is no row yet), so the entity's key is locked instead,
            // to the end of the batch; a host that waited here then reads what the other committed.
            w.Command(LockEntitySql).Bind(1, move.Template).Bind(2, move.EntityId).ExecuteNonQuery();
            var current = ReadEntity(w, move.Template, move.EntityId);
            if (!EntityMoveChecks.Applies(move, current))
            {
                return new EntityMoveResult(false, current, default);
            }

            var now = PostgresValues.Time(w.Time.GetUtcNow());
            var next = current is null ? NextRevision(w, move.Template, move.EntityId) : current.Revision + 1;
            var created = current is null ? now : PostgresValues.Time(current.CreatedAt);
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
        }

        /// <summary>
        /// A transaction-scoped advisory lock on an entity's key (in this schema: hosts of other journals on the same
        /// database never wait for it). A hash that two keys share only makes their moves wait for each other.
        /// </summary>
        private static readonly PostgresSql LockEntitySql = new(
            "SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || '.' || $1, hashtext($2)))", Text, Text);

        /// <inheritdoc />
        public async Task<IReadOnlyList<EntityHistoryEntry>> GetEntityHistoryAsync(string template, string entityId, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrEmpty(template);
            ArgumentException.ThrowIfNullOrEmpty(entityId);
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using var command = EntityHistorySql.CreateCommand(connection).Bind(1, template).Bind(2, entityId);
            var history = new List<EntityHistoryEntry>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                history.Add(new EntityHistoryEntry(
                    reader.GetInt64(0),
                    PostgresValues.Time(reader.GetInt64(1)),
                    reader.GetString(2),
                    reader.NullableString(3),
                    reader.NullableString(4),
                    reader.NullableGuid(5),
                    reader.GetString(6),
                    reader.NullableEnum<AccessLevel>(7)));
            }

            return history;
        }

        private static readonly PostgresSql EntityHistorySql = new("""
            SELECT seq, at, action, from_state, to_state, run_id, outcome, access FROM entity_history
            WHERE template = $1 AND entity_id = $2 ORDER BY seq
            """, Text, Text);

        /// <summary>
        /// Applies the pending outcome of the entity linked to a run that has just ended (called by <see cref="MoveRun"/>
        /// for every final status): Completed → its <c>to</c> state, or the row goes for a destroy; Failed or Cancelled →
        /// its failure state, or the row goes when there is none (a failed create). The run is unlinked, so a retry of a
        /// failed run never moves the entity again.
        /// </summary>
        private static void SettleEntity(PostgresWriter w, Guid runId, FlowStatus status, long now)
        {
            string template, entityId, transit, action;
            string? onSuccess, onFailure;
            bool destroy;
            long revision;
            w.Defer(LinkedEntitySql).Bind(1, runId);
            using (var reader = w.SendAndRead())
            {
                if (!reader.Read())
                {
                    return; // the common case, a run no entity waits on: one index probe, nothing read
                }

                (template, entityId, transit, action) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
                (onSuccess, onFailure, destroy, revision) = (reader.NullableString(4), reader.NullableString(5), reader.GetBoolean(6), reader.GetInt64(7));
            }

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

            w.Command(SettleEntitySql).Bind(1, to).Bind(2, revision + 1).Bind(3, now).Bind(4, template).Bind(5, entityId).ExecuteNonQuery();
        }

        // The linked row is locked: the run's row is locked already (its end came through ReadRunState), so no other host
        // settles it, and a move of the entity waits for its key's lock first and then for this row.
        private static readonly PostgresSql LinkedEntitySql = new(
            "SELECT template, entity_id, state, action, on_success, on_failure, destroy_on_success, revision FROM entities WHERE run_id = $1 FOR UPDATE", Uuid);

        private static readonly PostgresSql SettleEntitySql = new("""
            UPDATE entities SET state = $1, action = NULL, run_id = NULL, on_success = NULL, on_failure = NULL, destroy_on_success = false,
                revision = $2, updated_at = $3
            WHERE template = $4 AND entity_id = $5
            """, Text, Bigint, Bigint, Text, Text);

        /// <summary>
        /// The revision of a new entity: one more than the moves an entity of that id has had (every move appends at least
        /// one history entry), so a revision read before a destroy never matches the entity created again after it.
        /// </summary>
        private static long NextRevision(PostgresWriter w, string template, string entityId)
            => (long)w.Command(HistoryCountSql).Bind(1, template).Bind(2, entityId).ExecuteScalar()! + 1;

        private static readonly PostgresSql HistoryCountSql = new("SELECT COUNT(*) FROM entity_history WHERE template = $1 AND entity_id = $2", Text, Text);

        private static void WriteEntity(
            PostgresWriter w, string template, string entityId, string state, string? action, Guid? runId,
            string? onSuccess, string? onFailure, bool destroyOnSuccess, long revision, long createdAt, long now)
            => w.Command(WriteEntitySql)
                .Bind(1, template).Bind(2, entityId).Bind(3, state).Bind(4, action).Bind(5, runId).Bind(6, onSuccess).Bind(7, onFailure)
                .Bind(8, destroyOnSuccess).Bind(9, revision).Bind(10, createdAt).Bind(11, now)
                .ExecuteNonQuery();

        private static readonly PostgresSql WriteEntitySql = new("""
            INSERT INTO entities (template, entity_id, state, action, run_id, on_success, on_failure, destroy_on_success, revision, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (template, entity_id) DO UPDATE SET
                state = excluded.state, action = excluded.action, run_id = excluded.run_id, on_success = excluded.on_success,
                on_failure = excluded.on_failure, destroy_on_success = excluded.destroy_on_success, revision = excluded.revision,
                updated_at = excluded.updated_at
            """, Text, Text, Text, Text, Uuid, Text, Text, NpgsqlTypes.NpgsqlDbType.Boolean, Bigint, Bigint, Bigint);

        private static void DeleteEntity(PostgresWriter w, string template, string entityId)
            => w.Command(DeleteEntitySql).Bind(1, template).Bind(2, entityId).ExecuteNonQuery();

        private static readonly PostgresSql DeleteEntitySql = new("DELETE FROM entities WHERE template = $1 AND entity_id = $2", Text, Text);

        private static void AppendHistory(PostgresWriter w, string template, string entityId, long at, string action, string? from, string? to, Guid? runId, string outcome, string? access)
            => w.Command(AppendHistorySql)
                .Bind(1, template).Bind(2, entityId).Bind(3, at).Bind(4, action).Bind(5, from).Bind(6, to).Bind(7, runId).Bind(8, outcome).Bind(9, access)
                .ExecuteNonQuery();

        private static readonly PostgresSql AppendHistorySql = new("""
            INSERT INTO entity_history (template, entity_id, at, action, from_state, to_state, run_id, outcome, access)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, Text, Text, Bigint, Text, Text, Text, Uuid, Text, Text);

        private static EntityState? ReadEntity(PostgresWriter w, string template, string entityId)
        {
            using var reader = w.Command(EntitySql).Bind(1, template).Bind(2, entityId).ExecuteReader();
            return reader.Read() ? ReadEntity(reader) : null;
        }

        private static EntityState ReadEntity(NpgsqlDataReader reader)
            => new(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.NullableString(3),
                reader.NullableGuid(4),
                reader.GetInt64(5),
                PostgresValues.Time(reader.GetInt64(6)),
                PostgresValues.Time(reader.GetInt64(7)));
    }
}
