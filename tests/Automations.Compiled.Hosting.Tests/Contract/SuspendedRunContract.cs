using System;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>SPEC §2.9–§2.11 on disk: a suspended run is its snapshot row, found again by its timer or its event.</summary>
    public abstract class SuspendedRunContract<TBackend> : JournalTest<TBackend>
        where TBackend : IJournalBackend, new()
    {
        [Fact]
        public async Task A_snapshot_comes_back_byte_for_byte_and_the_run_is_waiting()
        {
            var runId = await StartAsync();
            await Journal.SetStatusAsync(runId, FlowStatus.Running);
            var state = """{"$pc":7,"$steps":3,"reservation":"A-1x2","amount":12.5}""";
            var due = Clock.GetUtcNow().AddHours(1);

            await Journal.SaveSuspendedAsync(Snapshot(runId, Wait.Until(due), state, stepId: "cool-off"));

            var loaded = (await Journal.GetSnapshotAsync(runId))!;
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(state), loaded.State);
            Assert.Equal((Flow, 1, runId, "4bf92f3577b34da6a3ce929d0e0e4736", "cool-off"), (loaded.FlowId, loaded.FlowVersion, loaded.RunId, loaded.TraceId, loaded.StepId));
            Assert.Equal(WaitKind.Timer, loaded.Wait.Kind);
            Assert.Equal(due, loaded.Wait.Until);
            Assert.Equal(FlowStatus.Waiting, await StatusAsync(runId));
        }

        [Fact]
        public async Task An_approval_keeps_its_roles_and_a_subflow_wait_keeps_the_child_snapshot()
        {
            var approval = await StartAsync();
            var timeout = Clock.GetUtcNow().AddDays(2);
            await Journal.SaveSuspendedAsync(Snapshot(approval, WaitSpec.Restore(WaitKind.Approval, timeout, null, ["manager", "finance"], null)));
            var parent = await StartAsync();
            var grandchild = new FlowSnapshot("kyc", 4, Guid.NewGuid(), "0af7651916cd43dd8448eb211c80319c", "await-docs", Wait.ForEvent("docs-uploaded"), [9, 8, 7]);
            var child = new FlowSnapshot("kyc-parent", 2, Guid.NewGuid(), "0af7651916cd43dd8448eb211c80319c", "call-kyc", WaitSpec.Restore(WaitKind.Subflow, null, null, null, grandchild), [1, 2]);
            await Journal.SaveSuspendedAsync(Snapshot(parent, WaitSpec.Restore(WaitKind.Subflow, null, null, null, child)));

            var decision = (await Journal.GetSnapshotAsync(approval))!.Wait;
            Assert.Equal(WaitKind.Approval, decision.Kind);
            Assert.Equal(new[] { "manager", "finance" }, decision.Roles);
            Assert.Equal(timeout, decision.Until);
            var loaded = (await Journal.GetSnapshotAsync(parent))!.Wait.ChildSnapshot!;
            Assert.Equal((child.FlowId, child.FlowVersion, child.RunId, child.StepId), (loaded.FlowId, loaded.FlowVersion, loaded.RunId, loaded.StepId));
            Assert.Equal(child.State, loaded.State);
            var inner = loaded.Wait.ChildSnapshot!;
            Assert.Equal(("kyc", "docs-uploaded"), (inner.FlowId, inner.Wait.EventName));
            Assert.Equal(new byte[] { 9, 8, 7 }, inner.State);
        }

        [Fact]
        public async Task Due_timers_come_earliest_first_and_only_for_waiting_runs()
        {
            var now = Clock.GetUtcNow();
            var in3 = await SuspendAsync(Wait.Until(now.AddMinutes(3)));
            var in1 = await SuspendAsync(Wait.Until(now.AddMinutes(1)));
            var in2 = await SuspendAsync(WaitSpec.Restore(WaitKind.Event, now.AddMinutes(2), "paid", null, null)); // an event's timeout is a timer too
            await SuspendAsync(Wait.ForEvent("paid")); // no timeout: never due
            var resumed = await SuspendAsync(Wait.Until(now.AddSeconds(30)));
            await Journal.SetStatusAsync(resumed, FlowStatus.Running);

            Assert.Empty(await Journal.GetDueTimersAsync(now, 10));
            Assert.Equal(new[] { in1, in2 }, (await Journal.GetDueTimersAsync(now.AddMinutes(2), 10)).Select(t => t.RunId));
            Assert.Equal(new[] { in1, in2 }, (await Journal.GetDueTimersAsync(now.AddHours(1), 2)).Select(t => t.RunId));
            var all = await Journal.GetDueTimersAsync(now.AddHours(1), 10);
            Assert.Equal(new[] { in1, in2, in3 }, all.Select(t => t.RunId));
            Assert.Equal(new WaitingRun(in2, Flow, 1, "wait", WaitKind.Event, now.AddMinutes(2), "paid"), all[1]);
        }

        [Fact]
        public async Task Event_waiters_are_found_by_name_longest_waiting_first()
        {
            var first = await SuspendAsync(Wait.ForEvent("payment-received"));
            Clock.Advance(TimeSpan.FromSeconds(1));
            await SuspendAsync(Wait.ForEvent("refund-requested"));
            var second = await SuspendAsync(Wait.ForEvent("payment-received"));

            var waiters = await Journal.GetEventWaitersAsync("payment-received", 10);

            Assert.Equal(new[] { first, second }, waiters.Select(w => w.RunId));
            Assert.All(waiters, w => Assert.Equal((WaitKind.Event, "payment-received", (DateTimeOffset?)null), (w.Kind, w.EventName, w.DueAt)));
            Assert.Empty(await Journal.GetEventWaitersAsync("nobody-waits", 10));
        }

        [Fact]
        public async Task Suspending_again_replaces_the_snapshot()
        {
            var runId = await SuspendAsync(Wait.ForEvent("first"));

            await Journal.SaveSuspendedAsync(Snapshot(runId, Wait.Until(Clock.GetUtcNow()), """{"$pc":9}""", stepId: "second"));

            var loaded = (await Journal.GetSnapshotAsync(runId))!;
            Assert.Equal(("second", """{"$pc":9}"""), (loaded.StepId, System.Text.Encoding.UTF8.GetString(loaded.State)));
            Assert.Empty(await Journal.GetEventWaitersAsync("first", 10));
            Assert.Single(await Journal.GetDueTimersAsync(Clock.GetUtcNow(), 10));
        }

        private async Task<Guid> SuspendAsync(WaitSpec wait)
        {
            var runId = await StartAsync();
            await Journal.SaveSuspendedAsync(Snapshot(runId, wait));
            return runId;
        }
    }
}
