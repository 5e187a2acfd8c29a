using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Threading;
using System.Threading.Tasks;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>
    /// One journal store under the contract suite: how to open it, host it, and look at what no read API of
    /// <see cref="IRunJournal"/> shows. Every contract class runs once per backend, through a one-line subclass in that
    /// backend's contract file (SqliteContract.cs).
    /// </summary>
    /// <remarks>
    /// Inspection goes through the open journal where the store needs it (a file the journal locks cannot be opened a
    /// second time); a backend that can read its file from outside may use <c>path</c> instead. A new backend is a class
    /// implementing this, a copy of SqliteContract.cs naming it, and its name in the crash child's switch
    /// (tests/Automations.Compiled.CrashChild/Program.cs).
    /// </remarks>
    public interface IJournalBackend
    {
        /// <summary>The backend's short name: <c>sqlite</c>. The crash child takes it as its first argument.</summary>
        string Name { get; }

        /// <summary>The journal file's name inside a test's temp folder, as <c>automations.db</c>.</summary>
        string FileName { get; }

        /// <summary>Opens the journal at <paramref name="path"/> (creating it when missing) with <paramref name="clock"/> for timestamps and leases.</summary>
        Task<IRunJournal> OpenAsync(string path, TimeProvider clock, CancellationToken cancellationToken = default);

        /// <summary>Makes a host keep its runs in the journal at <paramref name="path"/>, on the host's clock (<see cref="AutomationsOptions.TimeProvider"/>).</summary>
        void Use(AutomationsOptions options, string path);

        /// <summary>
        /// How many records <paramref name="table"/> holds: all of them, or with <paramref name="runId"/> those of that run
        /// (its run record, step tries, snapshot, outbox items, the entities it is linked to, the history entries naming it).
        /// </summary>
        Task<long> CountAsync(IRunJournal journal, string path, JournalTable table, Guid? runId = null);

        /// <summary>The operator request kept for a run a worker holds (<c>Pause</c> or <c>Cancel</c>); null when none is pending.</summary>
        Task<string?> RunControlAsync(IRunJournal journal, string path, Guid runId);

        /// <summary>How many entities are linked to a run in flight (whose end has not yet applied the entity's pending outcome).</summary>
        Task<long> LinkedEntitiesAsync(IRunJournal journal, string path);

        /// <summary>Transactions the journal has committed since it was opened; each may carry several writes (group commit).</summary>
        long Commits(IRunJournal journal);

        /// <summary>
        /// The journal's own meter, on which it records <c>automations.journal.commits</c> (1 per commit) and
        /// <c>automations.journal.batch.size</c> (the writes that commit carried).
        /// </summary>
        Meter JournalMeter(IRunJournal journal);

        /// <summary>
        /// Keeps the journal's writer busy inside a write until the returned handle is disposed; completes once the writer
        /// is held, so writes made meanwhile queue up and are taken together as its next batch.
        /// </summary>
        Task<IDisposable> HoldWriterAsync(IRunJournal journal);

        /// <summary>
        /// The bytes of every file the journal keeps for <paramref name="path"/> (the file and its companions, as SQLite's
        /// <c>-wal</c>), by full path, as they are on disk now; <paramref name="journal"/> is the open journal, or null once it is closed.
        /// </summary>
        Task<IReadOnlyDictionary<string, byte[]>> ReadFilesAsync(IRunJournal? journal, string path);

        /// <summary>Marks the closed journal at <paramref name="path"/> as written by a newer release (a schema version above the newest this build knows).</summary>
        Task MakeNewerSchemaAsync(string path);
    }
}
