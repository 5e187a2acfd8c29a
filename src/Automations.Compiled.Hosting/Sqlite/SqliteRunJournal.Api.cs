using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting.Sqlite
{
    // What the HTTP API needs beyond the runtime: the audit of operators' actions, entities a page at a time, and an
    // operator's retry of a deferred item (docs/journal.md, "The HTTP API's tables").
    public sealed partial class SqliteRunJournal
    {
        /// <inheritdoc />
        public Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default)
        {
            AuditChecks.Check(entry);
            return _writer.WriteAsync(
                w => w.Command("INSERT INTO run_audit (run_id, at, actor, action, detail) VALUES ($run, $at, $by, $action, $detail)")
                    .Bind("$run", SqliteValues.Id(entry.RunId)).Bind("$at", SqliteValues.Time(entry.At))
                    .Bind("$by", entry.By).Bind("$action", entry.Action).Bind("$detail", entry.Detail)
                    .ExecuteNonQuery(),
                cancellationToken);
        }

        /// <inheritdoc />
        public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(Guid runId, CancellationToken cancellationToken = default)
        {
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT at, actor, action, detail FROM run_audit WHERE run_id = $run ORDER BY seq";
            command.Bind("$run", SqliteValues.Id(runId));
            var entries = new List<AuditEntry>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(new AuditEntry(runId, SqliteValues.Time(reader.GetInt64(0)), reader.GetString(1), reader.GetString(2), reader.NullableString(3)));
            }

            return entries;
        }

        /// <inheritdoc />
        public async Task<EntityPage> ListEntitiesAsync(string template, int limit, string? continuationToken, CancellationToken cancellationToken = default)
        {
            var page = EntityPaging.Start(template, limit, continuationToken, out var after);
            await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();

            // The primary key (template, entity_id) is the walk: a seek to the token's id, then in order (BINARY: ordinal).
            command.CommandText = $"SELECT {EntityColumns} FROM entities WHERE template = $template{(after is null ? "" : " AND entity_id > $after")} ORDER BY entity_id LIMIT $limit";
            command.Bind("$template", template).Bind("$limit", page.Fetch);
            if (after is not null)
            {
                command.Bind("$after", after);
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
                w => w.Command("UPDATE outbox SET visible_at = $now WHERE id = $id AND last_error IS NOT NULL AND lease_owner IS NULL")
                    .Bind("$now", SqliteValues.Time(w.Time.GetUtcNow())).Bind("$id", itemId)
                    .ExecuteNonQuery() == 1,
                cancellationToken);
    }
}
