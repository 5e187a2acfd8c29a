using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LiteDB;

namespace Automations.Compiled.Hosting.LiteDb
{
    // What the HTTP API needs beyond the runtime: the audit of operators' actions, entities a page at a time, and an
    // operator's retry of a deferred item (docs/journal.md, "The HTTP API's tables").
    public sealed partial class LiteDbRunJournal
    {
        /// <inheritdoc />
        public Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default)
        {
            AuditChecks.Check(entry);
            return _writer.WriteAsync(
                w => w.Db.Audit.Insert(new BsonDocument
                {
                    ["run"] = entry.RunId,
                    ["at"] = LiteDbValues.Time(entry.At),
                    ["by"] = entry.By,
                    ["action"] = entry.Action,
                    ["detail"] = LiteDbValues.Nullable(entry.Detail),
                }),
                cancellationToken);
        }

        /// <inheritdoc />
        public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(Guid runId, CancellationToken cancellationToken = default)
            => ReadAsync<IReadOnlyList<AuditEntry>>(db =>
            {
                var entries = new List<(long Id, AuditEntry Entry)>();
                foreach (var d in db.Audit.Find(BsonExpression.Create("$.run = @0", runId)))
                {
                    entries.Add((d["_id"].AsInt64, new AuditEntry(runId, LiteDbValues.Time(d["at"].AsInt64), d.String("by")!, d.String("action")!, d.String("detail"))));
                }

                // Ids increase in the order the entries were written; the run index gives them in its own order.
                entries.Sort((a, b) => a.Id.CompareTo(b.Id));
                return entries.ConvertAll(e => e.Entry);
            }, cancellationToken);

        /// <inheritdoc />
        public Task<EntityPage> ListEntitiesAsync(string template, int limit, string? continuationToken, CancellationToken cancellationToken = default)
        {
            var page = EntityPaging.Start(template, limit, continuationToken, out var after);

            // Entities are keyed (template, entity): the _id index walked from just past the token's key to the template's end
            // gives them in entity id order (the ordinal collation). '\0' makes the lower bound the first key above the token's.
            var lower = after is null ? LiteDbValues.After(template) : LiteDbValues.Key(template, after) + "\0";
            var upper = LiteDbValues.Past(template);
            return ReadAsync(db =>
            {
                var walk = db.Entities.Query()
                    .Where(BsonExpression.Create("$._id BETWEEN @0 AND @1", lower, upper))
                    .OrderBy(BsonExpression.Create("$._id"))
                    .Limit(page.Fetch)
                    .ToEnumerable();
                foreach (var d in walk)
                {
                    if (!page.Accepts())
                    {
                        break;
                    }

                    page.Add(ReadEntity(d));
                }

                return page.Page();
            }, cancellationToken);
        }

        /// <inheritdoc />
        public Task<bool> RetryDeferredAsync(long itemId, CancellationToken cancellationToken = default)
            => _writer.WriteAsync(
                w =>
                {
                    // Deferred and not claimed since: a claim sets the owner, doing the item deletes it.
                    if (w.Db.Outbox.FindById(itemId) is not { } item || item.String("last_error") is null || item.String("owner") is not null)
                    {
                        return false;
                    }

                    SetVisible(item, LiteDbValues.Time(w.Time.GetUtcNow()));
                    return w.Db.Outbox.Update(item);
                },
                cancellationToken);
    }
}
