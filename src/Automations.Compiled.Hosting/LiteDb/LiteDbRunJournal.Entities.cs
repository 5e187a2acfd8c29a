using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LiteDB;

namespace Automations.Compiled.Hosting.LiteDb
{
    // Lifecycle entities (SPEC §7): a trigger moves an entity and starts its action's run in one write; the write that ends
    // the run applies the entity's pending outcome (MoveRun calls SettleEntity). docs/journal.md, "Lifecycle entities".
    public sealed partial class LiteDbRunJournal
    {
        /// <inheritdoc />
        public Task<EntityState?> GetEntityAsync(string template, string entityId, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrEmpty(template);
            ArgumentException.ThrowIfNullOrEmpty(entityId);
            return ReadAsync(db => db.Entities.FindById(LiteDbValues.Key(template, entityId)) is { } entity ? ReadEntity(entity) : null, cancellationToken);
        }

        /// <inheritdoc />
        public Task<EntityMoveResult> MoveEntityAsync(EntityMove move, CancellationToken cancellationToken = default)
        {
            var (traceId, payload) = EntityMoveChecks.Check(move, nameof(move));
            return _writer.WriteAsync(
                w =>
                {
                    var key = LiteDbValues.Key(move.Template, move.EntityId);
                    var document = w.Db.Entities.FindById(key);
                    var current = document is null ? null : ReadEntity(document);
                    if (!EntityMoveChecks.Applies(move, current))
                    {
                        return new EntityMoveResult(false, current, default);
                    }

                    var now = LiteDbValues.Time(w.Time.GetUtcNow());
                    var next = current is null ? NextRevision(w, key) : current.Revision + 1;
                    var created = current is null ? now : LiteDbValues.Time(current.CreatedAt);
                    var access = move.Access.ToString();
                    if (move.Run is { } run)
                    {
                        var start = InsertRun(w, run, traceId!, payload!);
                        if (start.Refusal is { } refusal)
                        {
                            // A kill switch covers the action's flow: the action is refused whole (nothing written), never left in transit on a dead letter.
                            throw new FlowRefusedException(run.FlowId, Guid.Empty, refusal);
                        }

                        var inFlight = WriteEntity(w, move.Template, move.EntityId, move.Transit, move.Action, start.RunId, move.To, move.OnFailure, move.To is null, next, created, now);
                        AppendHistory(w, key, now, move.Action, current?.State, move.Transit, start.RunId, EntityOutcome.Started, access);
                        return new EntityMoveResult(true, ReadEntity(inFlight), start);
                    }

                    // No flow: through the transit state at once, both moves in the history.
                    AppendHistory(w, key, now, move.Action, current?.State, move.Transit, null, EntityOutcome.Moved, access);
                    AppendHistory(w, key, now, move.Action, move.Transit, move.To, null, EntityOutcome.Moved, access);
                    if (move.To is null)
                    {
                        w.Db.Entities.Delete(key);
                        return new EntityMoveResult(true, null, default);
                    }

                    var moved = WriteEntity(w, move.Template, move.EntityId, move.To, null, null, null, null, false, next, created, now);
                    return new EntityMoveResult(true, ReadEntity(moved), default);
                },
                cancellationToken);
        }

        /// <inheritdoc />
        public Task<IReadOnlyList<EntityHistoryEntry>> GetEntityHistoryAsync(string template, string entityId, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrEmpty(template);
            ArgumentException.ThrowIfNullOrEmpty(entityId);
            var key = LiteDbValues.Key(template, entityId);
            return ReadAsync<IReadOnlyList<EntityHistoryEntry>>(db =>
            {
                var history = new List<EntityHistoryEntry>();
                foreach (var d in db.History.Find(BsonExpression.Create("$.ek = @0", key)))
                {
                    history.Add(new EntityHistoryEntry(
                        d["_id"].AsInt64,
                        LiteDbValues.Time(d["at"].AsInt64),
                        d.String("action")!,
                        d.String("from"),
                        d.String("to"),
                        d.NullableGuid("run"),
                        d.String("outcome")!,
                        d.String("access") is { } access ? LiteDbValues.Enum<AccessLevel>(access) : null));
                }

                // The auto-increment id is the order of the moves; the index walk gives entries of one key in no set order.
                history.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
                return history;
            }, cancellationToken);
        }

