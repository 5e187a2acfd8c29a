using System;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>
    /// Kill switches, throttle windows and concurrency admission as every journal keeps them (docs/safeguards.md): each
    /// decided inside the write that needs it, so every host on the journal obeys one state.
    /// </summary>
    public abstract class SafeguardContract<TBackend> : JournalTest<TBackend>
        where TBackend : IJournalBackend, new()
    {
        private const string Other = "invoices";

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await Journal.RegisterFlowVersionAsync(new FlowVersionRecord(Flow, 2, "hash-2", "Order processing v2"));
            await Journal.RegisterFlowVersionAsync(new FlowVersionRecord(Other, 1, "hash-i", "Invoices"));
        }

        [Fact]
        public async Task A_start_under_a_kill_switch_is_refused_and_recorded_with_its_payload_and_a_retry_starts_it_after_the_lift()
        {
            Assert.True((await Journal.EngageKillSwitchAsync(Kill(KillScope.Flow(Flow), KillMode.Pause, "bad deploy"))).Changed);

            var start = await Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, Payload = """{"order":7}"""u8.ToArray(), LeaseOwner = Owner });

            Assert.True(start.Created);
            Assert.Equal(0, start.OutboxItemId);
            Assert.Equal(RunRefusals.KillSwitch, start.Refusal!.ExceptionType);
            Assert.Contains("bad deploy", start.Refusal.Message, StringComparison.Ordinal);
            var run = (await Journal.GetRunAsync(start.RunId))!;
            Assert.Equal(FlowStatus.Failed, run.Run.Status);
            Assert.Equal(start.Refusal, run.Run.Error);
            Assert.Equal("""{"order":7}""", System.Text.Encoding.UTF8.GetString(run.Payload.Span));
            Assert.Empty(await Journal.ClaimOutboxAsync("worker-b", 10, Lease));
            Assert.Equal(start.RunId, (await Journal.ListRunsAsync(RunQuery.DeadLetters())).Runs.Single().RunId);

            // Another flow is not covered; after the lift the refused run is a dead letter an operator retries.
            Assert.Null((await Journal.StartRunAsync(new NewRun { FlowId = Other, FlowVersion = 1, Payload = "{}"u8.ToArray() })).Refusal);
            Assert.True((await Journal.LiftKillSwitchAsync(KillScope.Flow(Flow))).Changed);
            Assert.Null((await StartRefusalAsync(Flow, 1)));
            await Journal.RetryRunAsync(start.RunId);
            Assert.Contains(await Journal.ClaimOutboxAsync("worker-b", 10, Lease), i => i.RunId == start.RunId && i.Kind == OutboxKind.Start);
        }

        [Fact]
        public async Task The_global_switch_covers_every_flow_and_a_version_switch_only_its_version()
        {
            await Journal.EngageKillSwitchAsync(Kill(KillScope.FlowVersion(Flow, 2), KillMode.Cancel, "v2 is broken"));
            Assert.Null(await StartRefusalAsync(Flow, 1));
            Assert.Contains("v2 is broken", (await StartRefusalAsync(Flow, 2))!.Message, StringComparison.Ordinal);
            Assert.Null(await StartRefusalAsync(Other, 1));

            await Journal.EngageKillSwitchAsync(Kill(KillScope.Global, KillMode.Pause, "incident 42"));
            Assert.Contains("incident 42", (await StartRefusalAsync(Other, 1))!.Message, StringComparison.Ordinal);
            Assert.NotNull(await StartRefusalAsync(Flow, 1));

            var switches = await Journal.ListKillSwitchesAsync();
            Assert.Equal(["*", "orders@2"], switches.Select(s => s.Scope.Key).Order(StringComparer.Ordinal));
            var global = switches.Single(s => s.Scope.FlowId is null);
            Assert.Equal((KillMode.Pause, "incident 42", "ops@example.com"), (global.Mode, global.Reason, global.By));

            Assert.False((await Journal.LiftKillSwitchAsync(KillScope.Flow(Other))).Changed); // never engaged
            await Journal.LiftKillSwitchAsync(KillScope.Global);
            await Journal.LiftKillSwitchAsync(KillScope.FlowVersion(Flow, 2));
            Assert.Empty(await Journal.ListKillSwitchesAsync());
            Assert.Null(await StartRefusalAsync(Flow, 2));
        }

        [Fact]
        public async Task Pause_mode_pauses_what_no_one_holds_asks_the_held_run_and_the_lift_resumes_only_those()
        {
            // Pending and other-flow runs last: a test's leased start claims whatever is claimable.
            var waiting = await WaitingAsync(Wait.ForEvent("paid"));
            var (held, heldItem) = await StartLeasedAsync("worker-h", Lease);
            var pausedBefore = await WaitingAsync(Wait.ForEvent("shipped"));
            await Journal.PauseRunAsync(pausedBefore);
            var pending = await StartAsync();
            var otherFlow = await StartAsync(flow: Other);

            var engaged = await Journal.EngageKillSwitchAsync(Kill(KillScope.Flow(Flow), KillMode.Pause, "maintenance"));

            Assert.Equal(3, engaged.Runs); // waiting, held, pending: the one paused already is not the switch's
            Assert.Equal(FlowStatus.Paused, await StatusAsync(waiting));
            Assert.Equal(FlowStatus.Pending, await StatusAsync(pending)); // asked to pause before it started: it does not start
            var claimed = await Journal.ClaimOutboxAsync("worker-b", 10, Lease);
            Assert.DoesNotContain(claimed, i => i.RunId == pending);
            Assert.Contains(claimed, i => i.RunId == otherFlow);
            Assert.Equal(RunControl.Pause, (await Journal.SaveCheckpointAsync(new RunCheckpoint(heldItem, "worker-h", Lease, Checkpoint(held), []))).Requested);
            Assert.True(await Journal.EndLegAsync(new RunLegEnd { OutboxItemId = heldItem, Owner = "worker-h", RunId = held, Status = FlowStatus.Paused, Snapshot = Checkpoint(held) }));

            var lifted = await Journal.LiftKillSwitchAsync(KillScope.Flow(Flow));

            Assert.Equal(3, lifted.Runs);
            Assert.Equal(FlowStatus.Waiting, await StatusAsync(waiting));
            Assert.Equal(FlowStatus.Paused, await StatusAsync(pausedBefore)); // an operator's pause stays
            Assert.Equal(FlowStatus.Running, await StatusAsync(held));
            var items = await Journal.ClaimOutboxAsync("worker-b", 10, Lease);
            Assert.Contains(items, i => i.RunId == pending && i.Kind == OutboxKind.Start);
            Assert.Contains(items, i => i.RunId == held && i.Kind == OutboxKind.Continue);
            Assert.Null(await RunControlAsync(pending));
        }

        [Fact]
        public async Task Cancel_mode_cancels_at_once_what_no_one_holds_and_asks_the_held_run()
        {
            var waiting = await WaitingAsync(Wait.ForEvent("paid"));
            var (held, heldItem) = await StartLeasedAsync("worker-h", Lease);
            var pending = await StartAsync();

            var engaged = await Journal.EngageKillSwitchAsync(Kill(KillScope.Global, KillMode.Cancel, "runaway"));

            Assert.Equal(3, engaged.Runs);
            var cancelled = (await Journal.GetRunAsync(waiting))!.Run;
            Assert.Equal(FlowStatus.Cancelled, cancelled.Status);
            Assert.Contains("runaway", cancelled.Message, StringComparison.Ordinal);
            Assert.Equal(FlowStatus.Cancelled, await StatusAsync(pending));
            Assert.Equal(RunControl.Cancel, (await Journal.SaveCheckpointAsync(new RunCheckpoint(heldItem, "worker-h", Lease, Checkpoint(held), []))).Requested);
            Assert.Equal(0, (await Journal.LiftKillSwitchAsync(KillScope.Global)).Runs); // cancelled runs stay cancelled
        }

        [Fact]
        public async Task Lifting_one_switch_leaves_paused_the_runs_another_pause_switch_still_covers()
        {
            var waiting = await WaitingAsync(Wait.ForEvent("paid"));
            await Journal.EngageKillSwitchAsync(Kill(KillScope.Flow(Flow), KillMode.Pause, "flow"));
            await Journal.EngageKillSwitchAsync(Kill(KillScope.Global, KillMode.Pause, "everything"));

            Assert.Equal(0, (await Journal.LiftKillSwitchAsync(KillScope.Flow(Flow))).Runs);
            Assert.Equal(FlowStatus.Paused, await StatusAsync(waiting));
            Assert.Equal(1, (await Journal.LiftKillSwitchAsync(KillScope.Global)).Runs);
            Assert.Equal(FlowStatus.Waiting, await StatusAsync(waiting));
        }

        [Fact]
        public async Task Kill_switches_survive_a_reopen()
        {
            await Journal.EngageKillSwitchAsync(Kill(KillScope.FlowVersion(Flow, 1), KillMode.Cancel, "persisted"));
            await ReopenAsync();

            var kill = Assert.Single(await Journal.ListKillSwitchesAsync());
            Assert.Equal((KillScope.FlowVersion(Flow, 1), KillMode.Cancel, "persisted"), (kill.Scope, kill.Mode, kill.Reason));
            Assert.NotNull(await StartRefusalAsync(Flow, 1));
        }

        [Fact]
        public async Task A_queueing_throttle_lets_the_limit_through_then_holds_each_later_start_for_the_next_window_with_room_in_order()
        {
            var slot = new ThrottleSlot("flow:" + Flow, 2, TimeSpan.FromMinutes(1), Refuse: false);
            Clock.Set(new DateTimeOffset(2026, 12, 6, 12, 0, 30, TimeSpan.Zero)); // half way through a window

            var starts = new RunStart[5];
            for (var i = 0; i < starts.Length; i++)
            {
                starts[i] = await Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, Payload = "{}"u8.ToArray(), LeaseOwner = Owner, Lease = TimeSpan.FromHours(1), Throttles = [slot] });
            }

            Assert.All(starts, s => Assert.Null(s.Refusal));
            Assert.Equal([null, null], starts.Take(2).Select(s => s.QueuedUntil));
            var nextMinute = new DateTimeOffset(2026, 12, 6, 12, 1, 0, TimeSpan.Zero);
            Assert.Equal([nextMinute, nextMinute, nextMinute.AddMinutes(1)], starts.Skip(2).Select(s => s.QueuedUntil));
            Assert.Equal(FlowStatus.Running, await StatusAsync(starts[0].RunId)); // leased at once
            Assert.Equal(FlowStatus.Pending, await StatusAsync(starts[2].RunId)); // not leased: it waits

            Assert.Empty(await Journal.ClaimOutboxAsync("worker-b", 10, Lease));
            Clock.Set(nextMinute);
            var due = await Journal.ClaimOutboxAsync("worker-b", 10, Lease);
            Assert.Equal([starts[2].RunId, starts[3].RunId], due.Select(i => i.RunId));
            foreach (var item in due)
            {
                Assert.True(await Journal.CompleteOutboxAsync(item.Id, "worker-b"));
            }

            Clock.Set(nextMinute.AddMinutes(1));
            Assert.Equal([starts[4].RunId], (await Journal.ClaimOutboxAsync("worker-b", 10, Lease)).Select(i => i.RunId));

            // A start in the third window finds it full (the queued one took a place) and goes to the fourth.
            var late = await Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, Payload = "{}"u8.ToArray(), Throttles = [slot] });
            Assert.Null(late.QueuedUntil);
            var later = await Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, Payload = "{}"u8.ToArray(), Throttles = [slot] });
            Assert.Equal(nextMinute.AddMinutes(2), later.QueuedUntil);
        }

        [Fact]
        public async Task A_refusing_throttle_refuses_the_excess_records_it_and_counts_nothing_for_it()
        {
            var refusing = new ThrottleSlot("trigger:" + Flow, 1, TimeSpan.FromHours(1), Refuse: true);
            var queueing = new ThrottleSlot("flow:" + Flow, 10, TimeSpan.FromHours(1), Refuse: false);

            var first = await Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, Payload = "{}"u8.ToArray(), Throttles = [queueing, refusing] });
            var second = await Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, Payload = "{}"u8.ToArray(), Throttles = [queueing, refusing] });

            Assert.Null(first.Refusal);
            Assert.Equal(RunRefusals.Throttle, second.Refusal!.ExceptionType);
            Assert.Contains("at most 1 start(s) per 01:00:00", second.Refusal.Message, StringComparison.Ordinal);
            Assert.Equal(FlowStatus.Failed, await StatusAsync(second.RunId));

            // The refused start took no place in the queueing throttle: nine more fit in this hour.
            for (var i = 0; i < 9; i++)
            {
                Assert.Null((await Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, Payload = "{}"u8.ToArray(), Throttles = [queueing] })).QueuedUntil);
            }

            Assert.NotNull((await Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, Payload = "{}"u8.ToArray(), Throttles = [queueing] })).QueuedUntil);
        }

        [Fact]
        public async Task A_refusal_the_caller_gives_is_recorded_and_wins_over_an_idempotency_key_only_the_first_time()
        {
            var refusal = new RunError(null, "Refused: the causation chain a -> b -> a revisits flow 'a'.", RunRefusals.Loop);

            var start = await Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, Payload = "{}"u8.ToArray(), IdempotencyKey = "k", Refusal = refusal });
            var again = await Journal.StartRunAsync(new NewRun { FlowId = Flow, FlowVersion = 1, Payload = "{}"u8.ToArray(), IdempotencyKey = "k" });

            Assert.Equal(refusal, start.Refusal);
            Assert.Equal((start.RunId, false), (again.RunId, again.Created));
            Assert.Equal(refusal, (await Journal.GetRunAsync(start.RunId))!.Run.Error);
        }

        [Fact]
        public async Task Admission_caps_the_items_of_a_flow_held_at_once_until_one_is_done_or_its_lease_runs_out()
        {
            var items = new long[3];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = (await StartLeasedAsync("worker-" + i, Lease)).ItemId;
            }

            Assert.True(await Journal.AdmitAsync(items[0], "worker-0", Flow, 2));
            Assert.True(await Journal.AdmitAsync(items[0], "worker-0", Flow, 2)); // admitted already
            Assert.True(await Journal.AdmitAsync(items[1], "worker-1", Flow, 2));
            Assert.False(await Journal.AdmitAsync(items[2], "worker-2", Flow, 2));
            Assert.False(await Journal.AdmitAsync(items[2], "worker-x", Flow, 5)); // not the holder

            Assert.True(await Journal.CompleteOutboxAsync(items[0], "worker-0"));
            Assert.True(await Journal.AdmitAsync(items[2], "worker-2", Flow, 2));

            // A worker that died holding an admitted item frees its place when the lease runs out.
            var (_, fourth) = await StartLeasedAsync("worker-3", Lease);
            Assert.False(await Journal.AdmitAsync(fourth, "worker-3", Flow, 2));
            Clock.Advance(Lease + TimeSpan.FromSeconds(1));
            Assert.True(await Journal.RenewLeaseAsync(fourth, "worker-3", Lease));
            Assert.True(await Journal.AdmitAsync(fourth, "worker-3", Flow, 2));
        }

        private async Task<RunError?> StartRefusalAsync(string flow, int version)
            => (await Journal.StartRunAsync(new NewRun { FlowId = flow, FlowVersion = version, Payload = "{}"u8.ToArray() })).Refusal;

        private KillSwitch Kill(KillScope scope, KillMode mode, string reason) => new(scope, mode, reason, "ops@example.com", Clock.GetUtcNow());

        private async Task<Guid> WaitingAsync(WaitSpec wait)
        {
            var (runId, itemId) = await StartLeasedAsync("starter", Lease);
            Assert.True(await Journal.EndLegAsync(new RunLegEnd { OutboxItemId = itemId, Owner = "starter", RunId = runId, Status = FlowStatus.Waiting, Snapshot = Snapshot(runId, wait) }));
            return runId;
        }
    }
}
