using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.LiteDb;
using Automations.Compiled.Hosting.Sqlite;
using Automations.Compiled.Hosting.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Automations.Compiled.Hosting.Tests
{
    /// <summary>
    /// Retention on both journals: <see cref="IRunJournal.PurgeEndedRunsAsync"/> deletes the runs that ended before a cut,
    /// the longest ended first, with everything of theirs; <see cref="IRunJournal.CompactAsync"/> gives the space back and
    /// leaves a journal that reads and works as before, now and after a reopen. Each backend opens its own file here.
    /// </summary>
    public abstract class JournalRetentionTests : IAsyncLifetime
    {
        private const string Flow = "orders";
        private const string Owner = "worker-a";

        internal TempFolder Folder { get; } = new();

        internal ManualClock Clock { get; } = ManualClock.AtNoon();

        internal IRunJournal Journal { get; private set; } = null!;

        /// <summary>The journal's files (data and log), as <see cref="JournalCompaction"/> counts them.</summary>
        internal abstract IReadOnlyList<string> Files { get; }

        public async Task InitializeAsync()
        {
            Journal = await OpenAsync();
            await Journal.RegisterFlowVersionAsync(new FlowVersionRecord(Flow, 1, "hash-1"));
        }

        public async Task DisposeAsync()
        {
            await Journal.DisposeAsync();
            Folder.Dispose();
        }

        internal abstract Task<IRunJournal> OpenAsync();

        /// <summary>How many rows (documents) <paramref name="table"/> holds: runs, steps, suspended or outbox.</summary>
        internal abstract long Count(string table);

        internal async Task ReopenAsync()
        {
            await Journal.DisposeAsync();
            Journal = await OpenAsync();
        }

        internal long FileBytes() => Files.Sum(f => File.Exists(f) ? new FileInfo(f).Length : 0);

        [Fact]
        public async Task A_purge_deletes_exactly_the_runs_that_ended_before_the_cut_with_their_steps_and_items()
        {
            var completed = await EndedRunAsync(FlowStatus.Completed, steps: 3);
            var failed = await EndedRunAsync(FlowStatus.Failed, steps: 2);
            var cancelled = await EndedRunAsync(FlowStatus.Cancelled, steps: 0);
            Clock.Advance(TimeSpan.FromMinutes(1));
            var cut = Clock.GetUtcNow();
            var atTheCut = await EndedRunAsync(FlowStatus.Completed, steps: 1, advance: TimeSpan.Zero);
            var later = await EndedRunAsync(FlowStatus.Completed, steps: 1);
            var pending = await StartAsync();
            var running = await StartAsync();
            await Journal.AppendStepAsync(StepTry(running, "charge"));
            await Journal.SetStatusAsync(running, FlowStatus.Running);
            var waiting = await StartAsync();
            await Journal.SaveSuspendedAsync(new FlowSnapshot(Flow, 1, waiting, "4bf92f3577b34da6a3ce929d0e0e4736", "wait", WaitSpec.Restore(WaitKind.None, null, null, null, null), "{}"u8.ToArray()));
            Assert.Equal((8L, 8L, 8L), (Count("runs"), Count("steps"), Count("outbox"))); // an ended run keeps its start item

            Assert.Equal(3, await Journal.PurgeEndedRunsAsync(cut, 100));

            foreach (var gone in new[] { completed, failed, cancelled })
            {
                Assert.Null(await Journal.GetRunAsync(gone));
                Assert.Null(await Journal.GetRunInfoAsync(gone));
            }

            foreach (var kept in new[] { atTheCut, later, pending, running, waiting })
            {
                Assert.NotNull(await Journal.GetRunAsync(kept));
            }

            Assert.Equal((5L, 3L, 5L, 1L), (Count("runs"), Count("steps"), Count("outbox"), Count("suspended")));
            Assert.Single((await Journal.GetRunAsync(running))!.Steps);
            Assert.NotNull(await Journal.GetSnapshotAsync(waiting));
            Assert.Equal(8, (await Journal.ListFlowsAsync()).Single().RunCount); // the run count counts starts
            Assert.Equal(new[] { waiting, running, pending, later, atTheCut }, (await Journal.ListRunsAsync(new RunQuery())).Runs.Select(r => r.RunId));
            Assert.Equal(0, await Journal.PurgeEndedRunsAsync(cut, 100));
        }

        [Fact]
        public async Task A_purge_takes_at_most_max_runs_the_longest_ended_first()
        {
            var runs = new List<Guid>();
            for (var i = 0; i < 5; i++)
            {
                runs.Add(await StartAsync());
            }

            // They end in the reverse order of their starts: the end time decides, not the start.
            for (var i = runs.Count - 1; i >= 0; i--)
            {
                Clock.Advance(TimeSpan.FromMinutes(1));
                await Journal.SetStatusAsync(runs[i], FlowStatus.Completed);
            }

            Clock.Advance(TimeSpan.FromMinutes(1));
            var cut = Clock.GetUtcNow();

            Assert.Equal(2, await Journal.PurgeEndedRunsAsync(cut, 2));
            Assert.Equal(runs.Take(3), await ExistingAsync(runs));
            Assert.Equal(2, await Journal.PurgeEndedRunsAsync(cut, 2));
            Assert.Equal(runs.Take(1), await ExistingAsync(runs));
            Assert.Equal(1, await Journal.PurgeEndedRunsAsync(cut, 2));
            Assert.Empty(await ExistingAsync(runs));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Journal.PurgeEndedRunsAsync(cut, 0));
        }

        [Fact]
        public async Task A_purge_keeps_entities_and_their_history_and_never_takes_a_run_in_flight()
        {
            var created = await Journal.MoveEntityAsync(Move("srv-1", null));
            await Journal.SetStatusAsync(created.Run.RunId, FlowStatus.Completed);
            var inFlight = await Journal.MoveEntityAsync(Move("srv-2", null));
            Clock.Advance(TimeSpan.FromDays(1));

            Assert.Equal(1, await Journal.PurgeEndedRunsAsync(Clock.GetUtcNow().AddDays(365), 100));

            Assert.Null(await Journal.GetRunAsync(created.Run.RunId));
            Assert.Equal(("Stopped", 2L), (await Journal.GetEntityAsync("server", "srv-1")) is { } e ? (e.State, e.Revision) : default);
            Assert.Equal(
                new Guid?[] { created.Run.RunId, created.Run.RunId },
                (await Journal.GetEntityHistoryAsync("server", "srv-1")).Select(h => h.RunId));
            Assert.Equal(inFlight.Run.RunId, (await Journal.GetEntityAsync("server", "srv-2"))!.RunId);
            Assert.Equal(FlowStatus.Pending, (await Journal.GetRunInfoAsync(inFlight.Run.RunId))!.Status);

            // The entity in flight still settles when its run ends.
            await Journal.SetStatusAsync(inFlight.Run.RunId, FlowStatus.Completed);
            Assert.Equal("Stopped", (await Journal.GetEntityAsync("server", "srv-2"))!.State);
        }

        [Fact]
        public async Task Compaction_after_a_purge_shrinks_the_files_keeps_every_run_and_the_journal_keeps_working()
        {
            var output = Encoding.UTF8.GetBytes(new string('x', 4000));
            var runs = new List<Guid>();
            for (var i = 0; i < 300; i++)
            {
                var runId = await StartAsync();
                await Journal.AppendStepAsync(StepTry(runId, "fetch") with { Output = output });
                await Journal.SetStatusAsync(runId, FlowStatus.Completed, new RunOutcome(Output: output));
                runs.Add(runId);
            }

            var kept = runs.Skip(290).ToList(); // the last to end
            var pending = await StartAsync();
            Clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(290, await Journal.PurgeEndedRunsAsync(Clock.GetUtcNow(), 290));
            var before = await SnapshotAsync(kept.Append(pending));
            var bytes = FileBytes();

            var compaction = await Journal.CompactAsync();

            Assert.Equal(bytes, compaction.BytesBefore);
            Assert.Equal(FileBytes(), compaction.BytesAfter);
            Assert.True(compaction.BytesAfter < compaction.BytesBefore / 4, $"{compaction.BytesBefore} -> {compaction.BytesAfter}");
            Assert.Equal(before, await SnapshotAsync(kept.Append(pending)));
            Assert.Equal(11, (await Journal.ListRunsAsync(new RunQuery())).Runs.Count);

            // It goes on as before: starts, claims (ids keep counting up), steps, ends.
            var next = await Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, Payload = "{}"u8.ToArray() });
            var claimed = await Journal.ClaimOutboxAsync(Owner, 10, TimeSpan.FromSeconds(30));
            Assert.Equal(new[] { pending, next.RunId }, claimed.Select(c => c.RunId));
            Assert.True(claimed[1].Id > claimed[0].Id);
            await Journal.AppendStepAsync(StepTry(next.RunId, "fetch"));
            await Journal.SetStatusAsync(next.RunId, FlowStatus.Completed);
            Assert.True(await Journal.CompleteOutboxAsync(claimed[1].Id, Owner));
            Assert.Equal(next.RunId, (await Journal.ListRunsAsync(new RunQuery { Limit = 1 })).Runs.Single().RunId);

            await ReopenAsync();

            Assert.Equal(before, await SnapshotAsync(kept.Append(pending)));
            Assert.Single((await Journal.GetRunAsync(next.RunId))!.Steps);
            Assert.Equal(301 + 1, (await Journal.ListFlowsAsync()).Single().RunCount);
            Assert.Equal(12, (await Journal.ListRunsAsync(new RunQuery { Limit = 100 })).Runs.Count);
            Assert.Equal(11, await Journal.PurgeEndedRunsAsync(Clock.GetUtcNow().AddMinutes(1), 100)); // the pending run was claimed, not ended
        }

        [Fact]
        public async Task Writes_and_reads_queued_around_a_compaction_all_land()
        {
            for (var i = 0; i < 50; i++)
            {
                await Journal.SetStatusAsync(await StartAsync(), FlowStatus.Completed);
            }

            Clock.Advance(TimeSpan.FromMinutes(1));
            await Journal.PurgeEndedRunsAsync(Clock.GetUtcNow(), 40);

            var starts = Enumerable.Range(0, 20).Select(_ => StartAsync()).ToList();
            var compaction = Journal.CompactAsync();
            starts.AddRange(Enumerable.Range(0, 20).Select(_ => StartAsync()));
            var reads = Enumerable.Range(0, 20).Select(_ => Journal.ListRunsAsync(new RunQuery { Limit = 5 })).ToList();

            await compaction;
            var started = await Task.WhenAll(starts);
            await Task.WhenAll(reads);

            foreach (var runId in started)
            {
                Assert.Equal(FlowStatus.Pending, (await Journal.GetRunInfoAsync(runId))!.Status);
            }

            Assert.Equal(50, (await Journal.ListRunsAsync(new RunQuery { Limit = 100 })).Runs.Count);
        }

        private static EntityMove Move(string entityId, long? expected)
            => new()
            {
                Template = "server",
                EntityId = entityId,
                Action = "create",
                ExpectedRevision = expected,
                Transit = "Provisioning",
                To = "Stopped",
                OnFailure = null,
                Run = new NewRun { FlowId = Flow, FlowVersion = 1, TriggerKind = "lifecycle", Payload = "{}"u8.ToArray() },
            };

        private async Task<Guid> StartAsync()
            => (await Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, Payload = "{}"u8.ToArray() })).RunId;

        /// <summary>Starts a run with <paramref name="steps"/> step tries and ends it <paramref name="advance"/> later.</summary>
        private async Task<Guid> EndedRunAsync(FlowStatus status, int steps, TimeSpan? advance = null)
        {
            var runId = await StartAsync();
            for (var i = 0; i < steps; i++)
            {
                await Journal.AppendStepAsync(StepTry(runId, "step-" + i));
            }

            Clock.Advance(advance ?? TimeSpan.FromMinutes(1));
            await Journal.SetStatusAsync(runId, status);
            return runId;
        }

        private StepEntry StepTry(Guid runId, string stepId)
            => new(runId, stepId, 1, StepStatus.Succeeded, Endpoints.Success, Clock.GetUtcNow(), Clock.GetUtcNow());

        private async Task<Guid[]> ExistingAsync(IEnumerable<Guid> runs)
        {
            var existing = new List<Guid>();
            foreach (var runId in runs)
            {
                if (await Journal.GetRunInfoAsync(runId) is not null)
                {
                    existing.Add(runId);
                }
            }

            return existing.ToArray();
        }

        /// <summary>Everything a read shows of the runs, as text to compare.</summary>
        private async Task<string> SnapshotAsync(IEnumerable<Guid> runs)
        {
            var text = new StringBuilder();
            foreach (var runId in runs)
            {
                var run = (await Journal.GetRunAsync(runId))!;
                var info = run.Run;
                text.AppendJoin(
                    " | ",
                    info.RunId, info.FlowId, info.FlowVersion, info.TraceId, info.Status, info.TriggerKind, info.CreatedAt, info.UpdatedAt, info.EndedAt,
                    Convert.ToHexString(run.Payload.Span), run.Output?.Length).AppendLine();
                foreach (var step in run.Steps)
                {
                    text.Append(step with { Output = null }).Append(step.Output?.Length).AppendLine();
                }
            }

            return text.ToString();
        }
    }

    /// <summary>Retention on the SQLite journal.</summary>
    public sealed class SqliteJournalRetentionTests : JournalRetentionTests
    {
        private string DatabasePath => Folder.File("automations.db");

        internal override IReadOnlyList<string> Files => [DatabasePath, DatabasePath + "-wal"];

        internal override async Task<IRunJournal> OpenAsync()
            => await SqliteRunJournal.OpenAsync(new SqliteJournalOptions { Path = DatabasePath, TimeProvider = Clock });

        internal override long Count(string table)
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM " + table;
            return (long)command.ExecuteScalar()!;
        }

        private SqliteConnection Open()
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
            connection.Open();
            return connection;
        }

        [Fact]
        public async Task A_purge_takes_the_checkpoint_a_failed_run_kept_for_its_retry()
        {
            var start = await Journal.StartRunAsync(new NewRun { FlowId = "orders", FlowVersion = 1, LeaseOwner = "worker-a" });
            var checkpoint = new FlowSnapshot("orders", 1, start.RunId, "4bf92f3577b34da6a3ce929d0e0e4736", "charge", WaitSpec.Restore(WaitKind.None, null, null, null, null), "{}"u8.ToArray());
            Assert.True(await Journal.EndLegAsync(new RunLegEnd { OutboxItemId = start.OutboxItemId, Owner = "worker-a", RunId = start.RunId, Status = FlowStatus.Failed, Snapshot = checkpoint }));
            Assert.NotNull(await Journal.GetSnapshotAsync(start.RunId));
            Clock.Advance(TimeSpan.FromMinutes(1));

            Assert.Equal(1, await Journal.PurgeEndedRunsAsync(Clock.GetUtcNow(), 10));

            Assert.Null(await Journal.GetSnapshotAsync(start.RunId));
            Assert.Equal((0L, 0L), (Count("suspended"), Count("outbox")));
        }

        [Fact]
        public async Task A_purge_walks_the_ended_index_without_sorting()
        {
            for (var i = 0; i < 20; i++)
            {
                await Journal.SetStatusAsync((await Journal.StartRunAsync(new NewRun { FlowId = "orders", FlowVersion = 1 })).RunId, FlowStatus.Completed);
            }

            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + SqliteRunJournal.PurgeSql;
            command.Parameters.AddWithValue("$before", 1);
            command.Parameters.AddWithValue("$max", 1);
            var plan = new List<string>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    plan.Add(reader.GetString(3));
                }
            }

            Assert.Contains(plan, p => p.Contains("USING INDEX ix_runs_ended", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE", StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_compacted_file_passes_the_integrity_check()
        {
            for (var i = 0; i < 20; i++)
            {
                await Journal.SetStatusAsync((await Journal.StartRunAsync(new NewRun { FlowId = "orders", FlowVersion = 1 })).RunId, FlowStatus.Completed);
            }

            Clock.Advance(TimeSpan.FromMinutes(1));
            await Journal.PurgeEndedRunsAsync(Clock.GetUtcNow(), 15);
            await Journal.CompactAsync();
            await Journal.DisposeAsync();

            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", command.ExecuteScalar());
            Assert.Equal(5L, Count("runs"));
        }
    }

    /// <summary>Retention on the LiteDB journal, whose compaction copies the journal into a new file and renames it over the old one.</summary>
    public sealed class LiteDbJournalRetentionTests : JournalRetentionTests
    {
        private bool _copyFails;

        private string JournalPath => Folder.File("automations.litedb");

        internal override IReadOnlyList<string> Files => [JournalPath, LiteDbFiles.LogPathOf(JournalPath)];

        internal override async Task<IRunJournal> OpenAsync()
            => await LiteDbRunJournal.OpenAsync(new LiteDbJournalOptions
            {
                Path = JournalPath,
                TimeProvider = Clock,

                // The compaction's copy (and only it) runs out of disk once it has 64 KiB, while a test says so.
                WrapStream = file => file is FileStream { Name: var name } && name.EndsWith(".compact", StringComparison.Ordinal) ? new FullDisk(file, () => _copyFails) : file,
            });

        internal override long Count(string table)
            => ((LiteDbRunJournal)Journal).Writer.Read(db => db.Database.GetCollection(table).LongCount());

        [Fact]
        public async Task A_copy_a_compaction_left_beside_the_journal_is_deleted_on_open()
        {
            var runId = (await Journal.StartRunAsync(new NewRun { FlowId = "orders", FlowVersion = 1 })).RunId;
            await Journal.DisposeAsync();
            var compact = LiteDbFiles.CompactPathOf(JournalPath);
            File.WriteAllText(compact, "half a copy");
            File.WriteAllText(LiteDbFiles.LogPathOf(compact), "its log");

            await ReopenAsync();

            Assert.False(File.Exists(compact));
            Assert.False(File.Exists(LiteDbFiles.LogPathOf(compact)));
            Assert.NotNull(await Journal.GetRunAsync(runId));
        }

        [Fact]
        public async Task A_compaction_leaves_no_copy_behind_and_an_empty_log()
        {
            await Journal.StartRunAsync(new NewRun { FlowId = "orders", FlowVersion = 1 });

            await Journal.CompactAsync();

            Assert.Equal(new[] { "automations-log.litedb", "automations.litedb" }, Directory.GetFiles(Folder.Path).Select(Path.GetFileName).Order());
            Assert.Equal(0, new FileInfo(LiteDbFiles.LogPathOf(JournalPath)).Length);
        }

        [Fact]
        public async Task A_compaction_that_runs_out_of_disk_leaves_the_journal_as_it_was_and_working()
        {
            var runs = new List<Guid>();
            for (var i = 0; i < 50; i++)
            {
                var runId = (await Journal.StartRunAsync(new NewRun { FlowId = "orders", FlowVersion = 1, Payload = new byte[4000] })).RunId;
                await Journal.SetStatusAsync(runId, FlowStatus.Completed);
                runs.Add(runId);
            }

            Clock.Advance(TimeSpan.FromMinutes(1));
            await Journal.PurgeEndedRunsAsync(Clock.GetUtcNow(), 25);
            _copyFails = true;

            var error = await Assert.ThrowsAsync<JournalException>(() => Journal.CompactAsync());

            Assert.Contains("could not be compacted (the disk is full", error.Message, StringComparison.Ordinal);
            Assert.Contains("it is as it was", error.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(LiteDbFiles.CompactPathOf(JournalPath)));
            var more = (await Journal.StartRunAsync(new NewRun { FlowId = "orders", FlowVersion = 1 })).RunId;
            Assert.Equal(26, (await Journal.ListRunsAsync(new RunQuery { Limit = 100 })).Runs.Count);

            // Once the writer's thread is gone, a transaction LiteDB left undisposed in the failed copy would be finalized
            // here, and its finalizer's exception would end the test process.
            await ReopenAsync();
            for (var i = 0; i < 10; i++)
            {
                await Task.Delay(20);
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            _copyFails = false;
            var compaction = await Journal.CompactAsync();
            await ReopenAsync();

            Assert.True(compaction.BytesAfter < compaction.BytesBefore);
            Assert.Equal(runs.Skip(25).Append(more).Reverse(), (await Journal.ListRunsAsync(new RunQuery { Limit = 100 })).Runs.Select(r => r.RunId));
        }

        [Fact]
        public async Task Keys_compare_ordinally_before_and_after_a_compaction()
        {
            // Ids that differ only in case are two ids, and a key's parts stay apart (its separator is a control character).
            await Journal.RegisterFlowVersionAsync(new FlowVersionRecord("Orders", 1, "hash-2"));
            await Journal.RegisterFlowVersionAsync(new FlowVersionRecord("orders0", 1, "hash-3"));
            foreach (var flow in new[] { "orders", "Orders", "orders0" })
            {
                await Journal.StartRunAsync(new NewRun { FlowId = flow, FlowVersion = 1 });
            }

            Assert.Equal(3, (await Journal.ClaimOutboxAsync("worker-a", 10, TimeSpan.FromSeconds(30))).Count); // claimable in the millisecond they were queued
            await KeysAsync();
            await Journal.CompactAsync();
            await KeysAsync();
            Assert.Empty(await Journal.ClaimOutboxAsync("worker-b", 10, TimeSpan.FromSeconds(30))); // the leases hold across it

            async Task KeysAsync()
            {
                Assert.Equal(new[] { "Orders", "orders", "orders0" }, (await Journal.ListFlowsAsync()).Select(f => f.FlowId));
                Assert.Equal(new[] { "orders" }, (await Journal.ListRunsAsync(new RunQuery { FlowId = "orders" })).Runs.Select(r => r.FlowId));
            }
        }

        /// <summary>A file that refuses writes past 64 KiB while <c>full</c> says so, as a full disk does.</summary>
        private sealed class FullDisk(Stream inner, Func<bool> full) : Stream
        {
            public override bool CanRead => inner.CanRead;

            public override bool CanSeek => inner.CanSeek;

            public override bool CanWrite => inner.CanWrite;

            public override long Length => inner.Length;

            public override long Position
            {
                get => inner.Position;
                set => inner.Position = value;
            }

            public override void Flush() => inner.Flush();

            public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

            public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

            public override void SetLength(long value) => inner.SetLength(value);

            public override void Write(byte[] buffer, int offset, int count)
            {
                if (full() && inner.Position + count > 64 * 1024)
                {
                    throw new IOException("No space left on device");
                }

                inner.Write(buffer, offset, count);
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }

                base.Dispose(disposing);
            }
        }
    }
}
