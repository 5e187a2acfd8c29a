using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.LiteDb;
using LiteDB;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>
    /// The LiteDB journal: it locks its files while open, so inspection reads the committed state through the open
    /// journal's own database, and raw file bytes are read past the (advisory) lock as a backup tool would.
    /// </summary>
    public sealed class LiteDbBackend : IJournalBackend
    {
        public string Name => "litedb";

        public string FileName => "automations.litedb";

        public async Task<IRunJournal> OpenAsync(string path, TimeProvider clock, CancellationToken cancellationToken = default)
            => await LiteDbRunJournal.OpenAsync(new LiteDbJournalOptions { Path = path, TimeProvider = clock }, cancellationToken);

        public void Use(AutomationsOptions options, string path) => options.UseLiteDb(path);

        public Task<long> CountAsync(IRunJournal journal, string path, JournalTable table, Guid? runId = null)
            => Task.FromResult(Read(journal, db =>
            {
                var (collection, runField) = table switch
                {
                    JournalTable.Runs => (db.Runs, "_id"),
                    JournalTable.Steps => (db.Steps, "run"),
                    JournalTable.Suspended => (db.Suspended, "_id"),
                    JournalTable.Outbox => (db.Outbox, "run"),
                    JournalTable.Entities => (db.Entities, "run"),
                    JournalTable.EntityHistory => (db.History, "run"),
                    _ => throw new ArgumentOutOfRangeException(nameof(table), table, null),
                };
                return runId is { } id ? collection.LongCount(BsonExpression.Create($"$.{runField} = @0", id)) : collection.LongCount();
            }));

        public Task<string?> RunControlAsync(IRunJournal journal, string path, Guid runId)
            => Task.FromResult(Read(journal, db => db.Runs.FindById(runId) is { } run && !run["control"].IsNull ? run["control"].AsString : null));

        public Task<long> LinkedEntitiesAsync(IRunJournal journal, string path)
            => Task.FromResult(Read(journal, db => db.Entities.LongCount(BsonExpression.Create("$.run != null"))));

        public long Commits(IRunJournal journal) => ((LiteDbRunJournal)journal).Commits;

        public Meter JournalMeter(IRunJournal journal) => ((LiteDbRunJournal)journal).Meter;

        public async Task<IDisposable> HoldWriterAsync(IRunJournal journal)
        {
            var hold = new WriterHold();
            _ = ((LiteDbRunJournal)journal).Writer.WriteAsync(_ => hold.Hold(), CancellationToken.None);
            await hold.Held;
            return hold;
        }

        public async Task<IReadOnlyDictionary<string, byte[]>> ReadFilesAsync(IRunJournal? journal, string path)
        {
            var files = new Dictionary<string, byte[]>();
            foreach (var file in new[] { path, LiteDbFiles.LogPathOf(path) })
            {
                if (File.Exists(file))
                {
                    files[file] = await ReadPastLockAsync(file);
                }
            }

            return files;
        }

        public Task MakeNewerSchemaAsync(string path)
        {
            using var raw = new LiteDatabase(new ConnectionString { Filename = path });
            var meta = raw.GetCollection(LiteDbSchema.Meta).FindById("journal");
            meta["version"] = LiteDbSchema.Version + 1;
            raw.GetCollection(LiteDbSchema.Meta).Update(meta);
            return Task.CompletedTask;
        }

        internal static T Read<T>(IRunJournal journal, Func<LiteDbCollections, T> read) => ((LiteDbRunJournal)journal).Writer.Read(read);

        /// <summary>
        /// The file's bytes while the journal may hold its lock: .NET takes a shared flock for any FileStream, which the
        /// journal's exclusive one refuses, so another process without locks (cat) reads it, as a backup tool would.
        /// </summary>
        private static async Task<byte[]> ReadPastLockAsync(string file)
        {
            var info = new ProcessStartInfo("cat") { RedirectStandardOutput = true, UseShellExecute = false };
            info.ArgumentList.Add(file);
            using var cat = Process.Start(info)!;
            using var memory = new MemoryStream();
            await cat.StandardOutput.BaseStream.CopyToAsync(memory);
            await cat.WaitForExitAsync();
            return memory.ToArray();
        }
    }
}
