using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LiteDB;

namespace Automations.Compiled.Hosting.LiteDb
{
    /// <summary>
    /// The run journal in one LiteDB file, the embedded default: every commit is fsynced before it is acknowledged
    /// (LiteDB 5.0.21 does not sync a commit on its own), the file is locked against every other process, and every write
    /// goes through one writer thread with group commit. Reads run on the caller's thread against the last commit.
    /// </summary>
    /// <remarks>The collections, the durability and what to expect of it beside SQLite are in docs/journal.md.</remarks>
    public sealed partial class LiteDbRunJournal : IRunJournal, IPooledRunWrites
    {
        private readonly LiteDbWriter _writer;
        private readonly JournalMetrics _metrics;
        private int _disposed;

        private LiteDbRunJournal(LiteDbWriter writer, JournalMetrics metrics)
        {
            _writer = writer;
            _metrics = metrics;
        }

        /// <summary>The full path of the journal file.</summary>
        public string Path => _writer.Path;

        /// <summary>Transactions the writer has committed (each one carries a batch of writes).</summary>
        internal long Commits => _writer.Commits;

        /// <summary>fsyncs so far: one per committed batch, and the checkpoints'.</summary>
        internal long Syncs => _writer.Syncs;

        /// <summary>The writer, for tests that look at its collections.</summary>
        internal LiteDbWriter Writer => _writer;

        /// <summary>This journal's meter, so a test's listener can pick its instruments out.</summary>
        internal Meter Meter => _metrics.Meter;

        /// <summary>
        /// Opens (creating when missing) a journal file and takes an exclusive lock on it and its log for as long as the
        /// journal is open.
        /// </summary>
        /// <exception cref="JournalException">The file is held by another process, is not a journal, was written by a newer
        /// release, or cannot be opened; nothing was written to it.</exception>
        public static Task<LiteDbRunJournal> OpenAsync(LiteDbJournalOptions options, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
            ArgumentNullException.ThrowIfNull(options.TimeProvider);
            ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1, nameof(options));
            cancellationToken.ThrowIfCancellationRequested();
            var path = System.IO.Path.GetFullPath(options.Path);
            var settings = new LiteDbJournalOptions
            {
                Path = path,
                MaxBatchSize = options.MaxBatchSize,
                CheckpointBytes = options.CheckpointBytes,
                TimeProvider = options.TimeProvider,
                WrapStream = options.WrapStream,
            };

            // Opening is file work of a few milliseconds: done on the caller's thread, like SQLite's open.
            var files = LiteDbFiles.Open(path, options.WrapStream);
            var metrics = new JournalMetrics();
            try
            {
                return Task.FromResult(new LiteDbRunJournal(LiteDbWriter.Open(files, settings, metrics), metrics));
            }
            catch
            {
                metrics.Dispose();
                throw;
            }
        }

        /// <inheritdoc />
        public Task<FlowVersionChange> RegisterFlowVersionAsync(FlowVersionRecord version, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(version);
            ArgumentException.ThrowIfNullOrWhiteSpace(version.FlowId);
            ArgumentException.ThrowIfNullOrEmpty(version.Hash);
            return _writer.WriteAsync(
                w =>
                {
                    var db = w.Db;
                    if (db.Flows.FindById(version.FlowId) is null)
                    {
                        db.Flows.Insert(new BsonDocument { ["_id"] = version.FlowId, ["run_count"] = 0L, ["last_run"] = BsonValue.Null });
                    }

                    var key = VersionKey(version.FlowId, version.Version);
                    var existing = db.Versions.FindById(key);
                    var hash = existing?.String("hash");
                    if (string.Equals(hash, version.Hash, StringComparison.Ordinal))
                    {
                        return FlowVersionChange.Unchanged;
                    }

                    var document = existing ?? new BsonDocument
                    {
                        ["_id"] = key,
                        ["flow"] = version.FlowId,
                        ["version"] = version.Version,
                        ["registered"] = LiteDbValues.Time(w.Time.GetUtcNow()),
                    };
                    document["hash"] = version.Hash;
                    document["description"] = LiteDbValues.Nullable(version.Description);
                    document["mode"] = version.Journal.ToString();
                    db.Versions.Upsert(document);
                    return hash is null ? FlowVersionChange.Added : FlowVersionChange.HashChanged;
                },
                cancellationToken);
        }

