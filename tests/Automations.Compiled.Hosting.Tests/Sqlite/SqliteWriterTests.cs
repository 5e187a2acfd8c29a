using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Sqlite;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Sqlite
{
    /// <summary>The SQLite writer's own limits: its batch size, and a batch whose COMMIT fails.</summary>
    public sealed class SqliteWriterTests : SqliteJournalTest
    {
        [Fact]
        public async Task A_batch_is_no_larger_than_the_maximum()
        {
            await using var journal = await SqliteRunJournal.OpenAsync(new SqliteJournalOptions { Path = Folder.File("small-batches.db"), TimeProvider = Clock, MaxBatchSize = 16 });
            await journal.RegisterFlowVersionAsync(new FlowVersionRecord(Flow, 1, "hash-1"));
            var runId = (await journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1 })).RunId;
            using var hold = await Backend.HoldWriterAsync(journal);
            var before = journal.Commits;

            var appends = Enumerable.Range(1, 64).Select(i => journal.AppendStepAsync(Step(runId, "s", i))).ToArray();
            hold.Dispose();
            await Task.WhenAll(appends);

            Assert.Equal(1 + (64 / 16), journal.Commits - before);
        }

        [Fact]
        public async Task A_batch_that_cannot_commit_fails_exactly_its_callers()
        {
            var runId = await StartAsync();
            using var hold = await Backend.HoldWriterAsync(Journal);

            var a = Journal.AppendStepAsync(Step(runId, "a", 1));

            // Ends the transaction under the writer's feet, as a disk error would: the batch's COMMIT then fails.
            var breaker = Sqlite.Writer.WriteAsync(w => w.Command("ROLLBACK").ExecuteNonQuery(), CancellationToken.None);
            var c = Journal.AppendStepAsync(Step(runId, "c", 1));
            hold.Dispose();

            foreach (var write in new Task[] { a, breaker, c })
            {
                var error = await Assert.ThrowsAsync<JournalException>(() => write);
                Assert.Contains("none of them happened", error.Message);
            }

            await Journal.AppendStepAsync(Step(runId, "after", 1));
            Assert.Equal(new[] { "after" }, (await Journal.GetRunAsync(runId))!.Steps.Select(s => s.StepId));
        }

        private StepEntry Step(Guid runId, string stepId, int attempt)
            => new(runId, stepId, attempt, StepStatus.Succeeded, Endpoints.Success, Clock.GetUtcNow(), Clock.GetUtcNow(), [(byte)attempt]);
    }
}
