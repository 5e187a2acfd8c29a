using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Automations.Compiled.Hosting;
using Automations.Compiled.Hosting.LiteDb;
using LiteDB;

namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>
    /// The LiteDB floor: the journal's documents, written straight on a <see cref="LiteDatabase"/> over the journal's own
    /// locked files (<see cref="LiteDbFiles"/>: <see cref="SyncedFile"/> streams, so LiteDB's flushes are fsyncs), with its
    /// schema (<see cref="LiteDbSchema.Ensure"/>) and settings (ordinal collation, no automatic checkpoint), one transaction per commit, the
    /// log fsynced after each commit and checkpointed into the data file once it passes 8 MiB, as <c>LiteDbWriter</c> does.
    /// The documents have every field the journal's code writes (<c>LiteDbRunJournal</c>: <c>InsertRun</c>/<c>SetRun</c>,
    /// <c>InsertOutbox</c>/<c>SetVisible</c>, <c>InsertStep</c>, <c>SaveSnapshot</c>, <c>SaveCheckpointAsync</c>,
    /// <c>EndLegAsync</c>/<c>Forget</c>/<c>MoveRun</c>, <c>SaveCounters</c>), with the sample run's contents. Without
    /// <c>reads</c> the documents are kept in memory between a run's writes; with them each write first finds what the
    /// journal's write finds (the version, the run, the held item, the run's items, a linked entity, the meta document).
    /// </summary>
    internal sealed class LiteDbFloor(RunSample sample) : JournalFloor(sample, JournalBackend.LiteDb)
    {
        private readonly long _checkpointBytes = new LiteDbJournalOptions().CheckpointBytes;
        private LiteDbFiles _files = null!;
        private LiteDbCollections _db = null!;
        private BsonDocument _flow = null!;
        private BsonDocument _meta = null!;
        private long _nextSeq;
        private long _nextOutbox;
        private bool _countersChanged;

        protected override void Open()
        {
            // The journal creates the file (schema, meta document, the flow's version); then it is opened as LiteDbWriter opens it.
            var path = Path.Combine(Folder, "floor.litedb");
            Create(LiteDbRunJournal.OpenAsync(new LiteDbJournalOptions { Path = path }).GetAwaiter().GetResult());
            _files = LiteDbFiles.Open(path, wrap: null);
            var settings = new LiteDB.Engine.EngineSettings
            {
                DataStream = _files.Data,
                LogStream = _files.Log,
                Collation = new Collation(CultureInfo.InvariantCulture.LCID, CompareOptions.Ordinal),
            };
            _db = new LiteDbCollections(new LiteDatabase(new LiteDB.Engine.LiteEngine(settings), mapper: null, disposeOnClose: true));
            _meta = _db.Meta.FindById("journal");
            _flow = _db.Flows.FindById(Sample.Start.FlowId);
            _nextSeq = _meta["next_seq"].AsInt64;
            _nextOutbox = _meta["next_outbox"].AsInt64;
        }

        protected override void Begin()
        {
            if (!_db.Database.BeginTrans())
            {
                throw new InvalidOperationException("A LiteDB transaction was already open.");
            }
        }

        protected override object StartRun(bool reads)
        {
            var start = Sample.Start;
            var instant = DateTimeOffset.UtcNow;
            var now = LiteDbValues.Time(instant);
            var runId = Guid.CreateVersion7(instant);
            if (reads)
            {
                var r = Mark();
                if (_db.Versions.FindById(VersionKey(start.FlowId, start.FlowVersion)) is null || _db.Runs.FindById(runId) is not null)
                {
                    throw new InvalidOperationException("The floor's version is missing, or a run id came twice.");
                }

                Took("reads: version, run id", r);
            }

            var run = new BsonDocument
            {
                ["_id"] = runId,
                ["seq"] = _nextSeq++,
                ["flow"] = start.FlowId,
                ["ver"] = start.FlowVersion,
                ["trace"] = TraceId,
                ["parent"] = LiteDbValues.Nullable(start.ParentRunId),
                ["key"] = LiteDbValues.Nullable(start.IdempotencyKey),
                ["ik"] = BsonValue.Null,
                ["trigger"] = start.TriggerKind,
                ["payload"] = Payload,
                ["created"] = now,
                ["control"] = BsonValue.Null,
            };
            SetRun(run, FlowStatus.Running, now);
            SetOutcome(run, outcome: null, ended: null);
            var t = Mark();
            _db.Runs.Insert(run);
            Took("runs: insert", t);

            var itemId = _nextOutbox++;
            var item = new BsonDocument
            {
                ["_id"] = itemId,
                ["run"] = runId,
                ["kind"] = nameof(OutboxKind.Start),
                ["payload"] = Array.Empty<byte>(),
                ["owner"] = Owner,
                ["attempts"] = 1,
                ["created"] = now,
                ["last_error"] = BsonValue.Null,
            };
            SetVisible(item, LiteDbValues.Time(instant + Lease));
            t = Mark();
            _db.Outbox.Insert(item);
            Took("outbox: insert", t);

            t = Mark();
            var flow = reads ? _db.Flows.FindById(start.FlowId) : _flow;
            flow["run_count"] = flow["run_count"].AsInt64 + 1;
            flow["last_run"] = now;
            _db.Flows.Update(flow);
            Took("flows: update", t);
            _countersChanged = true;
            return new RunDocuments(runId, itemId, run, item);
        }

        protected override void Checkpoint(object state, RunCheckpoint checkpoint, bool reads)
        {
            var run = (RunDocuments)state;
            var (document, item) = reads ? Read(run) : (run.Run, run.Item);
            var instant = DateTimeOffset.UtcNow;
            var now = LiteDbValues.Time(instant);
            foreach (var step in checkpoint.Steps)
            {
                InsertStep(run.Id, step);
            }

            SaveSnapshot(run.Id, checkpoint.Snapshot, now);

            // The run is Running already: only its update time changes.
            var t = Mark();
            document["updated"] = now;
            _db.Runs.Update(document);
            Took("runs: update", t);
            t = Mark();
            SetVisible(item, LiteDbValues.Time(instant + checkpoint.Lease));
            _db.Outbox.Update(item);
            Took("outbox: update", t);
        }

        protected override void EndRun(object state, bool reads)
        {
            var run = (RunDocuments)state;
            var end = Sample.End;
            var document = reads ? Read(run).Run : run.Run;
            var now = Now();
            foreach (var step in end.Steps)
            {
                InsertStep(run.Id, step);
            }

            // Forget: the run's items and its snapshot; then MoveRun to Completed (after looking for a linked entity).
            var t = Mark();
            if (reads)
            {
                foreach (var item in _db.Outbox.Find(BsonExpression.Create("$.run = @0", run.Id)).ToList())
                {
                    _db.Outbox.Delete(item["_id"]);
                }
            }
            else
            {
                _db.Outbox.Delete(run.ItemId);
            }

            Took("outbox: delete", t);
            t = Mark();
            _db.Suspended.Delete(run.Id);
            Took("suspended: delete", t);
            if (reads)
            {
                t = Mark();
                if (_db.Entities.FindOne(BsonExpression.Create("$.run = @0", run.Id)) is not null)
                {
                    throw new InvalidOperationException("The floor has no entities.");
                }

                Took("reads: entity", t);
            }

            t = Mark();
            SetRun(document, FlowStatus.Completed, now);
            SetOutcome(document, end.Outcome, ended: now);
            document["control"] = BsonValue.Null;
            _db.Runs.Update(document);
            Took("runs: update", t);
        }

        protected override void Commit(bool reads)
        {
            var t = Mark();
            if (_countersChanged)
            {
                var meta = reads ? _db.Meta.FindById("journal") : _meta;
                meta["next_seq"] = _nextSeq;
                meta["next_outbox"] = _nextOutbox;
                _db.Meta.Update(meta);
                _countersChanged = false;
            }

            Took("meta: update", t);
            t = Mark();
            var logBefore = _files.Log.Length;
            if (!_db.Database.Commit())
            {
                throw new InvalidOperationException("The LiteDB transaction was lost.");
            }

            Took("commit", t);
            t = Mark();
            if (_files.Log.Length != logBefore)
            {
                _files.Log.Sync();
            }

            Took("fsync", t);
            if (_files.Log.Length >= _checkpointBytes)
            {
                t = Mark();
                _db.Database.Checkpoint();
                Took("checkpoint", t);
            }
        }

        protected override void Close()
        {
            if (_db is not null)
            {
                _db.Database.Dispose();
            }

            _files?.Dispose();
        }

        private (BsonDocument Run, BsonDocument Item) Read(RunDocuments run)
        {
            var t = Mark();
            var document = _db.Runs.FindById(run.Id) ?? throw new InvalidOperationException($"Run {run.Id} is missing.");
            var item = _db.Outbox.FindById(run.ItemId) is { } held && held.String("owner") == Owner ? held : throw new InvalidOperationException($"Item {run.ItemId} is not held.");
            Took("reads: run, held item", t);
            return (document, item);
        }

        private void InsertStep(Guid runId, StepEntry step)
        {
            var t = Mark();
            _db.Steps.Insert(new BsonDocument
            {
                ["run"] = runId,
                ["step"] = step.StepId,
                ["attempt"] = step.Attempt,
                ["status"] = step.Status.ToString(),
                ["endpoint"] = LiteDbValues.Nullable(step.Endpoint),
                ["started"] = LiteDbValues.Time(step.StartedAt),
                ["ended"] = LiteDbValues.Time(step.EndedAt),
                ["output"] = LiteDbValues.Nullable(step.Output),
                ["error"] = LiteDbValues.Nullable(step.Error),
            });
            Took("steps: insert", t);
        }

        private void SaveSnapshot(Guid runId, FlowSnapshot snapshot, long now)
        {
            var t = Mark();
            _db.Suspended.Upsert(new BsonDocument
            {
                ["_id"] = runId,
                ["step"] = snapshot.StepId,
                ["trace"] = snapshot.TraceId,
                ["kind"] = snapshot.Wait.Kind.ToString(),
                ["due"] = BsonValue.Null,
                ["event"] = BsonValue.Null,
                ["ek"] = BsonValue.Null,
                ["wait"] = WaitJson,
                ["state"] = snapshot.State,
                ["saved"] = now,
                ["delivered"] = BsonValue.Null,
            });
            Took("suspended: upsert", t);
        }

        private static void SetRun(BsonDocument run, FlowStatus status, long now)
        {
            var seq = LiteDbValues.Sortable(run["seq"].AsInt64);
            var flow = run.String("flow")!;
            var name = status.ToString();
            run["status"] = name;
            run["sk"] = LiteDbValues.Key(name, seq);
            run["fk"] = LiteDbValues.Key(flow, seq);
            run["fsk"] = LiteDbValues.Key(flow, name, seq);
            run["paused"] = BsonValue.Null;
            run["updated"] = now;
        }

        private static void SetOutcome(BsonDocument run, RunOutcome? outcome, long? ended)
        {
            var error = outcome?.Error;
            run["ended"] = LiteDbValues.Nullable(ended);
            run["output"] = LiteDbValues.Nullable(outcome?.Output);
            run["message"] = LiteDbValues.Nullable(outcome?.Message);
            run["error_step"] = LiteDbValues.Nullable(error?.StepId);
            run["error_message"] = LiteDbValues.Nullable(error?.Message);
            run["error_type"] = LiteDbValues.Nullable(error?.ExceptionType);
        }

        private static void SetVisible(BsonDocument item, long visibleAt)
        {
            item["visible"] = visibleAt;
            item["vk"] = LiteDbValues.Key(LiteDbValues.Sortable(visibleAt), LiteDbValues.Sortable(item["_id"].AsInt64));
        }

        private static string VersionKey(string flowId, int version) => LiteDbValues.Key(flowId, LiteDbValues.Sortable(version));

        private static long Now() => LiteDbValues.Time(DateTimeOffset.UtcNow);

        private sealed record RunDocuments(Guid Id, long ItemId, BsonDocument Run, BsonDocument Item);
    }
}
