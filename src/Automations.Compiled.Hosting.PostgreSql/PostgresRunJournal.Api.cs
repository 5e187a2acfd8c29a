using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting.PostgreSql
{
    // Inside the namespace: Automations.Compiled.Text would hide NpgsqlDbType.Text otherwise.
    using static NpgsqlTypes.NpgsqlDbType;

    // What the HTTP API needs beyond the runtime: the audit of operators' actions, entities a page at a time, and an
    // operator's retry of a deferred item (postgresql.md and docs/journal.md, "The HTTP API's tables").
    public sealed partial class PostgresRunJournal
    {
        private static readonly PostgresSql AppendAuditSql = new(
            "INSERT INTO run_audit (run_id, at, actor, action, detail) VALUES ($1, $2, $3, $4, $5)", Uuid, Bigint, Text, Text, Text);

        private static readonly PostgresSql ListAuditSql = new("SELECT at, actor, action, detail FROM run_audit WHERE run_id = $1 ORDER BY seq", Uuid);

        // COLLATE "C" pages in byte order whatever the database's collation; ix_entities_page serves both the seek and the order.
        private static readonly PostgresSql FirstEntitiesSql = new(
            $"""SELECT {EntityColumns} FROM entities WHERE template = $1 ORDER BY entity_id COLLATE "C" LIMIT $2""", Text, Integer);

        private static readonly PostgresSql NextEntitiesSql = new(
            $"""SELECT {EntityColumns} FROM entities WHERE template = $1 AND entity_id COLLATE "C" > $3 ORDER BY entity_id COLLATE "C" LIMIT $2""", Text, Integer, Text);

        // Deferred and not claimed since (a claim sets the owner; doing the item deletes it).
        private static readonly PostgresSql RetryDeferredSql = new(
            "UPDATE outbox SET visible_at = $1 WHERE id = $2 AND last_error IS NOT NULL AND lease_owner IS NULL", Bigint, Bigint);

        /// <inheritdoc />
        public Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default)
        {
            AuditChecks.Check(entry);
            return _writer.WriteAsync(
                entry,
                static (w, entry) => w.Command(AppendAuditSql)
                    .Bind(1, entry.RunId).Bind(2, PostgresValues.Time(entry.At)).Bind(3, entry.By).Bind(4, entry.Action).Bind(5, entry.Detail)
                    .ExecuteNonQuery(),
                cancellationToken);
        }

        /// <inheritdoc />
        public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(Guid runId, CancellationToken cancellationToken = default)
        {
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using var command = ListAuditSql.CreateCommand(connection).Bind(1, runId);
            var entries = new List<AuditEntry>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(new AuditEntry(runId, PostgresValues.Time(reader.GetInt64(0)), reader.GetString(1), reader.GetString(2), reader.NullableString(3)));
            }

            return entries;
        }

        /// <inheritdoc />
        public async Task<EntityPage> ListEntitiesAsync(string template, int limit, string? continuationToken, CancellationToken cancellationToken = default)
        {
            var page = EntityPaging.Start(template, limit, continuationToken, out var after);
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using var command = (after is null ? FirstEntitiesSql : NextEntitiesSql).CreateCommand(connection).Bind(1, template).Bind(2, page.Fetch);
            if (after is not null)
            {
                command.Bind(3, after);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && page.Accepts())
            {
                page.Add(ReadEntity(reader));
            }

            return page.Page();
        }

        /// <inheritdoc />
        public Task<bool> RetryDeferredAsync(long itemId, CancellationToken cancellationToken = default)
            => _writer.WriteAsync(
                itemId,
                static (w, itemId) => w.Command(RetryDeferredSql).Bind(1, PostgresValues.Time(w.Time.GetUtcNow())).Bind(2, itemId).ExecuteNonQuery() == 1,
                cancellationToken);
    }
}
