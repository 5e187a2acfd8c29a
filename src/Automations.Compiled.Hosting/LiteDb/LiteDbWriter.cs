using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using LiteDB;
using LiteDB.Engine;

namespace Automations.Compiled.Hosting.LiteDb
{
    /// <summary>
    /// The LiteDB journal's only writer, with group commit, on a thread of its own (a LiteDB transaction belongs to the
    /// thread that began it). The loop takes everything queued (up to a batch size) into one transaction, commits it,
    /// fsyncs the log, and only then completes every caller; while one batch is being synced the next one gathers.
    /// Between batches it checkpoints the log into the data file once the log passes its size limit, and runs exclusive
    /// operations (a compaction) alone.
    /// </summary>
    /// <remarks>
    /// LiteDB has no savepoints. A write that is refused (an illegal transition) throws before the batch commits: the
    /// transaction is rolled back and the batch runs again without it. Writes only read and write the journal, so the
    /// writes before it do again what they did, and its refusal is what it would have been. A storage failure (a full disk)
    /// fails the whole batch, and the database is opened again from its files before the next one.
    /// </remarks>
    internal sealed class LiteDbWriter : JournalWriter<LiteDbWriter>, IAsyncDisposable
    {
        /// <summary>Engines a storage failure left behind (a failed compaction's copy, the engine before a reopen), kept from the finalizer (see <see cref="CopyInto"/>).</summary>
        private static readonly ConcurrentBag<LiteDatabase> FailedCopies = [];

        private LiteDbFiles _files;
        private readonly LiteDbJournalOptions _options;
        private readonly JournalMetrics _metrics;

        // Readers hold it shared; the writer holds it exclusively while it swaps the database (reopen, compaction).
        private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
        private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Thread _thread;
        private LiteDbCollections _db;
        private Exception? _fault;
        private long _commits;
        private long _nextSeq;
        private long _nextOutbox;
        private long _savedSeq;
        private long _savedOutbox;

        private LiteDbWriter(LiteDbFiles files, LiteDbCollections db, LiteDbJournalOptions options, JournalMetrics metrics)
            : base(nameof(LiteDbRunJournal))
        {
            _files = files;
            _db = db;
            _options = options;
            _metrics = metrics;
            Time = options.TimeProvider;
            LoadCounters();
            _thread = new Thread(Run) { IsBackground = true, Name = "Automations journal writer (LiteDB)" };
            _thread.Start();
        }

        /// <summary>The clock, for writes that stamp documents.</summary>
        public TimeProvider Time { get; }

        /// <summary>The open collections; use only inside a write (the writer's thread) or through <see cref="Read{T}"/>.</summary>
        public LiteDbCollections Db => _db;

        /// <summary>Transactions committed so far.</summary>
        public long Commits => Interlocked.Read(ref _commits);

        /// <summary>fsyncs of the log so far (one per committed batch) and of the data file (checkpoints).</summary>
        public long Syncs => _files.Log.Syncs + _files.Data.Syncs;

        /// <summary>The data file's full path.</summary>
        public string Path => _files.Path;

        /// <summary>Opens the database on locked files, creates or checks its meta document, and starts the writer.</summary>
        public static LiteDbWriter Open(LiteDbFiles files, LiteDbJournalOptions options, JournalMetrics metrics)
        {
            LiteDbCollections? db = null;
            try
            {
                db = OpenDatabase(files);
                Prepare(db, files, options.TimeProvider.GetUtcNow());
                return new LiteDbWriter(files, db, options, metrics);
            }
            catch (Exception error)
            {
                db?.Database.Dispose();
                files.Dispose();
                files.DeleteCreated();
                throw error is JournalException ? error : new JournalException($"The journal file '{files.Path}' cannot be opened: {error.Message}", error);
            }
        }

        /// <summary>A new run's sequence number (the order of starts); undone with its batch if the batch does not commit.</summary>
        public long NextRunSeq() => _nextSeq++;

        /// <summary>A new outbox item's id, never given twice (not even after the last item is deleted and the file reopened).</summary>
        public long NextOutboxId() => _nextOutbox++;

        /// <summary>Runs a read on the committed state, on the caller's thread.</summary>
        public T Read<T>(Func<LiteDbCollections, T> read)
        {
            _gate.EnterReadLock();
            try
            {
                return read(_db);
            }
            finally
            {
                _gate.ExitReadLock();
            }
        }

        public async ValueTask DisposeAsync()
        {
            // Writes already queued still commit; new ones are refused.
            if (CloseQueue())
            {
                await _stopped.Task.ConfigureAwait(false);
            }
        }

