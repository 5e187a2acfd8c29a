using System;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Host
{
    /// <summary>
    /// The wake-ups behind <c>WaitForStatusAsync</c> and a lifecycle's wait: a local leg's end, the shared tick, the
    /// caller's token; several callers on one run; and a pooled wake used again hears nothing meant for its last use.
    /// </summary>
    public sealed class RunWakeupsTests
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

        [Fact]
        public async Task A_leg_end_wakes_the_callers_of_its_run_with_the_status_it_committed_and_no_other()
        {
            using var wakeups = new RunWakeups();
            var (runA, runB) = (Guid.NewGuid(), Guid.NewGuid());
            using var first = wakeups.Rent(runA, CancellationToken.None);
            using var second = wakeups.Rent(runA, CancellationToken.None);
            using var other = wakeups.Rent(runB, CancellationToken.None);
            first.Arm();
            second.Arm();
            other.Arm();
            var (a1, a2, b) = (first.WaitAsync().AsTask(), second.WaitAsync().AsTask(), other.WaitAsync().AsTask());

            wakeups.LegEnded(runA, FlowStatus.Completed);

            Assert.Equal(FlowStatus.Completed, await a1.WaitAsync(Patience));
            Assert.Equal(FlowStatus.Completed, await a2.WaitAsync(Patience));
            Assert.False(b.IsCompleted);
            wakeups.LegEnded(runB, null);
            Assert.Null(await b.WaitAsync(Patience));
        }

        [Fact]
        public async Task A_leg_that_ends_between_the_arm_and_the_wait_is_not_missed()
        {
            using var wakeups = new RunWakeups();
            var runId = Guid.NewGuid();
            using var wake = wakeups.Rent(runId, CancellationToken.None);

            wake.Arm();
            wakeups.LegEnded(runId, FlowStatus.Failed); // before the caller awaits

            Assert.Equal(FlowStatus.Failed, await wake.WaitAsync().AsTask().WaitAsync(Patience));
        }

        [Fact]
        public async Task The_tick_wakes_every_caller_to_look_again()
        {
            using var wakeups = new RunWakeups();
            using var one = wakeups.Rent(Guid.NewGuid(), CancellationToken.None);
            using var two = wakeups.Rent(Guid.NewGuid(), CancellationToken.None);
            one.Arm();
            two.Arm();
            var (a, b) = (one.WaitAsync().AsTask(), two.WaitAsync().AsTask());

            wakeups.Tick();

            Assert.Null(await a.WaitAsync(Patience));
            Assert.Null(await b.WaitAsync(Patience));
        }

        [Fact]
        public async Task The_shared_timer_wakes_a_caller_nobody_else_wakes()
        {
            using var wakeups = new RunWakeups();
            using var wake = wakeups.Rent(Guid.NewGuid(), CancellationToken.None);
            wake.Arm();

            Assert.Null(await wake.WaitAsync().AsTask().WaitAsync(Patience)); // within a few ticks of 250 ms
        }

        [Fact]
        public async Task A_caller_that_gives_up_gets_its_cancellation_and_the_others_keep_waiting()
        {
            using var wakeups = new RunWakeups();
            var runId = Guid.NewGuid();
            using var cancel = new CancellationTokenSource();
            using var leaving = wakeups.Rent(runId, cancel.Token);
            using var staying = wakeups.Rent(runId, CancellationToken.None);
            leaving.Arm();
            staying.Arm();
            var (left, stays) = (leaving.WaitAsync().AsTask(), staying.WaitAsync().AsTask());

            cancel.Cancel();

            var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => left.WaitAsync(Patience));
            Assert.Equal(cancel.Token, error.CancellationToken);
            Assert.False(stays.IsCompleted);
            wakeups.LegEnded(runId, FlowStatus.Completed);
            Assert.Equal(FlowStatus.Completed, await stays.WaitAsync(Patience));
        }

        [Fact]
        public async Task A_token_cancelled_before_the_arm_ends_the_wait_at_once()
        {
            using var wakeups = new RunWakeups();
            using var wake = wakeups.Rent(Guid.NewGuid(), new CancellationToken(canceled: true));

            wake.Arm();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wake.WaitAsync().AsTask().WaitAsync(Patience));
        }

        [Fact]
        public async Task A_wake_armed_again_without_waiting_and_used_again_after_its_return_hears_only_its_own_run()
        {
            using var wakeups = new RunWakeups();
            var (old, next) = (Guid.NewGuid(), Guid.NewGuid());
            var wake = wakeups.Rent(old, CancellationToken.None);
            wake.Arm();
            wakeups.LegEnded(old, FlowStatus.Completed); // woken, never awaited: the next arm reads it away
            wake.Arm();
            wake.Dispose(); // disarmed and back in the pool

            using var reused = wakeups.Rent(next, CancellationToken.None);
            reused.Arm();
            var waiting = reused.WaitAsync().AsTask();
            wakeups.LegEnded(old, FlowStatus.Failed);
            Assert.False(waiting.IsCompleted);

            wakeups.LegEnded(next, FlowStatus.Cancelled);
            Assert.Equal(FlowStatus.Cancelled, await waiting.WaitAsync(Patience));
        }

        [Fact]
        public async Task A_host_that_stops_wakes_its_callers_and_any_later_arm()
        {
            var wakeups = new RunWakeups();
            using var wake = wakeups.Rent(Guid.NewGuid(), CancellationToken.None);
            wake.Arm();
            var waiting = wake.WaitAsync().AsTask();

            wakeups.Dispose();

            Assert.Null(await waiting.WaitAsync(Patience));
            wake.Arm();
            Assert.Null(await wake.WaitAsync().AsTask().WaitAsync(Patience));
        }
    }
}
