using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>What tools read: runs by flow and status in pages, dead letters, flow versions and per-flow counts.</summary>
    public abstract class ListingContract<TBackend> : JournalTest<TBackend>
        where TBackend : IJournalBackend, new()
    {
        [Fact]
        public async Task Runs_come_newest_first_in_pages_without_gaps_or_repeats()
        {
            var started = new List<Guid>();
            for (var i = 0; i < 7; i++)
            {
                started.Add(await StartAsync());
            }

            var seen = new List<Guid>();
            var pages = 0;
            string? token = null;
            do
            {
                var page = await Journal.ListRunsAsync(new RunQuery { Limit = 3, ContinuationToken = token });
                seen.AddRange(page.Runs.Select(r => r.RunId));
                token = page.ContinuationToken;
                pages++;
            }
            while (token is not null);

            Assert.Equal(3, pages);
            Assert.Equal(Enumerable.Reverse(started), seen);
        }

        [Fact]
        public async Task Runs_filter_by_flow_and_status_and_dead_letters_are_the_failed_runs()
        {
            await Journal.RegisterFlowVersionAsync(new FlowVersionRecord("refunds", 1, "h"));
            var ok = await StartAsync();
            await Journal.SetStatusAsync(ok, FlowStatus.Completed);
            var dead = await StartAsync();
            await Journal.SetStatusAsync(dead, FlowStatus.Failed, new RunOutcome(Error: new RunError("charge", "card declined")));
            var deadRefund = await StartAsync(flow: "refunds");
            await Journal.SetStatusAsync(deadRefund, FlowStatus.Failed, new RunOutcome(Error: new RunError(null, "step budget exceeded")));
            var pending = await StartAsync(flow: "refunds");

            Assert.Equal(new[] { deadRefund, dead }, (await Journal.ListRunsAsync(RunQuery.DeadLetters())).Runs.Select(r => r.RunId));
            Assert.Equal(new[] { dead }, (await Journal.ListRunsAsync(RunQuery.DeadLetters(Flow))).Runs.Select(r => r.RunId));
            Assert.Equal("card declined", (await Journal.ListRunsAsync(RunQuery.DeadLetters(Flow))).Runs[0].Error!.Message);
            Assert.Equal(new[] { pending, deadRefund }, (await Journal.ListRunsAsync(new RunQuery { FlowId = "refunds" })).Runs.Select(r => r.RunId));
            Assert.Equal(new[] { pending }, (await Journal.ListRunsAsync(new RunQuery { Status = FlowStatus.Pending })).Runs.Select(r => r.RunId));
        }

        [Fact]
        public async Task Each_flow_counts_its_runs_and_remembers_the_last_start()
        {
            await Journal.RegisterFlowVersionAsync(new FlowVersionRecord("refunds", 1, "h"));
            await Journal.RegisterFlowVersionAsync(new FlowVersionRecord("idle", 1, "h"));
            await StartAsync();
            Clock.Advance(TimeSpan.FromMinutes(1));
            await StartAsync();
            await StartAsync(flow: "refunds");

            Assert.Equal(
                new[]
                {
                    new FlowStats("idle", 0, null),
                    new FlowStats(Flow, 2, Clock.GetUtcNow()),
                    new FlowStats("refunds", 1, Clock.GetUtcNow()),
                },
                await Journal.ListFlowsAsync());
        }

        [Fact]
        public async Task A_version_registers_once_and_a_changed_hash_is_reported()
        {
            Clock.Advance(TimeSpan.FromDays(1));
            Assert.Equal(FlowVersionChange.Added, await Journal.RegisterFlowVersionAsync(new FlowVersionRecord(Flow, 2, "hash-2", "v2", JournalMode.Checkpoint)));
            Assert.Equal(FlowVersionChange.Unchanged, await Journal.RegisterFlowVersionAsync(new FlowVersionRecord(Flow, 1, "hash-1", "Order processing")));
            Assert.Equal(FlowVersionChange.HashChanged, await Journal.RegisterFlowVersionAsync(new FlowVersionRecord(Flow, 1, "hash-1b", "Order processing")));

            var versions = await Journal.ListFlowVersionsAsync(Flow);

            Assert.Equal(new[] { (1, "hash-1b"), (2, "hash-2") }, versions.Select(v => (v.Version, v.Hash)));
            Assert.Equal((JournalMode.Checkpoint, "v2", Clock.GetUtcNow()), (versions[1].Journal, versions[1].Description, versions[1].RegisteredAt));
            Assert.Empty(await Journal.ListFlowVersionsAsync("unknown"));
        }

        [Fact]
        public async Task A_token_from_elsewhere_is_refused()
        {
            await Assert.ThrowsAsync<ArgumentException>(() => Journal.ListRunsAsync(new RunQuery { ContinuationToken = "page-2" }));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Journal.ListRunsAsync(new RunQuery { Limit = 0 }));
        }
    }
}
