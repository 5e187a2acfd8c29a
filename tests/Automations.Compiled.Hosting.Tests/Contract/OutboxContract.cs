using System;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>SPEC §5 outbox: a worker leases the intent to run; a crashed worker's lease runs out and another takes over.</summary>
    public abstract class OutboxContract<TBackend> : JournalTest<TBackend>
        where TBackend : IJournalBackend, new()
    {
        [Fact]
        public async Task Claims_lease_items_oldest_first_to_one_owner_at_a_time()
        {
            var runs = new[] { await StartAsync(), await StartAsync(), await StartAsync() };

            var a = await Journal.ClaimOutboxAsync("worker-a", 2, Lease);
            var b = await Journal.ClaimOutboxAsync("worker-b", 10, Lease);

            Assert.Equal(runs[..2], a.Select(i => i.RunId));
            Assert.Equal(runs[2], Assert.Single(b).RunId);
            Assert.Empty(await Journal.ClaimOutboxAsync("worker-b", 10, Lease));
            Assert.All(a.Concat(b), i => Assert.Equal((1, Clock.GetUtcNow() + Lease), (i.Attempts, i.LeaseUntil)));
        }

        [Fact]
        public async Task A_lease_that_runs_out_lets_another_owner_claim_and_the_first_cannot_complete()
        {
            var runId = await StartAsync();
            var first = Assert.Single(await Journal.ClaimOutboxAsync("worker-a", 1, Lease));
            Clock.Advance(Lease - TimeSpan.FromSeconds(1));
            Assert.Empty(await Journal.ClaimOutboxAsync("worker-b", 1, Lease));

            Clock.Advance(TimeSpan.FromSeconds(1)); // worker-a crashed: nobody renewed
            var taken = Assert.Single(await Journal.ClaimOutboxAsync("worker-b", 1, Lease));

            Assert.Equal((first.Id, runId, 2), (taken.Id, taken.RunId, taken.Attempts));
            Assert.False(await Journal.CompleteOutboxAsync(first.Id, "worker-a"));
            Assert.False(await Journal.RenewLeaseAsync(first.Id, "worker-a", Lease));
            Assert.True(await Journal.CompleteOutboxAsync(taken.Id, "worker-b"));
            Clock.Advance(TimeSpan.FromHours(1));
            Assert.Empty(await Journal.ClaimOutboxAsync("worker-c", 10, Lease));
        }

        [Fact]
        public async Task Renewing_a_lease_keeps_the_item()
        {
            await StartAsync();
            var item = Assert.Single(await Journal.ClaimOutboxAsync("worker-a", 1, Lease));
            Clock.Advance(TimeSpan.FromSeconds(20));

            Assert.True(await Journal.RenewLeaseAsync(item.Id, "worker-a", Lease));
            Clock.Advance(TimeSpan.FromSeconds(20));
            Assert.Empty(await Journal.ClaimOutboxAsync("worker-b", 1, Lease));
            Clock.Advance(TimeSpan.FromSeconds(10));
            Assert.Single(await Journal.ClaimOutboxAsync("worker-b", 1, Lease));
        }

        [Fact]
        public async Task An_enqueued_item_is_claimable_from_its_time_on_with_its_payload()
        {
            var runId = await StartAsync();
            Assert.True(await Journal.CompleteOutboxAsync(Assert.Single(await Journal.ClaimOutboxAsync("w", 1, Lease)).Id, "w"));

            var id = await Journal.EnqueueAsync(new OutboxEntry(runId, OutboxKind.Resume, "signal"u8.ToArray(), Clock.GetUtcNow().AddMinutes(1)));

            Assert.Empty(await Journal.ClaimOutboxAsync("w", 1, Lease));
            Clock.Advance(TimeSpan.FromMinutes(1));
            var item = Assert.Single(await Journal.ClaimOutboxAsync("w", 1, Lease));
            Assert.Equal((id, runId, OutboxKind.Resume), (item.Id, item.RunId, item.Kind));
            Assert.Equal("signal"u8.ToArray(), item.Payload.ToArray());
        }

        [Fact]
        public async Task A_run_is_held_by_one_worker_at_a_time_and_its_items_come_in_queue_order()
        {
            var runId = await StartAsync();
            var resume = await Journal.EnqueueAsync(new OutboxEntry(runId, OutboxKind.Resume, "r"u8.ToArray()));
            var other = await StartAsync();

            var first = await Journal.ClaimOutboxAsync("worker-a", 10, Lease);
            Assert.Equal(new[] { (runId, OutboxKind.Start), (other, OutboxKind.Start) }, first.Select(i => (i.RunId, i.Kind)));
            Assert.Empty(await Journal.ClaimOutboxAsync("worker-b", 10, Lease));

            Assert.True(await Journal.CompleteOutboxAsync(first[0].Id, "worker-a"));
            var next = Assert.Single(await Journal.ClaimOutboxAsync("worker-b", 10, Lease));
            Assert.Equal((resume, runId), (next.Id, next.RunId));
        }

        [Fact]
        public async Task A_run_whose_worker_died_is_taken_over_by_one_worker_with_its_oldest_item_first()
        {
            var runId = await StartAsync();
            var held = Assert.Single(await Journal.ClaimOutboxAsync("worker-a", 10, Lease));
            await Journal.EnqueueAsync(new OutboxEntry(runId, OutboxKind.Resume));
            Clock.Advance(Lease);

            var taken = Assert.Single(await Journal.ClaimOutboxAsync("worker-b", 10, Lease));

            Assert.Equal((held.Id, 2), (taken.Id, taken.Attempts));
            Assert.Empty(await Journal.ClaimOutboxAsync("worker-c", 10, Lease));
        }

        [Fact]
        public async Task Many_workers_claiming_at_once_never_share_a_run()
        {
            var runs = new Guid[10];
            for (var i = 0; i < runs.Length; i++)
            {
                runs[i] = await StartAsync();
                await Journal.EnqueueAsync(new OutboxEntry(runs[i], OutboxKind.Resume));
                await Journal.EnqueueAsync(new OutboxEntry(runs[i], OutboxKind.Resume));
            }

            var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(() => Journal.ClaimOutboxAsync($"worker-{w}", 5, Lease))));

            var items = claims.SelectMany(c => c).ToList();
            Assert.Equal(runs.Length, items.Count);
            Assert.Equal(runs.Order(), items.Select(i => i.RunId).Order());
            Assert.All(items, i => Assert.Equal(OutboxKind.Start, i.Kind));
        }

        [Fact]
        public async Task Items_of_paused_and_ended_runs_are_not_claimed()
        {
            var paused = await StartAsync();
            await Journal.SetStatusAsync(paused, FlowStatus.Running);
            await Journal.SetStatusAsync(paused, FlowStatus.Paused);
            var ended = await StartAsync();
            await Journal.SetStatusAsync(ended, FlowStatus.Completed);

            Assert.Empty(await Journal.ClaimOutboxAsync("worker-a", 10, Lease));

            await Journal.SetStatusAsync(paused, FlowStatus.Running);
            Assert.Equal(paused, Assert.Single(await Journal.ClaimOutboxAsync("worker-a", 10, Lease)).RunId);
        }

        [Fact]
        public async Task Enqueuing_for_a_run_that_does_not_exist_is_refused()
        {
            var error = await Assert.ThrowsAsync<JournalException>(() => Journal.EnqueueAsync(new OutboxEntry(Guid.NewGuid(), OutboxKind.Resume)));

            Assert.Contains("does not exist", error.Message);
        }
    }
}