        /// <summary>
        /// Applies the pending outcome of the entity linked to a run that has just ended (called by <see cref="MoveRun"/>
        /// for every final status): Completed → its <c>to</c> state, or the document goes for a destroy; Failed or Cancelled →
        /// its failure state, or the document goes when there is none (a failed create). The run is unlinked, so a retry of a
        /// failed run never moves the entity again.
        /// </summary>
        private static void SettleEntity(LiteDbWriter w, Guid runId, FlowStatus status, long now)
        {
            if (w.Db.Entities.FindOne(BsonExpression.Create("$.run = @0", runId)) is not { } entity)
            {
                return;
            }

            var key = entity["_id"].AsString;
            var completed = status == FlowStatus.Completed;
            var to = completed ? (entity["destroy"].AsBoolean ? null : entity.String("on_success")) : entity.String("on_failure");
            var outcome = status switch
            {
                FlowStatus.Completed => EntityOutcome.Completed,
                FlowStatus.Failed => EntityOutcome.Failed,
                _ => EntityOutcome.Cancelled,
            };
            AppendHistory(w, key, now, entity.String("action")!, entity.String("state"), to, runId, outcome, null);
            if (to is null)
            {
                w.Db.Entities.Delete(key);
                return;
            }

            SetEntity(entity, to, null, null, null, null, false, entity["revision"].AsInt64 + 1, now);
            w.Db.Entities.Update(entity);
        }

        /// <summary>
        /// The revision of a new entity: one more than the moves an entity of that id has had (every move appends at least
        /// one history entry), so a revision read before a destroy never matches the entity created again after it.
        /// </summary>
        private static long NextRevision(LiteDbWriter w, string key) => w.Db.History.LongCount(BsonExpression.Create("$.ek = @0", key)) + 1;

        /// <summary>Inserts or replaces an entity's document (keeping <paramref name="createdAt"/>); returns it as written.</summary>
        private static BsonDocument WriteEntity(
            LiteDbWriter w, string template, string entityId, string state, string? action, Guid? runId,
            string? onSuccess, string? onFailure, bool destroyOnSuccess, long revision, long createdAt, long now)
        {
            var entity = new BsonDocument
            {
                ["_id"] = LiteDbValues.Key(template, entityId),
                ["template"] = template,
                ["entity"] = entityId,
                ["created"] = createdAt,
            };
            SetEntity(entity, state, action, runId, onSuccess, onFailure, destroyOnSuccess, revision, now);
            w.Db.Entities.Upsert(entity);
            return entity;
        }

        /// <summary>Sets an entity's state, its action in flight with the run and pending outcome (all null at rest), and its revision; the caller writes it.</summary>
        private static void SetEntity(
            BsonDocument entity, string state, string? action, Guid? runId, string? onSuccess, string? onFailure, bool destroyOnSuccess, long revision, long now)
        {
            entity["state"] = state;
            entity["action"] = LiteDbValues.Nullable(action);
            entity["run"] = LiteDbValues.Nullable(runId);
            entity["on_success"] = LiteDbValues.Nullable(onSuccess);
            entity["on_failure"] = LiteDbValues.Nullable(onFailure);
            entity["destroy"] = destroyOnSuccess;
            entity["revision"] = revision;
            entity["updated"] = now;
        }

        private static void AppendHistory(LiteDbWriter w, string key, long at, string action, string? from, string? to, Guid? runId, string outcome, string? access)
            => w.Db.History.Insert(new BsonDocument
            {
                ["ek"] = key,
                ["at"] = at,
                ["action"] = action,
                ["from"] = LiteDbValues.Nullable(from),
                ["to"] = LiteDbValues.Nullable(to),
                ["run"] = LiteDbValues.Nullable(runId),
                ["outcome"] = outcome,
                ["access"] = LiteDbValues.Nullable(access),
            });

        private static EntityState ReadEntity(BsonDocument d)
            => new(
                d.String("template")!,
                d.String("entity")!,
                d.String("state")!,
                d.String("action"),
                d.NullableGuid("run"),
                d["revision"].AsInt64,
                LiteDbValues.Time(d["created"].AsInt64),
                LiteDbValues.Time(d["updated"].AsInt64));
    }
}
