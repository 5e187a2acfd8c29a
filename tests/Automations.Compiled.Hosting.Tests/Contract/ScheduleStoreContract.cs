using System;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Contract
{
    /// <summary>The journal keeps each scheduled flow's next occurrence and advances it by compare-and-swap.</summary>
    public abstract class ScheduleStoreContract<TBackend> : JournalTest<TBackend>
        where TBackend : IJournalBackend, new()
    {
        private static readonly DateTimeOffset Nine = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

        [Fact]
        public async Task A_schedule_is_created_once_and_advanced_only_from_the_state_a_host_read()
        {
            var first = new ScheduleState("nightly", "0 9 * * *", "UTC", Nine, null);
            Assert.True(await Journal.AdvanceScheduleAsync(null, first));
            Assert.False(await Journal.AdvanceScheduleAsync(null, first with { NextAt = Nine.AddHours(1) })); // another host created it first

            var next = first with { NextAt = Nine.AddDays(1), LastAt = Nine };
            Assert.True(await Journal.AdvanceScheduleAsync(first, next));
            Assert.False(await Journal.AdvanceScheduleAsync(first, next with { NextAt = Nine.AddDays(2) })); // stale: fired already

            var stored = Assert.Single(await Journal.ListSchedulesAsync());
            Assert.Equal(next, stored);
            await ReopenAsync();
            Assert.Equal(next, Assert.Single(await Journal.ListSchedulesAsync()));
        }

        [Fact]
        public async Task A_schedule_whose_expression_ends_keeps_no_next_occurrence()
        {
            var state = new ScheduleState("once", "0 9 1 1 *", "Europe/Paris", Nine, null);
            await Journal.AdvanceScheduleAsync(null, state);
            var done = state with { NextAt = null, LastAt = Nine };

            Assert.True(await Journal.AdvanceScheduleAsync(state, done));
            Assert.Null((await Journal.ListSchedulesAsync()).Single().NextAt);
            Assert.True(await Journal.AdvanceScheduleAsync(done, done with { NextAt = Nine.AddYears(1) }));
        }
    }
}