        /// <inheritdoc />
        public Task<IReadOnlyList<FlowVersionRecord>> ListFlowVersionsAsync(string flowId, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(flowId);
            return ReadAsync<IReadOnlyList<FlowVersionRecord>>(db =>
            {
                var versions = new List<FlowVersionRecord>();
                foreach (var d in db.Versions.Find(BsonExpression.Create("$.flow = @0", flowId)))
                {
                    versions.Add(new FlowVersionRecord(d.String("flow")!, d["version"].AsInt32, d.String("hash")!, d.String("description"), LiteDbValues.Enum<JournalMode>(d.String("mode")!))
                    {
                        RegisteredAt = LiteDbValues.Time(d["registered"].AsInt64),
                    });
                }

                versions.Sort((a, b) => a.Version.CompareTo(b.Version));
                return versions;
            }, cancellationToken);
        }

        /// <inheritdoc />
        public Task<IReadOnlyList<FlowStats>> ListFlowsAsync(CancellationToken cancellationToken = default)
            => ReadAsync<IReadOnlyList<FlowStats>>(db =>
            {
                var flows = new List<FlowStats>();
                foreach (var d in db.Flows.FindAll())
                {
                    flows.Add(new FlowStats(d["_id"].AsString, d["run_count"].AsInt64, d.NullableTime("last_run")));
                }

                flows.Sort((a, b) => string.CompareOrdinal(a.FlowId, b.FlowId));
                return flows;
            }, cancellationToken);

        /// <inheritdoc />
        public Task<RunStart> StartRunAsync(NewRun run, CancellationToken cancellationToken = default)
        {
            var (traceId, payload) = NewRunChecks.Check(run, nameof(run));
            return _writer.WriteAsync((run, traceId, payload), InsertRun, cancellationToken);
        }

        /// <inheritdoc />
        ValueTask<RunStart> IPooledRunWrites.StartRunAsync(NewRun run, CancellationToken cancellationToken)
        {
            var (traceId, payload) = NewRunChecks.Check(run, nameof(run));
            return _writer.WritePooledAsync((run, traceId, payload), InsertRun, cancellationToken, inline: false);
        }

        private static RunStart InsertRun(LiteDbWriter w, (NewRun Run, string TraceId, byte[] Payload) args) => InsertRun(w, args.Run, args.TraceId, args.Payload);

        /// <summary>
        /// Starts a run inside the open write: the run, its outbox start item (leased to <see cref="NewRun.LeaseOwner"/> when
        /// given) and the flow's run count; or the existing run for an idempotency key already used.
        /// </summary>
        private static RunStart InsertRun(LiteDbWriter w, NewRun run, string traceId, byte[] payload)
        {
            var db = w.Db;

            // The writer runs one write at a time, so this look-up and the insert below cannot interleave with another start.
            if (run.IdempotencyKey is { } key
                && db.Runs.FindOne(BsonExpression.Create("$.ik = @0", LiteDbValues.Key(run.FlowId, key))) is { } existing)
            {
                return new RunStart(existing["_id"].AsGuid, Created: false);
            }

            if (db.Versions.FindById(VersionKey(run.FlowId, run.FlowVersion)) is null)
            {
                throw new JournalException($"Flow '{run.FlowId}' version {run.FlowVersion} is not registered: register it (RegisterFlowVersionAsync) before starting runs of it.");
            }

            var nowInstant = w.Time.GetUtcNow();
            var now = LiteDbValues.Time(nowInstant);
            var runId = run.RunId == Guid.Empty ? Guid.CreateVersion7(nowInstant) : run.RunId;
            if (db.Runs.FindById(runId) is not null)
            {
                throw new JournalException($"Run {runId:N} exists already: a new run needs a new id.");
            }

            var refusal = run.Refusal ?? KillRefusal(db, run.FlowId, run.FlowVersion);
            var availableAt = now;
            if (refusal is null && run.Throttles is { Count: > 0 } throttles)
            {
                (refusal, availableAt) = ReserveThrottles(db, run.FlowId, throttles, now);
            }

            var queued = refusal is null && availableAt > now;
            var seq = w.NextRunSeq();
            var status = run.LeaseOwner is null || queued || refusal is not null ? FlowStatus.Pending : FlowStatus.Running;
            var document = new BsonDocument
            {
                ["_id"] = runId,
                ["seq"] = seq,
                ["flow"] = run.FlowId,
                ["ver"] = run.FlowVersion,
                ["trace"] = traceId,
                ["parent"] = LiteDbValues.Nullable(run.ParentRunId),
                ["key"] = LiteDbValues.Nullable(run.IdempotencyKey),
                ["ik"] = run.IdempotencyKey is { } k ? LiteDbValues.Key(run.FlowId, k) : BsonValue.Null,
                ["trigger"] = run.TriggerKind,
                ["payload"] = payload,
                ["created"] = now,
                ["control"] = BsonValue.Null,
            };
            SetRun(document, status, pausedFrom: null, outcome: null, now, ended: null);
            db.Runs.Insert(document);
            var flow = db.Flows.FindById(run.FlowId);
            flow["run_count"] = flow["run_count"].AsInt64 + 1;
            flow["last_run"] = now;
            db.Flows.Update(flow);
            if (refusal is not null)
            {
                // Refused, and recorded as such: a dead letter with the reason and the payload, which a retry starts later.
                MoveRun(w, document, FlowStatus.Failed, null, new RunOutcome(Error: refusal), now);
                return new RunStart(runId, Created: true, Refusal: refusal);
            }

            // A leased start is claimed in the same commit: the starting host runs it at once; if it dies, the lease
            // runs out and the item is claimable like any other. A throttled start waits for its window, leased to no one.
            var itemId = run.LeaseOwner is { } owner && !queued
                ? InsertOutbox(w, runId, OutboxKind.Start, [], LiteDbValues.Time(nowInstant + run.Lease), now, owner)
                : InsertOutbox(w, runId, OutboxKind.Start, [], availableAt, now);
            return new RunStart(runId, Created: true, itemId, QueuedUntil: queued ? LiteDbValues.Time(availableAt) : null);
        }

