using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.LiteDb;
using Automations.Compiled.Hosting.Tests.Support;
using LiteDB;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.LiteDb
{
    /// <summary>
    /// What the LiteDB journal adds to LiteDB 5.0.21: every acknowledged batch fsynced, the file locked against every other
    /// process, files that are not journals refused untouched, and a full disk failing a batch without losing a commit.
    /// </summary>
    public sealed class LiteDbJournalFileTests : IDisposable
    {
        private readonly TempFolder _folder = new();

        private string DbPath => _folder.File("journal.litedb");

        public void Dispose() => _folder.Dispose();

        [Fact]
        public async Task Every_acknowledged_batch_is_fsynced_once()
        {
            await using var journal = await OpenAsync();
            await journal.RegisterFlowVersionAsync(new FlowVersionRecord("orders", 1, "h", null));

            var syncs = journal.Syncs;
            var commits = journal.Commits;
            var runId = (await journal.StartRunAsync(NewRun())).RunId;
            Assert.Equal(commits + 1, journal.Commits);
            Assert.Equal(syncs + 1, journal.Syncs);

            // 64 concurrent writes share batches: one fsync per batch, never one per write, never a batch without one.
            syncs = journal.Syncs;
            commits = journal.Commits;
            var now = DateTimeOffset.UtcNow;
            await Task.WhenAll(Enumerable.Range(0, 64).Select(i => journal.AppendStepAsync(new StepEntry(runId, "s" + i, 1, StepStatus.Succeeded, "success", now, now))));
            var batches = journal.Commits - commits;
            Assert.InRange(batches, 1, 64);
            Assert.Equal(batches, journal.Syncs - syncs);
            Assert.Equal(64, (await journal.GetRunAsync(runId))!.Steps.Count);
        }

        [Fact]
        public async Task A_second_open_of_the_same_file_is_refused_with_the_file_named()
        {
            await using var journal = await OpenAsync();
            var error = await Assert.ThrowsAsync<JournalException>(() => OpenAsync());
            Assert.Contains(DbPath, error.Message, StringComparison.Ordinal);
            Assert.Contains("another process", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Another_process_cannot_lock_the_file_while_the_journal_holds_it_and_the_journal_is_refused_while_another_holds_it()
        {
            await using (var journal = await OpenAsync())
            {
                var (code, output) = await Python($"import fcntl,sys\nf=open(sys.argv[1],'r+b')\ntry:\n fcntl.flock(f,fcntl.LOCK_EX|fcntl.LOCK_NB)\nexcept OSError:\n sys.exit(7)\nsys.exit(0)", DbPath);
                Assert.True(code == 7, $"another process locked the journal file while the journal held it (exit {code}): {output}");
            }

            // The other way round: a process holding the file keeps the journal out, and the journal says so.
            var holder = StartPython($"import fcntl,sys,time\nf=open(sys.argv[1],'r+b')\nfcntl.flock(f,fcntl.LOCK_EX)\nprint('locked',flush=True)\ntime.sleep(30)", DbPath);
            try
            {
                Assert.Equal("locked", await holder.StandardOutput.ReadLineAsync());
                var error = await Assert.ThrowsAsync<JournalException>(() => OpenAsync());
                Assert.Contains(DbPath, error.Message, StringComparison.Ordinal);
                Assert.Contains("in use by another process", error.Message, StringComparison.Ordinal);
            }
            finally
            {
                holder.Kill();
                await holder.WaitForExitAsync();
            }

            await using var reopened = await OpenAsync();
            Assert.NotNull(reopened);
        }

        [Theory]
        [InlineData("text")]
        [InlineData("short-garbage")]
        [InlineData("page-of-garbage")]
        [InlineData("sqlite")]
        public async Task A_file_that_is_not_a_journal_is_refused_and_left_as_it_was(string kind)
        {
            byte[] content = kind switch
            {
                "text" => "order,amount\nA-1,20\n"u8.ToArray(),
                "short-garbage" => [0x00, 0xFF, 0x13, 0x37, 0x42],
                "page-of-garbage" => Enumerable.Range(0, 8192 * 2 + 100).Select(i => (byte)(i * 31)).ToArray(),
                _ => [.. "SQLite format 3\0"u8, .. new byte[4080]],
            };
            await File.WriteAllBytesAsync(DbPath, content);

            var error = await Assert.ThrowsAsync<JournalException>(() => OpenAsync());
            Assert.Contains(DbPath, error.Message, StringComparison.Ordinal);
            Assert.Contains(kind == "sqlite" ? "SQLite journal" : "not a journal", error.Message, StringComparison.Ordinal);
            Assert.Equal(content, await File.ReadAllBytesAsync(DbPath));
            Assert.False(File.Exists(LiteDbFiles.LogPathOf(DbPath)), "a refused file got a log file beside it");
        }

        [Fact]
        public async Task A_LiteDB_database_of_another_application_is_refused_and_left_as_it_was()
        {
            using (var other = new LiteDatabase(new ConnectionString { Filename = DbPath }))
            {
                other.GetCollection("customers").Insert(new BsonDocument { ["name"] = "Ada" });
            }

            var before = await File.ReadAllBytesAsync(DbPath);
            var error = await Assert.ThrowsAsync<JournalException>(() => OpenAsync());
            Assert.Contains("not an Automations.Compiled journal", error.Message, StringComparison.Ordinal);
            Assert.Equal(before, await File.ReadAllBytesAsync(DbPath));
        }

        [Fact]
        public async Task A_journal_written_by_a_newer_release_is_refused()
        {
            await using (var journal = await OpenAsync())
            {
                await journal.RegisterFlowVersionAsync(new FlowVersionRecord("orders", 1, "h", null));
            }

            using (var raw = new LiteDatabase(new ConnectionString { Filename = DbPath }))
            {
                var meta = raw.GetCollection("meta").FindById("journal");
                meta["version"] = LiteDbSchema.Version + 1;
                raw.GetCollection("meta").Update(meta);
            }

            var error = await Assert.ThrowsAsync<JournalException>(() => OpenAsync());
            Assert.Contains("newer release", error.Message, StringComparison.Ordinal);
            Assert.Contains(DbPath, error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_full_disk_fails_the_batch_with_a_clear_error_loses_no_commit_and_the_journal_goes_on_once_there_is_space()
        {
            var disk = new DiskLimit();
            var options = new LiteDbJournalOptions { Path = DbPath, WrapStream = stream => new LimitedStream(stream, disk) };
            var accepted = new System.Collections.Generic.List<Guid>();
            await using (var journal = await LiteDbRunJournal.OpenAsync(options))
            {
                await journal.RegisterFlowVersionAsync(new FlowVersionRecord("orders", 1, "h", null));
                accepted.Add((await journal.StartRunAsync(NewRun())).RunId);

                disk.Full = true;
                var error = await Assert.ThrowsAsync<JournalException>(() => journal.StartRunAsync(NewRun(payload: new byte[64 * 1024])));
                Assert.Contains("full", error.Message, StringComparison.Ordinal);
                Assert.Contains(DbPath, error.Message, StringComparison.Ordinal);

                // Space again: the writer opens the files anew and goes on; what was acknowledged is there.
                disk.Full = false;
                accepted.Add((await journal.StartRunAsync(NewRun())).RunId);
                foreach (var id in accepted)
                {
                    Assert.NotNull(await journal.GetRunInfoAsync(id));
                }
            }

            await using var reopened = await OpenAsync();
            var page = await reopened.ListRunsAsync(new RunQuery { Limit = 10 });
            Assert.Equal(accepted.OrderBy(g => g), page.Runs.Select(r => r.RunId).OrderBy(g => g));
        }

        private Task<LiteDbRunJournal> OpenAsync() => LiteDbRunJournal.OpenAsync(new LiteDbJournalOptions { Path = DbPath });

        private static NewRun NewRun(byte[]? payload = null) => new() { FlowId = "orders", FlowVersion = 1, Payload = payload ?? "{}"u8.ToArray() };

        private static Process StartPython(string script, string argument)
        {
            var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(script);
            info.ArgumentList.Add(argument);
            return Process.Start(info)!;
        }

        private static async Task<(int Code, string Output)> Python(string script, string argument)
        {
            using var process = StartPython(script, argument);
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, output);
        }

        /// <summary>A switch the test flips: while full, every write that would grow a file fails as ENOSPC does.</summary>
        private sealed class DiskLimit
        {
            public volatile bool Full;
        }

        private sealed class LimitedStream(Stream inner, DiskLimit disk) : Stream
        {
            public override bool CanRead => true;

            public override bool CanSeek => true;

            public override bool CanWrite => true;

            public override long Length => inner.Length;

            public override long Position
            {
                get => inner.Position;
                set => inner.Position = value;
            }

            public override void Flush() => inner.Flush();

            public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

            public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

            public override void SetLength(long value)
            {
                if (disk.Full && value > inner.Length)
                {
                    throw NoSpace();
                }

                inner.SetLength(value);
            }

            public override void Write(byte[] buffer, int offset, int count)
            {
                if (disk.Full && inner.Position + count > inner.Length)
                {
                    throw NoSpace();
                }

                inner.Write(buffer, offset, count);
            }

            private static IOException NoSpace() => new("No space left on device", 28);
        }
    }
}