        private void Run()
        {
            var batch = new List<JournalWrite<LiteDbWriter>>();
            try
            {
                while (WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                {
                    var exclusive = TakeBatch(batch, _options.MaxBatchSize);
                    if (batch.Count > 0)
                    {
                        Commit(batch);
                        batch.Clear();
                    }

                    if (exclusive is not null)
                    {
                        RunExclusive(exclusive);
                    }

                    Delivery.Flush();
                }

                Close();
                _stopped.TrySetResult();
            }
            catch (Exception error)
            {
                Delivery.Flush(); // writes settled before the failure still reach their callers
                _stopped.TrySetException(error);
            }
        }

        private void Commit(List<JournalWrite<LiteDbWriter>> batch)
        {
            var refused = new bool[batch.Count];
            try
            {
                if (_fault is not null)
                {
                    Reopen();
                }

                while (!TryExecute(batch, refused))
                {
                    // A write was refused: nothing of the batch is kept, and it runs again without that write.
                }

                SaveCounters();
                var logBefore = _files.Log.Length;
                if (!_db.Database.Commit())
                {
                    throw new JournalException("The journal's writer lost its transaction.");
                }

                if (_files.Log.Length != logBefore)
                {
                    _files.Log.Sync();
                }
            }
            catch (Exception error)
            {
                // The transaction is gone or unusable: fail the whole batch, no more, and open the files again before the next.
                TryRollback();
                _fault = error;
                var failure = StorageFailure(error, batch.Count);
                for (var i = 0; i < batch.Count; i++)
                {
                    if (!refused[i])
                    {
                        batch[i].Failed(failure);
                    }
                }

                return;
            }

            Interlocked.Increment(ref _commits);
            _metrics.Committed(batch.Count);
            foreach (var write in batch)
            {
                write.Committed();
            }

            CheckpointIfDue();
        }

        /// <summary>Runs an exclusive operation between two batches, on files opened again first after a storage failure; its failure is its own.</summary>
        private void RunExclusive(JournalWrite<LiteDbWriter> write)
        {
            try
            {
                if (_fault is not null)
                {
                    Reopen();
                }

                write.Execute(this);
            }
            catch (Exception error)
            {
                write.Failed(error);
                return;
            }

            write.Committed();
        }

        /// <summary>
        /// Rewrites the journal without its free pages (see <see cref="IRunJournal.CompactAsync"/>); an exclusive operation.
        /// LiteDB's own rebuild needs a database opened by file name, so the documents of every collection are copied into
        /// a new file beside the journal (locked and synced as the journal's files are, with the current indexes), which is
        /// then renamed over the journal and opened in its place. The journal's log is empty on disk from before the copy
        /// to after the rename, so whichever data file a crash leaves under the journal's name is whole with it; a copy
        /// left beside it is deleted when the journal is opened.
        /// </summary>
        public JournalCompaction Compact()
        {
            var before = _files.Data.Length + _files.Log.Length;
            LiteDbFiles compact;
            try
            {
                // Every commit into the data file, and the log emptied on disk: the copy reads the committed state, and
                // this log then goes with the copy. Readers go on meanwhile: nothing changes while the writer copies.
                _db.Database.Checkpoint();
                if (_files.Log.Length != 0)
                {
                    throw new JournalException("The log still holds pages after a checkpoint.");
                }

                _files.Log.Sync();
                compact = LiteDbFiles.CreateCompact(_files.Path, _options.WrapStream);
                try
                {
                    CopyInto(compact);
                }
                catch
                {
                    compact.Dispose();
                    compact.DeleteCreated();
                    throw;
                }
            }
            catch (Exception error)
            {
                if (IsStorageFailure(error))
                {
                    _fault = error;
                }

                throw CompactionFailure(error, "it is as it was");
            }

            var replaced = false;
            Exception? failure = null;
            _gate.EnterWriteLock();
            try
            {
                _db.Database.Dispose();
                _files = _files.Replace(compact);
                replaced = true;
                _db = OpenDatabase(_files);
                LoadCounters();
            }
            catch (Exception error)
            {
                failure = _fault = error;
            }
            finally
            {
                _gate.ExitWriteLock();
            }

            if (failure is not null)
            {
                // The database is closed: open the files again now (the compacted ones once the rename happened), or, if
                // that fails too, before the next write.
                TryReopen();
                throw CompactionFailure(failure, replaced ? "it was compacted" : "it is as it was");
            }

            return new JournalCompaction(before, _files.Data.Length + _files.Log.Length);
        }

        /// <summary>Copies every collection's documents, ids included, into a new database on <paramref name="target"/>, and checkpoints and syncs it.</summary>
        private void CopyInto(LiteDbFiles target)
        {
            var source = _db.Database;

            // The copy is a new file, so it gets the journal's collation (and its indexes), whatever an older file had.
            var copy = Database(target);
            try
            {
                copy.CheckpointSize = 0;
                LiteDbSchema.Ensure(copy);
                foreach (var name in source.GetCollectionNames())
                {
                    copy.GetCollection(name).InsertBulk(source.GetCollection(name).FindAll());
                }

                copy.Checkpoint();
            }
            catch
            {
                // A write that failed inside LiteDB 5.0.21 can leave its transaction undisposed, and that transaction's
                // finalizer then throws on the finalizer thread, which ends the process (LiteDB issue #2828; disposing the
                // engine does not help: its dispose stops at that transaction and lets it go). A failed copy is therefore
                // neither disposed nor let go: its memory is the price, once per failed compaction. Its files are ours.
                FailedCopies.Add(copy);
                throw;
            }

            copy.Dispose();

            if (target.Log.Length != 0)
            {
                throw new JournalException("The compacted copy's log still holds pages after a checkpoint.");
            }

            target.Data.Sync();
        }

        private JournalException CompactionFailure(Exception error, string state)
        {
            var what = error is IOException io && IsDiskFull(io)
                ? "the disk is full: compacting needs free space of up to about twice what the journal keeps"
                : error.Message;
            return new JournalException($"The journal file '{_files.Path}' could not be compacted ({what}); {state}.", error);
        }

        /// <summary>Runs the batch's writes (but the refused ones) in one transaction; false after rolling back for a new refusal.</summary>
        private bool TryExecute(List<JournalWrite<LiteDbWriter>> batch, bool[] refused)
        {
            if (!_db.Database.BeginTrans())
            {
                throw new JournalException("The journal's writer found a transaction already open.");
            }

            for (var i = 0; i < batch.Count; i++)
            {
                if (refused[i])
                {
                    continue;
                }

                try
                {
                    batch[i].Execute(this);
                }
                catch (Exception error) when (!IsStorageFailure(error))
                {
                    _db.Database.Rollback();
                    RestoreCounters();
                    refused[i] = true;
                    batch[i].Refuse(error is LiteException lite ? new JournalException("The journal refused the write: " + lite.Message, lite) : error);
                    return false;
                }
            }

            return true;
        }

        /// <summary>A disk that is full or failing, or a database LiteDB closed after such an error, fails the whole batch.</summary>
        private static bool IsStorageFailure(Exception error)
            => error is IOException or ObjectDisposedException
                || error is LiteException { ErrorCode: LiteException.INVALID_DATAFILE_STATE or LiteException.ENGINE_DISPOSED or LiteException.DATABASE_SHUTDOWN or LiteException.FILE_SIZE_EXCEEDED };

        private JournalException StorageFailure(Exception error, int writes)
        {
            var what = error is IOException io && IsDiskFull(io)
                ? $"the disk holding '{_files.Path}' is full: free space (or compact the journal: flow runs compact) and retry"
                : $"'{_files.Path}' could not be written: {error.Message}";
            return new JournalException($"The journal could not commit a batch of {writes} write(s); none of them happened: {what}.", error);
        }

        private static bool IsDiskFull(IOException error)
            => error.HResult is 28 or unchecked((int)0x80070070) || error.Message.Contains("space", StringComparison.OrdinalIgnoreCase);

        private void TryRollback()
        {
            try
            {
                _db.Database.Rollback();
            }
            catch (Exception error) when (error is LiteException or IOException or ObjectDisposedException)
            {
                // Nothing more to undo: the engine is closed, and the files are opened again before the next batch.
            }

            RestoreCounters();
        }

        /// <summary>After a storage failure LiteDB has closed its engine: open it again on the same locked files (it recovers from the log).</summary>
        private void Reopen()
        {
            _gate.EnterWriteLock();
            try
            {
                // The failed engine is kept, not disposed, as a failed compaction copy is (FailedCopies): the write that
                // failed inside it may have left a transaction whose finalizer would end the process (LiteDB issue #2828).
                // LiteDB has closed it already; the files are ours and stay open.
                FailedCopies.Add(_db.Database);
                _db = OpenDatabase(_files);
                _fault = null;
                LoadCounters();
            }
            finally
            {
                _gate.ExitWriteLock();
            }
        }

        private void TryReopen()
        {
            try
            {
                Reopen();
            }
            catch (Exception error) when (error is JournalException or LiteException or IOException)
            {
                // Still faulted: the next write tries again.
            }
        }

        private void CheckpointIfDue()
        {
            if (_files.Log.Length < _options.CheckpointBytes)
            {
                return;
            }

            try
            {
                // Copies the log into the data file (fsynced through SyncedFile.Flush) and then empties the log.
                _db.Database.Checkpoint();
            }
            catch (Exception error) when (IsStorageFailure(error))
            {
                // The log still holds every commit; the next batch opens the files again and the next checkpoint retries.
                _fault = error;
            }
        }

        private void Close()
        {
            _gate.EnterWriteLock();
            try
            {
                if (_fault is null)
                {
                    try
                    {
                        _db.Database.Checkpoint();
                    }
                    catch (Exception error) when (IsStorageFailure(error))
                    {
                        // The log keeps what the data file lacks; the next open replays it.
                    }
                }

                try
                {
                    _db.Database.Dispose();
                }
                catch (Exception error) when (error is LiteException or IOException or ObjectDisposedException)
                {
                    // Closed already after a storage failure.
                }

                _files.Dispose();
            }
            finally
            {
                _gate.ExitWriteLock();
            }

            _gate.Dispose();
        }

        private void LoadCounters()
        {
            var meta = _db.Meta.FindById("journal");
            _nextSeq = _savedSeq = meta["next_seq"].AsInt64;
            _nextOutbox = _savedOutbox = meta["next_outbox"].AsInt64;
        }

        private void SaveCounters()
        {
            if (_nextSeq == _savedSeq && _nextOutbox == _savedOutbox)
            {
                return;
            }

            var meta = _db.Meta.FindById("journal");
            meta["next_seq"] = _nextSeq;
            meta["next_outbox"] = _nextOutbox;
            _db.Meta.Update(meta);
            _savedSeq = _nextSeq;
            _savedOutbox = _nextOutbox;
        }

        private void RestoreCounters()
        {
            _nextSeq = _savedSeq;
            _nextOutbox = _savedOutbox;
        }

        private static LiteDbCollections OpenDatabase(LiteDbFiles files)
        {
            LiteDatabase db;
            try
            {
                db = Database(files);
            }
            catch (LiteException error)
            {
                throw new JournalException($"The file '{files.Path}' is not a journal LiteDB can open ({error.Message}); nothing was changed.", error);
            }

            return new LiteDbCollections(db);
        }

        /// <summary>
        /// A database on the files (LiteDB closes neither); a new one is created with the journal's collation. An existing
        /// file is opened with its own: LiteDB refuses a file whose collation differs from the one asked for, and a foreign
        /// file must reach the meta check (which says what it is) rather than fail inside LiteDB's open.
        /// </summary>
        private static LiteDatabase Database(LiteDbFiles files)
            => new(new LiteEngine(new EngineSettings
            {
                DataStream = files.Data,
                LogStream = files.Log,
                Collation = files.Data.Length == 0 ? LiteDbSchema.Collation : null,
            }));

        /// <summary>Checks the meta document of an existing journal, or creates the schema of a new one (and commits it durably).</summary>
        private static void Prepare(LiteDbCollections db, LiteDbFiles files, DateTimeOffset now)
        {
            var meta = db.Meta.FindById("journal");
            if (meta is not null)
            {
                if (meta.String("format") != LiteDbSchema.Format)
                {
                    throw NotAJournal(files.Path);
                }

                var version = meta["version"].AsInt32;
                if (version > LiteDbSchema.Version)
                {
                    throw new JournalException(
                        $"The journal file '{files.Path}' was written by a newer release (journal format {version}; this release reads up to {LiteDbSchema.Version}). " +
                        "Open it with that release or a later one; nothing was changed.");
                }

                // Format 1 is the first: later formats migrate forward here, in one transaction.
                return;
            }

            foreach (var _ in db.Database.GetCollectionNames())
            {
                throw NotAJournal(files.Path);
            }

            // Checkpoints are the writer's, between batches: LiteDB's own would run inside a commit, on its own schedule.
            db.Database.CheckpointSize = 0;
            db.Database.BeginTrans();
            LiteDbSchema.Ensure(db.Database);
            db.Meta.Insert(LiteDbSchema.NewMeta(now));
            db.Database.Commit();
            db.Database.Checkpoint();
        }

        private static JournalException NotAJournal(string path)
            => new($"The file '{path}' is a LiteDB database but not an Automations.Compiled journal; nothing was changed. Point the journal at its own file.");
    }
}
