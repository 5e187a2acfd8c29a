using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>SPEC §5: the journal enforces Pending → Running → (Waiting | Paused) → Completed | Failed | Cancelled.</summary>
    public abstract class StatusTransitionContract<TBackend> : JournalTest<TBackend>
        where TBackend : IJournalBackend, new()
    {
        /// <summary>How a test run reaches each status.</summary>
        private static readonly Dictionary<FlowStatus, FlowStatus[]> PathTo = new()
        {
            [FlowStatus.Pending] = [],
            [FlowStatus.Running] = [FlowStatus.Running],
            [FlowStatus.Waiting] = [FlowStatus.Running, FlowStatus.Waiting],
            [FlowStatus.Paused] = [FlowStatus.Running, FlowStatus.Paused],
            [FlowStatus.Completed] = [FlowStatus.Running, FlowStatus.Completed],
            [FlowStatus.Failed] = [FlowStatus.Running, FlowStatus.Failed],
            [FlowStatus.Cancelled] = [FlowStatus.Cancelled],
        };

        public static TheoryData<FlowStatus, FlowStatus> EveryPair()
        {
            var pairs = new TheoryData<FlowStatus, FlowStatus>();
            foreach (var from in Enum.GetValues<FlowStatus>())
            {
                foreach (var to in Enum.GetValues<FlowStatus>())
                {
                    pairs.Add(from, to);
                }
            }

            return pairs;
        }

        [Theory]
        [MemberData(nameof(EveryPair))]
        public async Task Every_move_is_allowed_exactly_when_the_rules_say_so(FlowStatus from, FlowStatus to)
        {
            var runId = await StartAsync();
            foreach (var status in PathTo[from])
            {
                await MoveAsync(runId, status);
            }

            // The test run reached Paused from Running, so it may go back to Running but not to Waiting.
            var allowed = RunStatusRules.CanMove(from, to) && !(from == FlowStatus.Paused && to == FlowStatus.Waiting);
            if (allowed)
            {
                await MoveAsync(runId, to);
                Assert.Equal(to, await StatusAsync(runId));
            }
            else
            {
                var error = await Assert.ThrowsAsync<RunTransitionException>(() => MoveAsync(runId, to));
                Assert.Equal((runId, from, to), (error.RunId, error.From, error.To));
                Assert.Equal(from, await StatusAsync(runId));
            }
        }

        [Fact]
        public void The_rules_follow_the_spec()
        {
            Assert.True(RunStatusRules.CanMove(FlowStatus.Pending, FlowStatus.Running));
            Assert.True(RunStatusRules.CanMove(FlowStatus.Running, FlowStatus.Paused));
            Assert.True(RunStatusRules.CanMove(FlowStatus.Waiting, FlowStatus.Running));
            Assert.True(RunStatusRules.CanMove(FlowStatus.Pending, FlowStatus.Completed)); // checkpoint mode commits only the end
            Assert.False(RunStatusRules.CanMove(FlowStatus.Running, FlowStatus.Pending));
            Assert.False(RunStatusRules.CanMove(FlowStatus.Running, FlowStatus.Running));
            Assert.False(RunStatusRules.CanMove(FlowStatus.Paused, FlowStatus.Completed));
            Assert.All([FlowStatus.Completed, FlowStatus.Failed, FlowStatus.Cancelled], s => Assert.True(RunStatusRules.IsFinal(s)));
        }

        [Fact]
        public async Task A_final_status_is_final_and_says_so()
        {
            var runId = await StartAsync();
            await Journal.SetStatusAsync(runId, FlowStatus.Running);
            await Journal.SetStatusAsync(runId, FlowStatus.Completed);

            var error = await Assert.ThrowsAsync<RunTransitionException>(() => Journal.SetStatusAsync(runId, FlowStatus.Running));

            Assert.Equal($"Run {runId:N} cannot move from Completed to Running: Completed is final.", error.Message);
        }

        [Fact]
        public async Task A_running_run_suspends_only_with_its_snapshot()
        {
            var runId = await StartAsync();
            await Journal.SetStatusAsync(runId, FlowStatus.Running);

            var error = await Assert.ThrowsAsync<RunTransitionException>(() => Journal.SetStatusAsync(runId, FlowStatus.Waiting));

            Assert.Contains("SaveSuspendedAsync", error.Message);
        }

        [Fact]
        public async Task A_waiting_run_that_is_paused_goes_back_to_waiting_not_running()
        {
            var runId = await StartAsync();
            await Journal.SaveSuspendedAsync(Snapshot(runId, Wait.Until(Clock.GetUtcNow().AddMinutes(1))));
            await Journal.SetStatusAsync(runId, FlowStatus.Paused);

            var error = await Assert.ThrowsAsync<RunTransitionException>(() => Journal.SetStatusAsync(runId, FlowStatus.Running));
            Assert.Contains("paused while Waiting", error.Message);
            Assert.Empty(await Journal.GetDueTimersAsync(Clock.GetUtcNow().AddHours(1), 10)); // a paused run's timer does not fire

            await Journal.SetStatusAsync(runId, FlowStatus.Waiting);
            Assert.Single(await Journal.GetDueTimersAsync(Clock.GetUtcNow().AddHours(1), 10));
        }

        [Fact]
        public async Task An_ended_run_keeps_its_outcome_and_drops_its_snapshot()
        {
            var failed = await StartAsync();
            await Journal.SaveSuspendedAsync(Snapshot(failed, Wait.ForEvent("paid")));
            Clock.Advance(TimeSpan.FromSeconds(3));
            await Journal.SetStatusAsync(failed, FlowStatus.Failed, new RunOutcome(Error: new RunError("charge", "card declined", "PaymentException")));
            var completed = await StartAsync();
            await Journal.SetStatusAsync(completed, FlowStatus.Completed, new RunOutcome(Output: [1, 2, 3], Message: "done"));

            var dead = (await Journal.GetRunAsync(failed))!.Run;
            Assert.Equal(new RunError("charge", "card declined", "PaymentException"), dead.Error);
            Assert.Equal(Clock.GetUtcNow(), dead.EndedAt);
            Assert.Null(await Journal.GetSnapshotAsync(failed));
            Assert.Empty(await Journal.GetEventWaitersAsync("paid", 10));
            var done = (await Journal.GetRunAsync(completed))!;
            Assert.Equal(new byte[] { 1, 2, 3 }, done.Output);
            Assert.Equal("done", done.Run.Message);
            Assert.Null(done.Run.Error);
        }

        [Fact]
        public async Task An_outcome_for_a_run_that_does_not_end_is_a_mistake()
        {
            var runId = await StartAsync();

            await Assert.ThrowsAsync<ArgumentException>(() => Journal.SetStatusAsync(runId, FlowStatus.Running, new RunOutcome(Message: "x")));
        }

        [Fact]
        public async Task A_run_that_does_not_exist_is_reported()
        {
            var missing = Guid.NewGuid();

            var error = await Assert.ThrowsAsync<JournalException>(() => Journal.SetStatusAsync(missing, FlowStatus.Running));

            Assert.Equal($"Run {missing:N} does not exist in the journal.", error.Message);
        }

        [Fact]
        public async Task A_snapshot_of_another_flow_version_is_refused()
        {
            var runId = await StartAsync();
            var v2 = new FlowSnapshot(Flow, 2, runId, "4bf92f3577b34da6a3ce929d0e0e4736", "wait", Wait.ForEvent("paid"), [1]);

            var error = await Assert.ThrowsAsync<JournalException>(() => Journal.SaveSuspendedAsync(v2));

            Assert.Contains("pinned to flow 'orders' v1", error.Message);
            Assert.Equal(FlowStatus.Pending, await StatusAsync(runId));
        }

        /// <summary>Waiting is reached by saving a snapshot (except from Paused); everything else by a status change.</summary>
        private async Task MoveAsync(Guid runId, FlowStatus to)
        {
            if (to == FlowStatus.Waiting && await StatusAsync(runId) != FlowStatus.Paused)
            {
                await Journal.SaveSuspendedAsync(Snapshot(runId, Wait.Until(Clock.GetUtcNow().AddMinutes(5))));
            }
            else
            {
                await Journal.SetStatusAsync(runId, to);
            }
        }
    }
}