        /// <inheritdoc />
        public Task AppendStepAsync(StepEntry step, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(step);
            ArgumentException.ThrowIfNullOrEmpty(step.StepId);
            return _writer.WriteAsync(
                w =>
                {
                    if (w.Db.Runs.FindById(step.RunId) is null)
                    {
                        throw NoSuchRun(step.RunId);
                    }

                    InsertStep(w, step);
                    return true;
                },
                cancellationToken);
        }

        /// <inheritdoc />
        public Task SaveSuspendedAsync(FlowSnapshot snapshot, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(snapshot);
            var waitJson = WaitSpecJson.Write(snapshot.Wait);
            return _writer.WriteAsync(
                w =>
                {
                    var run = ReadRun(w, snapshot.RunId);
                    var state = RunState.Of(run);
                    EnsurePinned(state, snapshot);
                    RunMoveChecks.Suspend(snapshot.RunId, state.Status);

                    var now = LiteDbValues.Time(w.Time.GetUtcNow());
                    SaveSnapshot(w, snapshot, waitJson, now);
                    SetRun(run, FlowStatus.Waiting, pausedFrom: null, now);
                    w.Db.Runs.Update(run);
                    return true;
                },
                cancellationToken);
        }

        /// <inheritdoc />
        public Task SetStatusAsync(Guid runId, FlowStatus status, RunOutcome? outcome = null, CancellationToken cancellationToken = default)
        {
            var final = RunStatusRules.IsFinal(status);
            if (outcome is not null && !final)
            {
                throw new ArgumentException("An outcome is kept only when a run ends (Completed, Failed or Cancelled).", nameof(outcome));
            }

            return _writer.WriteAsync(
                w =>
                {
                    var run = ReadRun(w, runId);
                    var state = RunState.Of(run);
                    var from = state.Status;
                    RunMoveChecks.SetStatus(runId, from, state.PausedFrom, status);

                    var now = LiteDbValues.Time(w.Time.GetUtcNow());
                    MoveRun(w, run, status, status == FlowStatus.Paused ? from : null, outcome, now);
                    if (final)
                    {
                        // An ended run is never resumed: its snapshot would only take space (and show up as a timer).
                        w.Db.Suspended.Delete(runId);
                    }

                    return true;
                },
                cancellationToken);
        }

        /// <inheritdoc />
        public Task<RunInfo?> GetRunInfoAsync(Guid runId, CancellationToken cancellationToken = default)
            => ReadAsync(db => db.Runs.FindById(runId) is { } run ? ReadRunInfo(run) : null, cancellationToken);

        /// <inheritdoc />
        public Task<RunDetails?> GetRunAsync(Guid runId, CancellationToken cancellationToken = default)
            => ReadAsync(db =>
            {
                // A write commits a run and its steps together, and the writer adds steps only after their run exists:
                // steps read after the run are at least those of the run read.
                if (db.Runs.FindById(runId) is not { } run)
                {
                    return null;
                }

                var steps = new List<(long Seq, StepEntry Step)>();
                foreach (var d in db.Steps.Find(BsonExpression.Create("$.run = @0", runId)))
                {
                    steps.Add((d["_id"].AsInt64, ReadStep(runId, d)));
                }

                steps.Sort((a, b) => a.Seq.CompareTo(b.Seq));
                var entries = new List<StepEntry>(steps.Count);
                foreach (var (_, step) in steps)
                {
                    entries.Add(step);
                }

                return new RunDetails(ReadRunInfo(run), run.Bytes("payload") ?? [], run.Bytes("output"), entries);
            }, cancellationToken);

