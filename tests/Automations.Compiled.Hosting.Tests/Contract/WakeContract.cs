using System;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>Due timers, events and signals to one run become outbox items exactly once, in the same commit that disarms the wait.</summary>
    public abstract class WakeContract<TBackend> : JournalTest<TBackend>
        where TBackend : IJournalBackend, new()
    {
        [Fact]
        public async Task Due_timers_are_queued_once_earliest_first_up_to_max()
        {
            var now = Clock.GetUtcNow();
            var in2 = await SuspendAsync(Wait.Until(now.AddMinutes(2)));
            var in1 = await SuspendAsync(Wait.Until(now.AddMinutes(1)));
            var timeout = await SuspendAsync(WaitSpec.Restore(WaitKind.Event, now.AddMinutes(3), "paid", null, null));
            await SuspendAsync(Wait.Until(now.AddHours(1)));

            Assert.Equal(0, await Journal.EnqueueDueTimersAsync(now, 10));
            Assert.Equal(1, await Journal.EnqueueDueTimersAsync(now.AddMinutes(5), 1));
            Assert.Equal(2, await Journal.EnqueueDueTimersAsync(now.AddMinutes(5), 10));
            Assert.Equal(0, await Journal.EnqueueDueTimersAsync(now.AddMinutes(5), 10));

            var items = await Journal.ClaimOutboxAsync("worker", 10, Lease);
            Assert.Equal(new[] { in1, in2, timeout }, items.Select(i => i.RunId));
            Assert.All(items, i => Assert.Equal((OutboxKind.Timer, 0), (i.Kind, i.Payload.Length)));
            Assert.Empty(await Journal.GetDueTimersAsync(now.AddMinutes(5), 10));

            // The fired timeout disarmed the event wait as well: the event comes too late.
            Assert.Empty(await Journal.DeliverEventAsync("paid", "{}"u8.ToArray(), 10));
            Assert.Equal(FlowStatus.Waiting, await StatusAsync(in1)); // a worker moves it on when it takes the item
        }

        [Fact]
        public async Task Timers_enqueued_from_many_callers_at_once_are_queued_once_each()
        {
            var due = Clock.GetUtcNow().AddSeconds(1);
            var runs = new Guid[20];
            for (var i = 0; i < runs.Length; i++)
            {
                runs[i] = await SuspendAsync(Wait.Until(due));
            }

            var counts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Journal.EnqueueDueTimersAsync(due, 7))));

            Assert.Equal(runs.Length, counts.Sum());
            var items = await Journal.ClaimOutboxAsync("worker", 100, Lease);
            Assert.Equal(runs.Order(), items.Select(i => i.RunId).Order());
        }

        [Fact]
        public async Task A_paused_runs_timer_holds_until_it_is_resumed()
        {
            var due = Clock.GetUtcNow().AddMinutes(1);
            var runId = await SuspendAsync(Wait.Until(due));
            Assert.Equal(FlowStatus.Paused, await Journal.PauseRunAsync(runId));

            Assert.Equal(0, await Journal.EnqueueDueTimersAsync(due.AddHours(1), 10));

            Assert.Equal(FlowStatus.Waiting, await Journal.ResumeRunAsync(runId));
            Assert.Equal(1, await Journal.EnqueueDueTimersAsync(due.AddHours(1), 10));
        }

        [Fact]
        public async Task An_event_reaches_each_waiter_once_longest_waiting_first_with_its_payload()
        {
            var first = await SuspendAsync(Wait.ForEvent("paid"));
            Clock.Advance(TimeSpan.FromSeconds(1));
            var paused = await SuspendAsync(Wait.ForEvent("paid"));
            await Journal.PauseRunAsync(paused);
            Clock.Advance(TimeSpan.FromSeconds(1));
            var third = await SuspendAsync(WaitSpec.Restore(WaitKind.Event, Clock.GetUtcNow().AddMinutes(1), "paid", null, null));
            var other = await SuspendAsync(Wait.ForEvent("refunded"));

            Assert.Equal(new[] { first, paused }, await Journal.DeliverEventAsync("paid", """{"amount":12}"""u8.ToArray(), 2));
            Assert.Equal(new[] { third }, await Journal.DeliverEventAsync("paid", """{"amount":13}"""u8.ToArray(), 10));
            Assert.Empty(await Journal.DeliverEventAsync("paid", """{"amount":14}"""u8.ToArray(), 10));

            // The paused run's item waits for its resume; the delivered event also disarmed the third's timeout.
            var items = await Journal.ClaimOutboxAsync("worker", 10, Lease);
            Assert.Equal(new[] { first, third }, items.Select(i => i.RunId));
            Assert.All(items, i => Assert.Equal(OutboxKind.Resume, i.Kind));
            Assert.Equal("""{"amount":12}""", System.Text.Encoding.UTF8.GetString(items[0].Payload.Span));
            Assert.Equal(0, await Journal.EnqueueDueTimersAsync(Clock.GetUtcNow().AddHours(1), 10));
            Assert.Empty(await Journal.GetEventWaitersAsync("paid", 10));
            Assert.Single(await Journal.GetEventWaitersAsync("refunded", 10), w => w.RunId == other);

            Assert.Equal(FlowStatus.Waiting, await Journal.ResumeRunAsync(paused));
            var resumed = Assert.Single(await Journal.ClaimOutboxAsync("worker", 10, Lease));
            Assert.Equal((paused, """{"amount":12}"""), (resumed.RunId, System.Text.Encoding.UTF8.GetString(resumed.Payload.Span)));
        }

        [Fact]
        public async Task A_signal_reaches_a_run_waiting_for_it_once()
        {
            var approval = await SuspendAsync(WaitSpec.Restore(WaitKind.Approval, null, null, ["manager"], null));
            var timer = await SuspendAsync(Wait.Until(Clock.GetUtcNow().AddHours(1)));
            var decision = """{"approved":true,"by":"ana"}"""u8.ToArray();

            Assert.False(await Journal.DeliverToRunAsync(timer, WaitKind.Approval, decision));
            Assert.True(await Journal.DeliverToRunAsync(approval, WaitKind.Approval, decision));
            Assert.False(await Journal.DeliverToRunAsync(approval, WaitKind.Approval, decision));
            await Assert.ThrowsAsync<JournalException>(() => Journal.DeliverToRunAsync(Guid.NewGuid(), WaitKind.Approval, decision));

            var item = Assert.Single(await Journal.ClaimOutboxAsync("worker", 10, Lease));
            Assert.Equal((approval, OutboxKind.Resume), (item.RunId, item.Kind));
            Assert.Equal(decision, item.Payload.ToArray());

            // A new suspension is a new wait: it can be delivered to again.
            await Journal.SaveSuspendedAsync(Snapshot(approval, WaitSpec.Restore(WaitKind.Approval, null, null, ["finance"], null), stepId: "second-approval"));
            Assert.True(await Journal.DeliverToRunAsync(approval, WaitKind.Approval, decision));
        }

        [Fact]
        public async Task A_signal_to_a_paused_waiting_run_is_kept_for_its_resume_but_a_running_run_waits_for_nothing()
        {
            var paused = await SuspendAsync(WaitSpec.Restore(WaitKind.Approval, null, null, ["manager"], null));
            await Journal.PauseRunAsync(paused);
            var running = await StartAsync();
            await Journal.SetStatusAsync(running, FlowStatus.Running);

            Assert.True(await Journal.DeliverToRunAsync(paused, WaitKind.Approval, "{}"u8.ToArray()));
            Assert.False(await Journal.DeliverToRunAsync(running, WaitKind.None, "{}"u8.ToArray()));

            Assert.DoesNotContain(await Journal.ClaimOutboxAsync("worker", 10, Lease), i => i.RunId == paused);
        }

        private async Task<Guid> SuspendAsync(WaitSpec wait)
        {
            var runId = await StartAsync();
            Assert.True(await Journal.CompleteOutboxAsync(Assert.Single(await Journal.ClaimOutboxAsync("starter", 1, Lease)).Id, "starter"));
            await Journal.SaveSuspendedAsync(Snapshot(runId, wait));
            return runId;
        }
    }
}