        /// <inheritdoc />
        public Task<FlowSnapshot?> GetSnapshotAsync(Guid runId, CancellationToken cancellationToken = default)
            => ReadAsync(db =>
            {
                if (db.Suspended.FindById(runId) is not { } s || db.Runs.FindById(runId) is not { } run)
                {
                    return null;
                }

                return new FlowSnapshot(
                    run.String("flow")!,
                    run["ver"].AsInt32,
                    runId,
                    s.String("trace")!,
                    s.String("step")!,
                    WaitSpecJson.Read(s.String("wait")!),
                    s.Bytes("state") ?? []);
            }, cancellationToken);

        /// <inheritdoc />
        public Task<RunPage> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default)
        {
            var page = RunPaging.Start(query, out var continuation);
            var before = continuation ?? long.MaxValue;
            var from = query.CreatedFrom is { } f ? LiteDbValues.Time(f) : long.MinValue;
            var until = query.CreatedBefore is { } u ? LiteDbValues.Time(u) : long.MaxValue;
            if (query.IdempotencyKey is { } key)
            {
                // A key names a run per flow: the key index finds the few runs that have it, the rest is checked here.
                return ReadAsync(db =>
                {
                    var runs = db.Runs.Find(BsonExpression.Create("$.key = @0", key))
                        .Where(d => d["seq"].AsInt64 < before && Matches(d, query, from, until))
                        .OrderByDescending(d => d["seq"].AsInt64);
                    foreach (var d in runs)
                    {
                        if (!page.Accepts())
                        {
                            break;
                        }

                        page.Add(d["seq"].AsInt64, ReadRunInfo(d));
                    }

                    return page.Page();
                }, cancellationToken);
            }

            // Each shape of query walks its own index newest first, from just below the continuation point. A time range is
            // checked on the runs the walk reads: a recent range (the dashboard's) fills the page at once; an old one first
            // passes the runs accepted after it (docs/journal.md, "Queries at scale").
            var (field, prefix) = (query.FlowId, query.Status) switch
            {
                (null, null) => ("seq", null),
                ({ } flow, null) => ("fk", flow),
                (null, { } status) => ("sk", status.ToString()),
                ({ } flow, { } status) => ("fsk", LiteDbValues.Key(flow, status.ToString())),
            };

            var timed = query.CreatedFrom is not null || query.CreatedBefore is not null;
            return ReadAsync(db =>
            {
                // A time range of at most NarrowRuns runs (an hour last week) is read whole from the created index and sorted
                // here; a wider one is found by the newest-first walk below, which a recent range fills at once and an old one
                // only after passing the runs accepted since. A range open at the top (the last hour) holds the newest runs:
                // unless it holds no more than a page, the walk fills the page at once.
                var most = query.CreatedBefore is null ? page.Fetch : NarrowRuns;
                if (timed && NarrowRange(db, from, until, most) is { } narrow)
                {
                    foreach (var d in narrow.Where(d => d["seq"].AsInt64 < before && Matches(d, query, from, until)).OrderByDescending(d => d["seq"].AsInt64))
                    {
                        if (!page.Accepts())
                        {
                            break;
                        }

                        page.Add(d["seq"].AsInt64, ReadRunInfo(d));
                    }

                    return page.Page();
                }

                // BETWEEN is a range on the index, walked from its upper end when the order is descending.
                var where = prefix is null
                    ? BsonExpression.Create("$.seq BETWEEN 0 AND @0", before - 1)
                    : BsonExpression.Create($"$.{field} BETWEEN @0 AND @1", LiteDbValues.After(prefix), LiteDbValues.Key(prefix, LiteDbValues.Sortable(before - 1)));
                var walk = db.Runs.Query().Where(where).OrderByDescending(BsonExpression.Create("$." + field));
                foreach (var d in timed ? walk.ToEnumerable() : walk.Limit(page.Fetch).ToEnumerable())
                {
                    if (timed && !InRange(d, from, until))
                    {
                        continue;
                    }

                    if (!page.Accepts())
                    {
                        break;
                    }

                    page.Add(d["seq"].AsInt64, ReadRunInfo(d));
                }

                return page.Page();
            }, cancellationToken);
        }

        /// <summary>The most runs of a time range that <see cref="ListRunsAsync"/> reads whole and sorts (about 10 µs each).</summary>
        internal const int NarrowRuns = 10_000;

        /// <summary>The runs accepted in [<paramref name="from"/>, <paramref name="until"/>) when there are at most <paramref name="most"/>; null when there are more.</summary>
        private static List<BsonDocument>? NarrowRange(LiteDbCollections db, long from, long until, int most)
        {
            var runs = new List<BsonDocument>();
            foreach (var d in db.Runs.Query().Where(BsonExpression.Create("$.created BETWEEN @0 AND @1", from, until - 1)).Limit(most + 1).ToEnumerable())
            {
                runs.Add(d);
            }

            return runs.Count <= most ? runs : null;
        }

        /// <summary>Whether a run read by its idempotency key or its time passes the query's other filters.</summary>
        private static bool Matches(BsonDocument run, RunQuery query, long from, long until)
            => (query.FlowId is null || string.Equals(run.String("flow"), query.FlowId, StringComparison.Ordinal))
                && (query.Status is null || string.Equals(run.String("status"), query.Status.ToString(), StringComparison.Ordinal))
                && InRange(run, from, until);

        private static bool InRange(BsonDocument run, long from, long until)
        {
            var created = run["created"].AsInt64;
            return created >= from && created < until;
        }

        /// <inheritdoc />
        public Task<IReadOnlyList<WaitingRun>> GetDueTimersAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);

            // A snapshot stays while a resumed run executes (a crash must find it again), so only Waiting runs count.
            var due = LiteDbValues.Time(now);
            return ReadAsync<IReadOnlyList<WaitingRun>>(db => Waiting(db, DueWaits(db.Suspended, due), IsWaiting, max), cancellationToken);
        }

        /// <inheritdoc />
        public Task<IReadOnlyList<WaitingRun>> GetEventWaitersAsync(string eventName, int max, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrEmpty(eventName);
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
            return ReadAsync<IReadOnlyList<WaitingRun>>(db => Waiting(db, EventWaits(db.Suspended, eventName), IsWaiting, max), cancellationToken);
        }

        /// <inheritdoc />
        public Task<long> EnqueueAsync(OutboxEntry entry, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(entry);
            var payload = entry.Payload.ToArray();
            return _writer.WriteAsync(
                w =>
                {
                    if (w.Db.Runs.FindById(entry.RunId) is null)
                    {
                        throw NoSuchRun(entry.RunId);
                    }

                    var now = LiteDbValues.Time(w.Time.GetUtcNow());
                    return InsertOutbox(w, entry.RunId, entry.Kind, payload, entry.AvailableAt is { } at ? LiteDbValues.Time(at) : now, now);
                },
                cancellationToken);
        }

        /// <inheritdoc />
        public Task<IReadOnlyList<OutboxItem>> ClaimOutboxAsync(string owner, int max, TimeSpan lease, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(owner);
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
            return _writer.WriteAsync<IReadOnlyList<OutboxItem>>(
                w =>
                {
                    // An item is claimable once its visible time has passed: new items are visible at once, a claimed one when
                    // its lease runs out. Claiming pushes it to the lease's end, so one index (vk: visible, id) serves both.
                    // One worker per run: only a run's oldest item is claimable (so one claim never takes two items of a run,
                    // and a leased item blocks the ones queued after it), never while another of its items is leased, and
                    // never for a paused or ended run (a paused run's items wait for its resume).
                    var db = w.Db;
                    var instant = w.Time.GetUtcNow();
                    var now = LiteDbValues.Time(instant);
                    var until = LiteDbValues.Time(instant + lease);
                    var candidates = db.Outbox.Query()
                        .Where(BsonExpression.Create("$.vk BETWEEN @0 AND @1", "", LiteDbValues.Past(LiteDbValues.Sortable(now))))
                        .OrderBy(BsonExpression.Create("$.vk"))
                        .ToEnumerable();
                    var items = new List<BsonDocument>();
                    var seen = new HashSet<Guid>();
                    foreach (var item in candidates)
                    {
                        var runId = item["run"].AsGuid;
                        if (seen.Contains(runId))
                        {
                            continue;
                        }

                        // Nor for a run asked to pause (a kill switch) before it started: it does not start while the request stands.
                        if (db.Runs.FindById(runId) is not { } run
                            || run.String("status") is not (nameof(FlowStatus.Pending) or nameof(FlowStatus.Running) or nameof(FlowStatus.Waiting))
                            || (run.String("status") == nameof(FlowStatus.Pending) && run.String("control") is not null))
                        {
                            seen.Add(runId);
                            continue;
                        }

                        // A later item does not settle its run: the oldest may come further on (a lease that ran out sorts
                        // by its end, after the items queued meanwhile).
                        if (!IsOldestAndFree(db, runId, item["_id"].AsInt64, now))
                        {
                            continue;
                        }

                        seen.Add(runId);
                        items.Add(item);
                        if (items.Count == max)
                        {
                            break;
                        }
                    }

                    var claimed = new List<OutboxItem>(items.Count);
                    foreach (var item in items)
                    {
                        item["owner"] = owner;
                        item["attempts"] = item["attempts"].AsInt32 + 1;
                        SetVisible(item, until);
                        db.Outbox.Update(item);
                        claimed.Add(ReadOutboxItem(item));
                    }

                    claimed.Sort((a, b) => a.Id.CompareTo(b.Id));
                    return claimed;
                },
                cancellationToken);
        }

        /// <inheritdoc />
        public Task<bool> RenewLeaseAsync(long itemId, string owner, TimeSpan lease, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(owner);
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
            return _writer.WriteAsync(
                w => UpdateHeld(w, itemId, owner, item => SetVisible(item, LiteDbValues.Time(w.Time.GetUtcNow() + lease))),
                cancellationToken);
        }

        /// <inheritdoc />
        public Task<bool> CompleteOutboxAsync(long itemId, string owner, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(owner);
            return _writer.WriteAsync(
                w => HeldItem(w.Db, itemId, owner) is not null && w.Db.Outbox.Delete(itemId),
                cancellationToken);
        }

        /// <summary>Closes the journal once every queued write has committed: checkpoints the log and releases the file lock.</summary>
        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            await _writer.DisposeAsync().ConfigureAwait(false);
            _metrics.Dispose();
        }

        /// <summary>
        /// Runs a read on the committed state: it completes synchronously, as LiteDB reads do, and reports a failure through
        /// the task.
        /// </summary>
        private Task<T> ReadAsync<T>(Func<LiteDbCollections, T> read, CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled<T>(cancellationToken);
            }

            try
            {
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
                return Task.FromResult(_writer.Read(read));
            }
            catch (Exception error)
            {
                return Task.FromException<T>(error is LiteException lite ? new JournalException($"The journal file '{Path}' could not be read: {lite.Message}", lite) : error);
            }
        }

        /// <summary>Armed timers and timeouts due at <paramref name="due"/> (ms), earliest first; a delivered wait has no due time.</summary>
        private static IEnumerable<BsonDocument> DueWaits(ILiteCollection<BsonDocument> suspended, long due)
            => suspended.Query().Where(BsonExpression.Create("$.due BETWEEN 0 AND @0", due)).OrderBy(BsonExpression.Create("$.due")).ToEnumerable();

        /// <summary>Whether a run is Waiting: a paused run's timer or event wait holds, and a resumed run's snapshot is no wait.</summary>
        private static bool IsWaiting(BsonDocument run) => run.String("status") == nameof(FlowStatus.Waiting);

        /// <summary>Armed event waits for <paramref name="eventName"/>, longest waiting first.</summary>
        private static IEnumerable<BsonDocument> EventWaits(ILiteCollection<BsonDocument> suspended, string eventName)
            => suspended.Query()
                .Where(BsonExpression.Create("$.ek BETWEEN @0 AND @1", LiteDbValues.After(eventName), LiteDbValues.Past(eventName)))
                .OrderBy(BsonExpression.Create("$.ek"))
                .ToEnumerable();

        /// <summary>The first <paramref name="max"/> suspended runs (in the order given) whose run passes <paramref name="accept"/>.</summary>
        private static List<WaitingRun> Waiting(LiteDbCollections db, IEnumerable<BsonDocument> suspended, Func<BsonDocument, bool> accept, int max)
        {
            var runs = new List<WaitingRun>();
            foreach (var s in suspended)
            {
                var runId = s["_id"].AsGuid;
                if (db.Runs.FindById(runId) is not { } run || !accept(run))
                {
                    continue;
                }

                runs.Add(new WaitingRun(
                    runId,
                    run.String("flow")!,
                    run["ver"].AsInt32,
                    s.String("step")!,
                    LiteDbValues.Enum<WaitKind>(s.String("kind")!),
                    s.NullableTime("due"),
                    s.String("event")));
                if (runs.Count == max)
                {
                    break;
                }
            }

            return runs;
        }

        /// <summary>Whether <paramref name="itemId"/> is its run's oldest item and no item of the run is leased now.</summary>
        private static bool IsOldestAndFree(LiteDbCollections db, Guid runId, long itemId, long now)
        {
            foreach (var other in db.Outbox.Find(BsonExpression.Create("$.run = @0", runId)))
            {
                var id = other["_id"].AsInt64;
                if (id < itemId || (other.String("owner") is not null && other["visible"].AsInt64 > now))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Sets an item's visible time and its index key (visible, id).</summary>
        private static void SetVisible(BsonDocument item, long visibleAt)
        {
            item["visible"] = visibleAt;
            item["vk"] = LiteDbValues.Key(LiteDbValues.Sortable(visibleAt), LiteDbValues.Sortable(item["_id"].AsInt64));
        }

        /// <summary>Adds an item; with <paramref name="owner"/> it is leased to it at once (one claim counted) until <paramref name="visibleAt"/>.</summary>
        private static long InsertOutbox(LiteDbWriter w, Guid runId, OutboxKind kind, byte[] payload, long visibleAt, long now, string? owner = null)
        {
            var id = w.NextOutboxId();
            var item = new BsonDocument
            {
                ["_id"] = id,
                ["run"] = runId,
                ["kind"] = kind.ToString(),
                ["payload"] = payload,
                ["owner"] = LiteDbValues.Nullable(owner),
                ["attempts"] = owner is null ? 0 : 1,
                ["created"] = now,
                ["last_error"] = BsonValue.Null,
            };
            SetVisible(item, visibleAt);
            w.Db.Outbox.Insert(item);
            return id;
        }

        /// <summary>Item <paramref name="itemId"/> when it exists and <paramref name="owner"/> holds it (claimed by nobody since); else null.</summary>
        private static BsonDocument? HeldItem(LiteDbCollections db, long itemId, string owner)
            => db.Outbox.FindById(itemId) is { } item && item.String("owner") == owner ? item : null;

        /// <summary>Changes and writes item <paramref name="itemId"/> when <paramref name="owner"/> holds it; false (nothing written) when not.</summary>
        private static bool UpdateHeld(LiteDbWriter w, long itemId, string owner, Action<BsonDocument> change)
        {
            if (HeldItem(w.Db, itemId, owner) is not { } item)
            {
                return false;
            }

            change(item);
            return w.Db.Outbox.Update(item);
        }

        private static OutboxItem ReadOutboxItem(BsonDocument item)
            => new(
                item["_id"].AsInt64,
                item["run"].AsGuid,
                LiteDbValues.Enum<OutboxKind>(item.String("kind")!),
                item.Bytes("payload") ?? [],
                item["attempts"].AsInt32,
                LiteDbValues.Time(item["visible"].AsInt64));

        /// <summary>
        /// Saves a snapshot, replacing the run's earlier one: a wait is armed (its due time and event key set, not yet
        /// delivered); a checkpoint (<see cref="WaitKind.None"/>) arms nothing.
        /// </summary>
        private static void SaveSnapshot(LiteDbWriter w, FlowSnapshot snapshot, string waitJson, long now)
        {
            var wait = snapshot.Wait;
            var checkpoint = wait.Kind == WaitKind.None;
            var eventName = wait.Kind == WaitKind.Event ? wait.EventName : null;
            w.Db.Suspended.Upsert(new BsonDocument
            {
                ["_id"] = snapshot.RunId,
                ["step"] = snapshot.StepId,
                ["trace"] = snapshot.TraceId,
                ["kind"] = wait.Kind.ToString(),
                ["due"] = !checkpoint && wait.Until is { } until ? LiteDbValues.Time(until) : BsonValue.Null,
                ["event"] = LiteDbValues.Nullable(eventName),
                ["ek"] = eventName is null ? BsonValue.Null : LiteDbValues.Key(eventName, LiteDbValues.Sortable(now)),
                ["wait"] = waitJson,
                ["state"] = snapshot.State,
                ["saved"] = now,
                ["delivered"] = BsonValue.Null,
            });
        }

        private static void EnsurePinned(RunState run, FlowSnapshot snapshot)
        {
            if (!string.Equals(run.FlowId, snapshot.FlowId, StringComparison.Ordinal) || run.FlowVersion != snapshot.FlowVersion)
            {
                throw new JournalException(
                    $"Run {snapshot.RunId:N} is pinned to flow '{run.FlowId}' v{run.FlowVersion}; a snapshot of '{snapshot.FlowId}' v{snapshot.FlowVersion} cannot be saved for it.");
            }
        }

        private static void InsertStep(LiteDbWriter w, StepEntry step)
            => w.Db.Steps.Insert(new BsonDocument
            {
                ["run"] = step.RunId,
                ["step"] = step.StepId,
                ["attempt"] = step.Attempt,
                ["status"] = step.Status.ToString(),
                ["endpoint"] = LiteDbValues.Nullable(step.Endpoint),
                ["started"] = LiteDbValues.Time(step.StartedAt),
                ["ended"] = LiteDbValues.Time(step.EndedAt),
                ["output"] = LiteDbValues.Nullable(step.Output),
                ["error"] = LiteDbValues.Nullable(step.Error),
            });

        private static StepEntry ReadStep(Guid runId, BsonDocument d)
            => new(
                runId,
                d.String("step")!,
                d["attempt"].AsInt32,
                LiteDbValues.Enum<StepStatus>(d.String("status")!),
                d.String("endpoint"),
                LiteDbValues.Time(d["started"].AsInt64),
                LiteDbValues.Time(d["ended"].AsInt64),
                d.Bytes("output"),
                d.String("error"));

        /// <summary>
        /// Sets a run's status and outcome fields (cleared unless it ends) and writes it. Any move but one to Running also
        /// takes or drops a pending operator request: only a running run has one waiting for its next checkpoint. Every
        /// final move comes through here, so this is where a lifecycle entity linked to the run gets its pending outcome,
        /// in the same transaction (a crash never leaves the entity out of step with its run).
        /// </summary>
        private static void MoveRun(LiteDbWriter w, BsonDocument run, FlowStatus status, FlowStatus? pausedFrom, RunOutcome? outcome, long now)
        {
            var final = RunStatusRules.IsFinal(status);
            if (final)
            {
                SettleEntity(w, run["_id"].AsGuid, status, now);
            }

            SetRun(run, status, pausedFrom, outcome, now, final ? now : null);
            if (status != FlowStatus.Running)
            {
                run["control"] = BsonValue.Null;
            }

            w.Db.Runs.Update(run);
        }

        /// <summary>Sets a run document's status (and its index keys) and pause origin, keeping its outcome; the caller writes it.</summary>
        private static void SetRun(BsonDocument run, FlowStatus status, FlowStatus? pausedFrom, long now)
        {
            var seq = LiteDbValues.Sortable(run["seq"].AsInt64);
            var flow = run.String("flow")!;
            var name = status.ToString();
            run["status"] = name;
            run["sk"] = LiteDbValues.Key(name, seq);
            run["fk"] = LiteDbValues.Key(flow, seq);
            run["fsk"] = LiteDbValues.Key(flow, name, seq);
            run["paused"] = LiteDbValues.Nullable(pausedFrom?.ToString());
            run["updated"] = now;
        }

        /// <summary>As <see cref="SetRun(BsonDocument, FlowStatus, FlowStatus?, long)"/>, and sets (or clears) the outcome and end time.</summary>
        private static void SetRun(BsonDocument run, FlowStatus status, FlowStatus? pausedFrom, RunOutcome? outcome, long now, long? ended)
        {
            SetRun(run, status, pausedFrom, now);
            var error = outcome?.Error;
            run["ended"] = LiteDbValues.Nullable(ended);
            run["output"] = LiteDbValues.Nullable(outcome?.Output);
            run["message"] = LiteDbValues.Nullable(outcome?.Message);
            run["error_step"] = LiteDbValues.Nullable(error?.StepId);
            run["error_message"] = LiteDbValues.Nullable(error?.Message);
            run["error_type"] = LiteDbValues.Nullable(error?.ExceptionType);
        }

        private static BsonDocument ReadRun(LiteDbWriter w, Guid runId) => w.Db.Runs.FindById(runId) ?? throw NoSuchRun(runId);

        private static RunInfo ReadRunInfo(BsonDocument d)
        {
            var errorMessage = d.String("error_message");
            return new RunInfo
            {
                RunId = d["_id"].AsGuid,
                FlowId = d.String("flow")!,
                FlowVersion = d["ver"].AsInt32,
                TraceId = d.String("trace")!,
                Status = LiteDbValues.Enum<FlowStatus>(d.String("status")!),
                TriggerKind = d.String("trigger")!,
                IdempotencyKey = d.String("key"),
                ParentRunId = d.NullableGuid("parent"),
                CreatedAt = LiteDbValues.Time(d["created"].AsInt64),
                UpdatedAt = LiteDbValues.Time(d["updated"].AsInt64),
                EndedAt = d.NullableTime("ended"),
                Message = d.String("message"),
                Error = errorMessage is null ? null : new RunError(d.String("error_step"), errorMessage, d.String("error_type")),
            };
        }

        private static string VersionKey(string flowId, int version) => LiteDbValues.Key(flowId, LiteDbValues.Sortable(version));

        private static JournalException NoSuchRun(Guid runId) => new($"Run {runId:N} does not exist in the journal.");

        /// <summary>What a write checks before it changes a run; <paramref name="Control"/> is a pending operator request.</summary>
        private readonly record struct RunState(string FlowId, int FlowVersion, FlowStatus Status, FlowStatus? PausedFrom, RunControl Control)
        {
            public static RunState Of(BsonDocument run)
                => new(
                    run.String("flow")!,
                    run["ver"].AsInt32,
                    LiteDbValues.Enum<FlowStatus>(run.String("status")!),
                    run.String("paused") is { } paused ? LiteDbValues.Enum<FlowStatus>(paused) : null,
                    run.String("control") is { } control ? LiteDbValues.Enum<RunControl>(control) : RunControl.None);
        }
    }
}
